//! # go-version-not-pinned (DF162)
//!
//! ## What it does
//! Flags `go install` / `go get` / `go run` of a module path without
//! `@version` (or with `@latest`). Local paths and `.go` files are not flagged.
//!
//! ## Why is this bad?
//! `go install example.com/tool` resolves to whatever is latest when the
//! image builds (or fails outside a module): rebuilds drift.
//!
//! ## Example
//! ```dockerfile
//! RUN go install golang.org/x/tools/gopls
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN go install golang.org/x/tools/gopls@v0.15.3
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3062`.

use super::packages::{has_sub, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF162",
        name: "go-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3062"],
        summary: "`go install` without a version",
        source: include_str!("go_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        for sub in ["install", "get", "run"] {
            if !has_sub(cmd, &["go"], &[sub]) {
                continue;
            }
            let loose: Vec<_> = packages_after(cmd, sub, &["o", "ldflags", "tags", "gcflags"])
                .into_iter()
                .filter(|w| {
                    let p = val(w);
                    let local = p.starts_with('.') || p.starts_with('/') || p.ends_with(".go");
                    !local && p.rsplit_once('@').is_none_or(|(_, v)| v == "latest")
                })
                .collect();
            out.extend(unpinned(
                &RULE.meta,
                &loose,
                "go install <module>@<version>",
            ));
            break;
        }
    }
}
