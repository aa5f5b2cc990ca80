//! # duplicate-stage-name (DF124)
//!
//! ## What it does
//! Flags a `FROM … AS <name>` whose name an earlier stage already uses
//! (names compare case-insensitively, as BuildKit does).
//!
//! ## Why is this bad?
//! BuildKit refuses the file; older builders silently let `--from=<name>`
//! refer to the last one.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.22 AS build
//! FROM node:20 AS build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.22 AS build-go
//! FROM node:20 AS build-web
//! ```
//!
//! ## Fix safety
//! No automatic fix: renaming also means renaming every reference.
//!
//! Same check as hadolint's `DL3024` and BuildKit's `DuplicateStageName`.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF124",
        name: "duplicate-stage-name",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3024", "buildkit/DuplicateStageName"],
        summary: "Two stages with the same name",
        source: include_str!("duplicate_stage_name.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<String> = Vec::new();
    for stage in ctx.stages() {
        let Some(name) = &stage.name else { continue };
        if seen.contains(name) {
            let ins = &ctx.instructions()[stage.from];
            let range = words(ctx.text, ins.args_range.clone())
                .into_iter()
                .rev()
                .find(|(w, _)| w.eq_ignore_ascii_case(name))
                .map(|(_, r)| r)
                .unwrap_or(ins.args_range.clone());
            out.push(Diagnostic::new(
                &RULE.meta,
                range,
                format!("stage name `{name}` is already used by an earlier stage"),
            ));
        } else {
            seen.push(name.clone());
        }
    }
}
