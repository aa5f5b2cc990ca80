//! # redundant-target-platform (DF165)
//!
//! ## What it does
//! Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
//!
//! ## Why is this bad?
//! A stage already builds for the target platform: the flag adds noise and
//! suggests to readers that something special happens.
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=$TARGETPLATFORM alpine:3.20
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! ```
//!
//! ## Fix safety
//! Safe: the target platform is the default, so removing the flag changes
//! nothing.
//!
//! Same check as hadolint's `DL3065` and BuildKit's `RedundantTargetPlatform`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF165",
        name: "redundant-target-platform",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3065", "buildkit/RedundantTargetPlatform"],
        summary: "`FROM --platform=$TARGETPLATFORM` is redundant",
        source: include_str!("redundant_target_platform.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "FROM" {
            continue;
        }
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        let v = flag.value.as_deref().unwrap_or("").trim_matches('"');
        if v != "$TARGETPLATFORM" && v != "${TARGETPLATFORM}" {
            continue;
        }
        let b = ctx.text.as_bytes();
        let mut end = flag.range.end;
        while end < b.len() && (b[end] == b' ' || b[end] == b'\t') {
            end += 1;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                flag.range.clone(),
                "`--platform=$TARGETPLATFORM` is the default: the flag is redundant",
            )
            .with_fix(Fix::safe(
                "Remove the redundant `--platform`",
                vec![Edit::delete(flag.range.start..end)],
            )),
        );
    }
}
