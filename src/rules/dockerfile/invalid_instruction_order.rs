//! # invalid-instruction-order (DF161)
//!
//! ## What it does
//! Flags any instruction other than `ARG` before the first `FROM`.
//!
//! ## Why is this bad?
//! Only `ARG` may come before `FROM`; the builder rejects anything else
//! ("no build stage in current context").
//!
//! ## Example
//! ```dockerfile
//! LABEL team=web
//! FROM nginx:1.27
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM nginx:1.27
//! LABEL team=web
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL3061`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF161",
        name: "invalid-instruction-order",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3061"],
        summary: "Instruction before the first `FROM`",
        source: include_str!("invalid_instruction_order.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword == "FROM" {
            return;
        }
        if ins.keyword != "ARG" {
            out.push(Diagnostic::new(
                &RULE.meta,
                ins.keyword_range.clone(),
                format!(
                    "`{}` before the first `FROM`: only `ARG` may come first",
                    ins.keyword
                ),
            ));
        }
    }
}
