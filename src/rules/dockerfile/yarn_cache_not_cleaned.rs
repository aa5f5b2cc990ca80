//! # yarn-cache-not-cleaned (DF160)
//!
//! ## What it does
//! Flags a RUN that installs with `yarn` but does not run `yarn cache clean`
//! after it in the same RUN. A BuildKit cache mount on the package cache
//! (`--mount=type=cache,target=/usr/local/share/.cache/yarn`) satisfies the
//! rule.
//!
//! ## Why is this bad?
//! The package manager's cache stays in the layer: tens to hundreds of MB
//! shipped in every image that nobody uses. Cleaning in a later RUN does not
//! help, the earlier layer keeps the files.
//!
//! ## Example
//! ```dockerfile
//! RUN yarn install -y httpd-2.4.57
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN yarn install -y httpd-2.4.57 && yarn cache clean
//! ```
//!
//! ## Fix safety
//! Safe: `yarn cache clean` is appended at the end of the RUN, after every
//! command that could still need the cache. No fix when the RUN ends in a
//! background `&` or does not parse.
//!
//! Same check as hadolint's `DL3060`.

use super::packages::{flag_uncleaned_cache, has_sub, CacheRule};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF160",
        name: "yarn-cache-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3060"],
        summary: "`yarn install` without `yarn cache clean` afterwards",
        source: include_str!("yarn_cache_not_cleaned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn is_clean(cmd: &Command) -> bool {
    has_sub(cmd, &["yarn"], &["cache"]) && cmd.has_arg(|a| a == "clean")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    const CACHE: CacheRule = CacheRule {
        programs: &["yarn"],
        installs: &["install"],
        cache_dirs: &[
            "/usr/local/share/.cache/yarn",
            "/root/.cache/yarn",
            "/root/.yarn",
        ],
        is_clean,
        advice: "yarn cache clean",
        clean: "yarn cache clean",
    };
    flag_uncleaned_cache(ctx, &RULE.meta, &CACHE, out);
}
