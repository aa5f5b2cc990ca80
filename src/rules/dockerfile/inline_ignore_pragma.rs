//! # inline-ignore-pragma (DF180)
//!
//! ## What it does
//! Flags inline ignore pragmas (`# hadolint ignore=…`, `# dfix: ignore[…]`).
//! Opt-in, as in hadolint: select it explicitly where a policy requires that
//! exceptions live in the configuration file.
//!
//! ## Why is this bad?
//! Inline ignores scatter policy exceptions over many files where nobody
//! reviews them.
//!
//! ## Example
//! ```dockerfile
//! # hadolint ignore=DL3008
//! RUN apt-get install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get install -y curl=7.88.1-10+deb12u5
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL1001`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF180",
        name: "inline-ignore-pragma",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL1001"],
        summary: "Inline `# hadolint ignore=` / `# dfix: ignore` pragma",
        source: include_str!("inline_ignore_pragma.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for c in &ctx.df.comments {
        let t = c.text.trim();
        let pragma = t
            .strip_prefix("hadolint")
            .is_some_and(|r| r.trim_start().starts_with("ignore="))
            || t.strip_prefix("dfix:")
                .is_some_and(|r| r.trim_start().starts_with("ignore"));
        if pragma {
            out.push(Diagnostic::new(
                &RULE.meta,
                c.range.clone(),
                "inline ignore pragma: keep exceptions in the configuration file",
            ));
        }
    }
}
