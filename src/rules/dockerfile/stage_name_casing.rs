//! # stage-name-casing (DF202)
//!
//! ## What it does
//! Flags a stage name with upper-case letters (`FROM node:20 AS Builder`).
//!
//! ## Why is this bad?
//! BuildKit lower-cases stage names, so `Builder` and `builder` are the
//! same stage: writing them in upper case suggests a distinction that does
//! not exist, and `--target Builder` on the command line surprises.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20 AS Builder
//! FROM nginx:1.27
//! COPY --from=Builder /app/dist /usr/share/nginx/html
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:20 AS builder
//! FROM nginx:1.27
//! COPY --from=builder /app/dist /usr/share/nginx/html
//! ```
//!
//! ## Fix safety
//! Safe: the name and every reference to it (`FROM name`, `COPY --from=`,
//! `RUN --mount=from=`) are lower-cased; BuildKit resolves them the same.
//! Only `docker build --target` arguments outside the file may need the
//! new spelling, and BuildKit matches those case-insensitively too.

use super::util::{from_as, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF202",
        name: "stage-name-casing",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/StageNameCasing"],
        summary: "Stage name with upper-case letters",
        source: include_str!("stage_name_casing.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for stage in ctx.stages() {
        let ins = &ctx.instructions()[stage.from];
        let Some((_, (name, name_range))) = from_as(ctx, ins) else {
            continue;
        };
        if name == name.to_ascii_lowercase() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let mut edits = vec![Edit::replace(name_range.clone(), lower.clone())];
        edits.extend(references(ctx, name, &lower));
        out.push(
            Diagnostic::new(
                &RULE.meta,
                name_range,
                format!("stage name `{name}` should be lower case"),
            )
            .with_fix(Fix::safe(format!("Rename the stage to `{lower}`"), edits)),
        );
    }
}

/// Edits that lower-case references to stage `name` written exactly so.
fn references(ctx: &Context, name: &str, lower: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for ins in ctx.instructions() {
        if ins.keyword == "FROM" {
            if let Some((w, r)) = words(ctx.text, ins.args_range.clone()).first() {
                if *w == name {
                    edits.push(Edit::replace(r.clone(), lower));
                }
            }
        }
        for f in &ins.flags {
            let text = &ctx.text[f.range.clone()];
            let mut from = 0;
            while let Some(p) = text[from..].find(name) {
                let at = from + p;
                let end = at + name.len();
                let before = &text[..at];
                let delimited_after = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ',' || c == '"' || c.is_whitespace());
                if (before.ends_with("--from=") || before.ends_with(",from=")) && delimited_after {
                    let start = f.range.start + at;
                    edits.push(Edit::replace(start..start + name.len(), lower));
                }
                from = end;
            }
        }
    }
    edits
}
