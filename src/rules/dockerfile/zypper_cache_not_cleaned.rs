//! # zypper-cache-not-cleaned (DF136)
//!
//! ## What it does
//! Flags a RUN that installs with `zypper` but does not run `zypper clean`
//! after it in the same RUN. A BuildKit cache mount on the package cache
//! (`--mount=type=cache,target=/var/cache/zypp`) satisfies the rule.
//!
//! ## Why is this bad?
//! The package manager's cache stays in the layer: tens to hundreds of MB
//! shipped in every image that nobody uses. Cleaning in a later RUN does not
//! help, the earlier layer keeps the files.
//!
//! ## Example
//! ```dockerfile
//! RUN zypper install -y httpd-2.4.57
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN zypper install -y httpd-2.4.57 && zypper clean
//! ```
//!
//! ## Fix safety
//! Safe: `zypper clean` is appended at the end of the RUN, after every command
//! that could still need the cache. No fix when the RUN ends in a background
//! `&` or does not parse.
//!
//! Same check as hadolint's `DL3036`.

use super::packages::{flag_uncleaned_cache, has_sub, is, CacheRule};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF136",
        name: "zypper-cache-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3036"],
        summary: "`zypper install` without `zypper clean` afterwards",
        source: include_str!("zypper_cache_not_cleaned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn is_clean(cmd: &Command) -> bool {
    has_sub(cmd, &["zypper"], &["clean", "cc"])
        || (is(cmd, &["rm"]) && cmd.has_arg(|a| a.starts_with("/var/cache/zypp")))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    const CACHE: CacheRule = CacheRule {
        programs: &["zypper"],
        installs: &["install", "in"],
        cache_dirs: &["/var/cache/zypp"],
        is_clean,
        advice: "zypper clean",
        clean: "zypper clean",
    };
    flag_uncleaned_cache(ctx, &RULE.meta, &CACHE, out);
}
