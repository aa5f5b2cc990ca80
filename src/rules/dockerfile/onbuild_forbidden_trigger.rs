//! # onbuild-forbidden-trigger (DF143)
//!
//! ## What it does
//! Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
//!
//! ## Why is this bad?
//! The builder rejects these triggers when a child image builds FROM this
//! one: the error shows up far away, in somebody else's build.
//!
//! ## Example
//! ```dockerfile
//! ONBUILD FROM alpine:3.20
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ONBUILD RUN echo child build
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL3043`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF143",
        name: "onbuild-forbidden-trigger",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3043"],
        summary: "`ONBUILD` with `ONBUILD`, `FROM` or `MAINTAINER`",
        source: include_str!("onbuild_forbidden_trigger.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let Some(inner) = &ins.onbuild else { continue };
        if matches!(inner.keyword.as_str(), "ONBUILD" | "FROM" | "MAINTAINER") {
            out.push(Diagnostic::new(
                &RULE.meta,
                inner.keyword_range.clone(),
                format!(
                    "`ONBUILD {}` is not allowed: the child build fails",
                    inner.keyword
                ),
            ));
        }
    }
}
