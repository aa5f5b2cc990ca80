//! # multiple-healthchecks (DF112)
//!
//! ## What it does
//! Flags every `HEALTHCHECK` after the first in a build stage; only the last
//! one
//! takes effect.
//!
//! ## Why is this bad?
//! Only the last `HEALTHCHECK` of a stage counts: the earlier ones are dead
//! code that readers take for the real check.
//!
//! ## Example
//! ```dockerfile
//! HEALTHCHECK ["a"]
//! HEALTHCHECK ["b"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! HEALTHCHECK ["b"]
//! ```
//!
//! ## Fix safety
//! Safe: the fix deletes the earlier `HEALTHCHECK` instruction, which has no
//! effect
//! on the image.
//!
//! Same check as hadolint's `DL3012`.

use super::packages::flag_repeated_instruction;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF112",
        name: "multiple-healthchecks",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3012"],
        summary: "More than one `HEALTHCHECK` in a stage",
        source: include_str!("multiple_healthchecks.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_repeated_instruction(ctx, &RULE.meta, "HEALTHCHECK", out);
}
