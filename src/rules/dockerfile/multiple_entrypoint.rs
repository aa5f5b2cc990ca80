//! # multiple-entrypoint (DF174)
//!
//! ## What it does
//! Flags every `ENTRYPOINT` after the first in a build stage; only the last one
//! takes effect.
//!
//! ## Why is this bad?
//! Only the last `ENTRYPOINT` of a stage counts: the earlier ones mislead
//! readers about what the container runs.
//!
//! ## Example
//! ```dockerfile
//! ENTRYPOINT ["a"]
//! ENTRYPOINT ["b"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ENTRYPOINT ["b"]
//! ```
//!
//! ## Fix safety
//! Safe: the fix deletes the earlier `ENTRYPOINT` instruction, which has no
//! effect
//! on the image.
//!
//! Same check as hadolint's `DL4004` and BuildKit's
//! `MultipleInstructionsDisallowed`.

use super::packages::flag_repeated_instruction;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF174",
        name: "multiple-entrypoint",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL4004", "buildkit/MultipleInstructionsDisallowed"],
        summary: "More than one `ENTRYPOINT` in a stage",
        source: include_str!("multiple_entrypoint.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_repeated_instruction(ctx, &RULE.meta, "ENTRYPOINT", out);
}
