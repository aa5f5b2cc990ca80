//! # dnf-cache-not-cleaned (DF140)
//!
//! ## What it does
//! Flags a RUN that installs (or upgrades) with `dnf` but does not run `dnf
//! clean all`
//! after it in the same RUN. A BuildKit cache mount on the package cache
//! (`--mount=type=cache,target=/var/cache/dnf`) satisfies the rule.
//!
//! ## Why is this bad?
//! The package manager's cache stays in the layer: tens to hundreds of MB
//! shipped in every image that nobody uses. Cleaning in a later RUN does not
//! help, the earlier layer keeps the files.
//!
//! ## Example
//! ```dockerfile
//! RUN dnf install -y httpd-2.4.57
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN dnf install -y httpd-2.4.57 && dnf clean all
//! ```
//!
//! ## Fix safety
//! Safe: `dnf clean all` is appended at the end of the RUN, after every command
//! that could still need the cache. No fix when the RUN ends in a background
//! `&` or does not parse.
//!
//! Same check as hadolint's `DL3040`.

use super::packages::{flag_uncleaned_cache, has_sub, is, CacheRule};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF140",
        name: "dnf-cache-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3040"],
        summary: "`dnf install` without `dnf clean all` afterwards",
        source: include_str!("dnf_cache_not_cleaned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn is_clean(cmd: &Command) -> bool {
    has_sub(cmd, &["dnf", "microdnf"], &["clean"]) && cmd.has_arg(|a| a == "all")
        || (is(cmd, &["rm"])
            && cmd.has_arg(|a| a.starts_with("/var/cache/yum") || a.starts_with("/var/cache/dnf")))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    const CACHE: CacheRule = CacheRule {
        programs: &["dnf", "microdnf"],
        installs: &["install", "upgrade"],
        cache_dirs: &["/var/cache/dnf", "/var/cache/yum"],
        is_clean,
        advice: "dnf clean all",
        clean: "{prog} clean all",
    };
    flag_uncleaned_cache(ctx, &RULE.meta, &CACHE, out);
}
