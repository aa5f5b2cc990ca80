//! # copy-from-unknown-stage (DF122)
//!
//! ## What it does
//! Flags `COPY --from=<name>` where `<name>` is neither an earlier stage, a
//! stage index, nor an image reference with a tag (an untagged image is
//! reported too: it means `latest`). Values that are
//! build arguments (`--from=$BASE`) are not flagged: they are resolved at
//! build time.
//!
//! ## Why is this bad?
//! A typo in a stage name turns into a pull of an image with that name from
//! Docker Hub — at best a confusing error, at worst someone else's image.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.22 AS build
//! FROM alpine:3.20
//! COPY --from=biuld /out/app /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.22 AS build
//! FROM alpine:3.20
//! COPY --from=build /out/app /app
//! ```
//!
//! ## Fix safety
//! No automatic fix: the intended stage is unknown.
//!
//! Same check as hadolint's `DL3022`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF122",
        name: "copy-from-unknown-stage",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3022"],
        summary: "`COPY --from` names no earlier stage",
        source: include_str!("copy_from_unknown_stage.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<String> = Vec::new();
    let stages = ctx.stages();
    for (n, stage) in stages.iter().enumerate() {
        for idx in stage.from..stage.end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword != "COPY" {
                continue;
            }
            let Some(flag) = ins.flag("from") else {
                continue;
            };
            let Some(v) = flag.value.as_deref() else {
                continue;
            };
            let v = v.trim_matches('"');
            let lower = v.to_ascii_lowercase();
            let numeric = v.parse::<usize>().is_ok_and(|i| i < n);
            if v.contains('$') || v.contains(':') || numeric || seen.contains(&lower) {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE.meta,
                flag.range.clone(),
                format!("`--from={v}` names no earlier stage, so it pulls the image `{v}` (untagged): check the stage name, or pin the image with a tag"),
            ));
        }
        if let Some(name) = &stage.name {
            seen.push(name.clone());
        }
    }
}
