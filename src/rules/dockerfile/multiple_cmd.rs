//! # multiple-cmd (DF173)
//!
//! ## What it does
//! Flags every `CMD` after the first in a build stage; only the last one
//! takes effect.
//!
//! ## Why is this bad?
//! Only the last `CMD` of a stage counts: the earlier ones mislead readers
//! about what the container runs.
//!
//! ## Example
//! ```dockerfile
//! CMD ["a"]
//! CMD ["b"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["b"]
//! ```
//!
//! ## Fix safety
//! Safe: the fix deletes the earlier `CMD` instruction, which has no effect
//! on the image.
//!
//! Same check as hadolint's `DL4003` and BuildKit's
//! `MultipleInstructionsDisallowed`.

use super::packages::flag_repeated_instruction;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF173",
        name: "multiple-cmd",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL4003", "buildkit/MultipleInstructionsDisallowed"],
        summary: "More than one `CMD` in a stage",
        source: include_str!("multiple_cmd.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_repeated_instruction(ctx, &RULE.meta, "CMD", out);
}
