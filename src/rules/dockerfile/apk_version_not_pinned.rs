//! # apk-version-not-pinned (DF118)
//!
//! ## What it does
//! Flags `apk add` packages given without a version (`pkg=version` or
//! `pkg~version`). Local `.apk` files are not flagged.
//!
//! ## Why is this bad?
//! An unpinned `apk add` installs whatever the Alpine mirror has today, so
//! rebuilds of the same commit drift and can break without any change.
//!
//! ## Example
//! ```dockerfile
//! RUN apk add --no-cache curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apk add --no-cache curl=8.5.0-r0
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3018`.

use super::packages::{has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF118",
        name: "apk-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3018"],
        summary: "`apk add` without pinned versions",
        source: include_str!("apk_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn pinned(p: &str) -> bool {
    p.contains('=') || p.contains('~') || p.ends_with(".apk")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !has_sub(cmd, &["apk"], &["add"]) {
            continue;
        }
        let loose: Vec<_> = packages_after(cmd, "add", &["t", "virtual", "repository", "X"])
            .into_iter()
            .filter(|w| !pinned(val(w)))
            .collect();
        out.extend(unpinned(&RULE.meta, &loose, "apk add <package>=<version>"));
    }
}
