//! # copy-relative-dest-without-workdir (DF145)
//!
//! ## What it does
//! Flags `COPY` to a relative destination in a stage that has no `WORKDIR`
//! yet (a stage built FROM an earlier stage inherits that stage's
//! `WORKDIR`).
//!
//! ## Why is this bad?
//! The destination is resolved against the base image's working directory,
//! which the base image may change in any release: files silently move.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20
//! COPY package.json .
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:20
//! WORKDIR /app
//! COPY package.json .
//! ```
//!
//! ## Fix safety
//! No automatic fix: the intended directory is unknown.
//!
//! Same check as hadolint's `DL3045`.

use super::packages::ins_args;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF145",
        name: "copy-relative-dest-without-workdir",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3045"],
        summary: "`COPY` to a relative path before any `WORKDIR`",
        source: include_str!("copy_relative_dest_without_workdir.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut workdir_by_stage: Vec<(String, bool)> = Vec::new();
    for stage in ctx.stages() {
        let parent = stage.image.as_ref().map(|(i, _)| i.to_ascii_lowercase());
        let mut has_workdir = parent
            .as_ref()
            .and_then(|p| workdir_by_stage.iter().rev().find(|(n, _)| n == p))
            .is_some_and(|(_, w)| *w);
        for idx in stage.from..stage.end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword == "WORKDIR" {
                has_workdir = true;
            }
            if ins.keyword != "COPY" || has_workdir || !ins.heredocs.is_empty() {
                continue;
            }
            let args = ins_args(ctx, idx);
            let Some((dest, range)) = args.last() else {
                continue;
            };
            if args.len() < 2
                || dest.starts_with('/')
                || dest.starts_with('$')
                || dest.starts_with('\\')
            {
                continue;
            }
            let b = dest.as_bytes();
            if b.len() >= 3 && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/') {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE.meta,
                range.clone(),
                format!("`{dest}` is relative, and no `WORKDIR` is set in this stage: it depends on the base image's working directory"),
            ));
        }
        let key = stage
            .name
            .clone()
            .or_else(|| parent.clone())
            .unwrap_or_default();
        workdir_by_stage.push((key, has_workdir));
    }
}
