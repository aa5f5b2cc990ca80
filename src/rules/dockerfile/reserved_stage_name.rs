//! # reserved-stage-name (DF204)
//!
//! ## What it does
//! Flags a stage named `scratch` or `context` (any casing).
//!
//! ## Why is this bad?
//! `scratch` is the empty base image and `context` names the build context
//! in `COPY --from` and named contexts: a stage with either name cannot be
//! referred to as a stage.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20 AS scratch
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20 AS base
//! ```
//!
//! ## Fix safety
//! No fix: the new name is the author's choice.

use super::util::from_as;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF204",
        name: "reserved-stage-name",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["buildkit/ReservedStageName"],
        summary: "Stage named `scratch` or `context`",
        source: include_str!("reserved_stage_name.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "FROM") {
        let Some((_, (name, range))) = from_as(ctx, ins) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if lower == "scratch" || lower == "context" {
            out.push(Diagnostic::new(
                &RULE.meta,
                range,
                format!("`{name}` is reserved and cannot be used as a stage name"),
            ));
        }
    }
}
