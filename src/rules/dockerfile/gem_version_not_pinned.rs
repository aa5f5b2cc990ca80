//! # gem-version-not-pinned (DF128)
//!
//! ## What it does
//! Flags `gem install <gem>` without a version (`gem:version`, or `-v` /
//! `--version`).
//!
//! ## Why is this bad?
//! An unpinned gem installs the newest release at build time, so rebuilds
//! of the same commit drift.
//!
//! ## Example
//! ```dockerfile
//! RUN gem install bundler
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN gem install bundler:2.5.10
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3028`.

use super::packages::{has_flag, has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF128",
        name: "gem-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3028"],
        summary: "`gem install` without versions",
        source: include_str!("gem_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !has_sub(cmd, &["gem"], &["install", "i"]) || has_flag(cmd, &["v", "version"]) {
            continue;
        }
        let sub = if cmd.has_arg(|a| a == "install") {
            "install"
        } else {
            "i"
        };
        let loose: Vec<_> = packages_after(
            cmd,
            sub,
            &["i", "install-dir", "n", "bindir", "s", "source", "platform"],
        )
        .into_iter()
        .filter(|w| !val(w).contains(':'))
        .collect();
        out.extend(unpinned(&RULE.meta, &loose, "gem install <gem>:<version>"));
    }
}
