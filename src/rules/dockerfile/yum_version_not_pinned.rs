//! # yum-version-not-pinned (DF133)
//!
//! ## What it does
//! Flags `yum install` packages without a version (`<package>-<version>`)
//! and `yum module install` modules without a stream (`<module>:<stream>`).
//!
//! ## Why is this bad?
//! Unpinned packages install whatever the repository has at build time, so
//! rebuilds of the same commit drift.
//!
//! ## Example
//! ```dockerfile
//! RUN yum install -y httpd && yum clean all
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN yum install -y httpd-2.4.57 && yum clean all
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3033`.

use super::packages::{has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF133",
        name: "yum-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3033"],
        summary: "`yum install` without versions",
        source: include_str!("yum_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn pinned(p: &str) -> bool {
    p.contains('-') || p.ends_with(".rpm")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !has_sub(cmd, &["yum"], &["install"])
            || has_sub(cmd, &["yum"], &["group", "groupinstall"])
        {
            continue;
        }
        let module = has_sub(cmd, &["yum"], &["module"]);
        let loose: Vec<_> = packages_after(cmd, "install", &[])
            .into_iter()
            .filter(|w| val(w) != "module")
            .filter(|w| {
                if module {
                    !val(w).contains(':')
                } else {
                    !pinned(val(w))
                }
            })
            .collect();
        out.extend(unpinned(
            &RULE.meta,
            &loose,
            "yum install <package>-<version>",
        ));
    }
}
