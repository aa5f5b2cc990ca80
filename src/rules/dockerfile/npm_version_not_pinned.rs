//! # npm-version-not-pinned (DF116)
//!
//! ## What it does
//! Flags `npm install <package>` without `@version` (or a git URL without
//! `#ref`). `npm install` without packages (install from `package.json`),
//! tarballs and folders are not flagged.
//!
//! ## Why is this bad?
//! `npm install -g typescript` installs whatever is newest at build time:
//! two builds of the same commit can produce different images.
//!
//! ## Example
//! ```dockerfile
//! RUN npm install -g typescript
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN npm install -g typescript@5.4.5
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3016`.

use super::packages::{is, non_flag_args, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF116",
        name: "npm-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3016"],
        summary: "`npm install` of packages without versions",
        source: include_str!("npm_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn pinned(p: &str) -> bool {
    if ["git://", "git+ssh://", "git+http://", "git+https://"]
        .iter()
        .any(|g| p.starts_with(g))
    {
        return p.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| p.ends_with(s))
        || ["/", "./", "../", "~/"].iter().any(|s| p.starts_with(s))
    {
        return true;
    }
    let unscoped = match p.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map(|(_, n)| n).unwrap_or(rest),
        None => p,
    };
    unscoped.contains('@')
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !is(cmd, &["npm"]) {
            continue;
        }
        let args = non_flag_args(cmd, &[]);
        if args.first().map(|w| val(w)) != Some("install") {
            continue;
        }
        let loose: Vec<_> = packages_after(cmd, "install", &[])
            .into_iter()
            .filter(|w| !pinned(val(w)))
            .collect();
        out.extend(unpinned(
            &RULE.meta,
            &loose,
            "npm install <package>@<version>",
        ));
    }
}
