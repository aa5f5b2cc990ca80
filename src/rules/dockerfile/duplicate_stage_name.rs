//! # duplicate-stage-name (DF203)
//!
//! ## What it does
//! Flags a stage whose name (case-insensitive) an earlier stage already
//! uses.
//!
//! ## Why is this bad?
//! `COPY --from=name` and `--target name` can reach only one of them, and
//! a reader cannot tell which; BuildKit reports it among its build checks.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.22 AS build
//! FROM node:20 AS build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.22 AS build-api
//! FROM node:20 AS build-web
//! ```
//!
//! ## Fix safety
//! No fix: which stage to rename, and how the references should follow, is
//! the author's decision.

use super::util::from_as;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF203",
        name: "duplicate-stage-name",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["buildkit/DuplicateStageName"],
        summary: "Two stages with the same name",
        source: include_str!("duplicate_stage_name.rs"),
    },
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<String> = Vec::new();
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "FROM") {
        let Some((_, (name, range))) = from_as(ctx, ins) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if seen.contains(&lower) {
            out.push(Diagnostic::new(
                &RULE.meta,
                range,
                format!("duplicate stage name `{name}`: stage names must be unique"),
            ));
        } else {
            seen.push(lower);
        }
    }
}
