//! # redundant-target-platform (DF214)
//!
//! ## What it does
//! Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
//!
//! ## Why is this bad?
//! Every stage is built for the target platform unless told otherwise, so
//! the flag says nothing and suggests that the stage is special.
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
//! Safe: the stage's platform stays the target platform.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF214",
        name: "redundant-target-platform",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/RedundantTargetPlatform"],
        summary: "`FROM --platform=$TARGETPLATFORM` is the default",
        source: include_str!("redundant_target_platform.rs"),
    },
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "FROM") {
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        let value = flag
            .value
            .as_deref()
            .unwrap_or("")
            .trim_matches(|c| c == '"' || c == '\'');
        if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
            continue;
        }
        // Delete the flag and the blanks after it.
        let b = ctx.text.as_bytes();
        let mut end = flag.range.end;
        while end < b.len() && (b[end] == b' ' || b[end] == b'\t') {
            end += 1;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                flag.range.clone(),
                "`--platform=$TARGETPLATFORM` is the default for every stage",
            )
            .with_fix(Fix::safe(
                "Remove the `--platform` flag",
                vec![Edit::delete(flag.range.start..end)],
            )),
        );
    }
}
