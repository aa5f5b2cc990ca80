//! # missing-user (DF163)
//!
//! ## What it does
//! Flags a Dockerfile without any `USER` instruction (reported on the final
//! `FROM`). Opt-in, as in hadolint: select it explicitly. `root-user` (DF020)
//! is the default rule for images that run as root.
//!
//! ## Why is this bad?
//! Without `USER`, the image runs as whatever its base image chose — usually
//! root.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! USER 10001
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Fix safety
//! No automatic fix: see `root-user` (DF020), which creates the user.
//!
//! Same check as hadolint's `DL3063`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF163",
        name: "missing-user",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3063"],
        summary: "No `USER` instruction at all",
        source: include_str!("missing_user.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.instructions().iter().any(|i| i.keyword == "USER") {
        return;
    }
    let Some(last) = ctx.stages().last() else {
        return;
    };
    out.push(Diagnostic::new(
        &RULE.meta,
        ctx.instructions()[last.from].keyword_range.clone(),
        "no `USER` instruction: the image runs as its base image's user, usually root",
    ));
}
