//! # copy-entire-filesystem (DF167)
//!
//! ## What it does
//! Flags `COPY --from=… / /`: copying the whole filesystem of another stage
//! or image.
//!
//! ## Why is this bad?
//! The copy drags in the other stage's package database, caches and build
//! tools, overwrites the base's files, and defeats the point of a multi-stage
//! build.
//!
//! ## Example
//! ```dockerfile
//! COPY --from=build / /
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! COPY --from=build /out/app /usr/local/bin/app
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL3067`.

use super::packages::ins_args;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF167",
        name: "copy-entire-filesystem",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3067"],
        summary: "`COPY --from=<stage> / /`",
        source: include_str!("copy_entire_filesystem.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "COPY" || ins.flag("from").is_none() {
            continue;
        }
        let args = ins_args(ctx, idx);
        if args.len() >= 2
            && args.last().is_some_and(|(d, _)| d == "/")
            && args[..args.len() - 1].iter().any(|(s, _)| s == "/")
        {
            out.push(Diagnostic::new(
                &RULE.meta,
                ins.range.clone(),
                "copying the entire filesystem of another stage defeats the multi-stage build",
            ));
        }
    }
}
