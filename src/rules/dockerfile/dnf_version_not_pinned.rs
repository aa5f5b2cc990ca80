//! # dnf-version-not-pinned (DF141)
//!
//! ## What it does
//! Flags `dnf install` packages without a version (`<package>-<version>`)
//! and `dnf module install` modules without a stream (`<module>:<stream>`).
//!
//! ## Why is this bad?
//! Unpinned packages install whatever the repository has at build time, so
//! rebuilds of the same commit drift.
//!
//! ## Example
//! ```dockerfile
//! RUN dnf install -y httpd && dnf clean all
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN dnf install -y httpd-2.4.57 && dnf clean all
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3041`.

use super::packages::{has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF141",
        name: "dnf-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3041"],
        summary: "`dnf install` without versions",
        source: include_str!("dnf_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn pinned(p: &str) -> bool {
    if p.ends_with(".rpm") {
        return true;
    }
    let parts: Vec<&str> = p.split('-').collect();
    if parts.len() <= 1 {
        return false;
    }
    let rest = &parts[1..];
    rest.iter().all(|s| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '~' | '^' | '_' | ':' | '+'))
    }) && rest
        .iter()
        .any(|s| s.starts_with(|c: char| c.is_ascii_digit()))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !has_sub(cmd, &["dnf", "microdnf"], &["install"])
            || has_sub(cmd, &["dnf", "microdnf"], &["group", "groupinstall"])
        {
            continue;
        }
        let module = has_sub(cmd, &["dnf", "microdnf"], &["module"]);
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
            "dnf install <package>-<version>",
        ));
    }
}
