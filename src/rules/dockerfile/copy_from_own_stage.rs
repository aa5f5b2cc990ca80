//! # copy-from-own-stage (DF123)
//!
//! ## What it does
//! Flags `COPY --from=<name>` inside the stage called `<name>`.
//!
//! ## Why is this bad?
//! A stage cannot copy from itself: the build fails with a cycle error or,
//! for a name that is also an image, copies from that image instead.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20 AS web
//! COPY --from=web /app /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:20 AS deps
//! FROM node:20 AS web
//! COPY --from=deps /app /app
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL3023`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF123",
        name: "copy-from-own-stage",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3023"],
        summary: "`COPY --from` names its own stage",
        source: include_str!("copy_from_own_stage.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for stage in ctx.stages() {
        let Some(name) = &stage.name else { continue };
        for idx in stage.from..stage.end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword != "COPY" {
                continue;
            }
            let Some(flag) = ins.flag("from") else {
                continue;
            };
            if flag
                .value
                .as_deref()
                .is_some_and(|v| v.trim_matches('"').eq_ignore_ascii_case(name))
            {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    flag.range.clone(),
                    format!("`COPY --from={name}` inside stage `{name}` copies from itself"),
                ));
            }
        }
    }
}
