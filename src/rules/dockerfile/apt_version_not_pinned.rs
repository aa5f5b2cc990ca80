//! # apt-version-not-pinned (DF108)
//!
//! ## What it does
//! Flags `apt-get install` packages given without a version (`pkg=version`).
//! Packages given as a path, a `.deb` file or a `pkg/release` are pinned
//! enough and not flagged.
//!
//! ## Why is this bad?
//! An unpinned install picks whatever the mirror has on the day of the
//! build: two builds of the same commit can ship different libraries, and a
//! package update can break the image without any change to the Dockerfile.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update && apt-get install -y --no-install-recommends curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3008`.

use super::packages::{has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF108",
        name: "apt-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3008"],
        summary: "`apt-get install` without pinned versions",
        source: include_str!("apt_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn pinned(p: &str) -> bool {
    p.contains('=') || p.contains('/') || p.ends_with(".deb")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !has_sub(cmd, &["apt-get"], &["install"]) {
            continue;
        }
        let loose: Vec<_> = packages_after(cmd, "install", &["t", "target-release"])
            .into_iter()
            .filter(|w| !pinned(val(w)))
            .collect();
        out.extend(unpinned(
            &RULE.meta,
            &loose,
            "apt-get install <package>=<version>",
        ));
    }
}
