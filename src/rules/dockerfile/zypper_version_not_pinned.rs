//! # zypper-version-not-pinned (DF137)
//!
//! ## What it does
//! Flags `zypper install` packages without a version constraint
//! (`pkg=1.2`, `pkg>=1.2`, …) or `.rpm` file.
//!
//! ## Why is this bad?
//! Unpinned packages install whatever the repository has at build time, so
//! rebuilds of the same commit drift.
//!
//! ## Example
//! ```dockerfile
//! RUN zypper install -y httpd && zypper clean
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN zypper install -y httpd=2.4.58 && zypper clean
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3037`.

use super::packages::{has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF137",
        name: "zypper-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3037"],
        summary: "`zypper install` without versions",
        source: include_str!("zypper_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        let Some(sub) = ["install", "in"]
            .into_iter()
            .find(|s| has_sub(cmd, &["zypper"], &[s]))
        else {
            continue;
        };
        let loose: Vec<_> = packages_after(cmd, sub, &[])
            .into_iter()
            .filter(|w| {
                let p = val(w);
                !(p.contains('=') || p.contains('>') || p.contains('<') || p.ends_with(".rpm"))
            })
            .collect();
        out.extend(unpinned(
            &RULE.meta,
            &loose,
            "zypper install <package>=<version>",
        ));
    }
}
