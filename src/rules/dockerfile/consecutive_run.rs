//! # consecutive-run (DF159)
//!
//! ## What it does
//! Flags a RUN that directly follows another RUN (comments and blank lines
//! in between allowed) with the same flags, when both run a single command.
//! RUNs that already chain commands are taken as a deliberate split for
//! layer caching (hadolint draws the same line).
//!
//! ## Why is this bad?
//! Each RUN adds a layer and a cache step; short consecutive RUNs are
//! usually one logical step written twice, and files deleted in the second
//! still ship in the first layer.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update
//! RUN apt-get install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## Fix safety
//! No automatic fix: merging RUNs changes layer caching and which commands
//! re-run, which is the author's trade-off.
//!
//! Same check as hadolint's `DL3059`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF159",
        name: "consecutive-run",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3059"],
        summary: "Consecutive `RUN` instructions that could be one",
        source: include_str!("consecutive_run.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn count(ctx: &Context, idx: usize) -> usize {
    ctx.script(idx).map(|s| s.commands.len()).unwrap_or(1)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut prev: Option<usize> = None;
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "RUN" {
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let pf: Vec<_> = ctx.instructions()[p]
                .flags
                .iter()
                .map(|f| (&f.name, &f.value))
                .collect();
            let f: Vec<_> = ins.flags.iter().map(|f| (&f.name, &f.value)).collect();
            if pf == f && count(ctx, p) <= 1 && count(ctx, idx) <= 1 {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    ins.keyword_range.clone(),
                    format!("this RUN directly follows the one on line {}: consider merging them into one layer", ctx.instructions()[p].start_line + 1),
                ));
            }
        }
        prev = Some(idx);
    }
}
