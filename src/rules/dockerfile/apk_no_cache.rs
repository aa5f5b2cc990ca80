//! # apk-no-cache (DF014)
//!
//! ## What it does
//! Flags `apk add` without `--no-cache` (unless the RUN removes
//! `/var/cache/apk` itself or mounts a cache there).
//!
//! ## Why is this bad?
//! The package index and downloaded packages stay in the layer: megabytes
//! in every image, for nothing.
//!
//! ## Example
//! ```dockerfile
//! RUN apk add curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apk add --no-cache curl
//! ```
//!
//! ## Fix safety
//! Safe: `--no-cache` fetches a fresh index and keeps nothing; the packages
//! installed are the same.

use super::util::{has_cache_mount, insert_after, run_commands, subcommand};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF014",
        name: "apk-no-cache",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3019"],
        summary: "`apk add` without `--no-cache`",
        source: include_str!("apk_no_cache.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, cmd) in run_commands(ctx) {
        let Some(add) = subcommand(cmd, &["apk"], &["add"]) else {
            continue;
        };
        if cmd.has_arg(|a| a == "--no-cache") {
            continue;
        }
        if has_cache_mount(ctx, idx, &["/var/cache/apk", "/etc/apk/cache"]) {
            continue;
        }
        let cleaned = ctx.script(idx).is_some_and(|s| {
            s.commands
                .iter()
                .any(|c| c.program() == "rm" && c.has_arg(|a| a.starts_with("/var/cache/apk")))
        });
        if cleaned {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                "`apk add` without `--no-cache` leaves the package index in the layer",
            )
            .with_fix(Fix::safe(
                "Add `--no-cache`",
                vec![insert_after(add, "--no-cache")],
            )),
        );
    }
}
