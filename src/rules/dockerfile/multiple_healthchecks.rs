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

use super::packages::delete_instruction;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
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
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Instructions before the first FROM count as a stage of their own.
    let starts = ctx.df.stage_starts();
    let mut bounds = vec![(
        0,
        starts.first().copied().unwrap_or(ctx.instructions().len()),
    )];
    bounds.extend(ctx.stages().iter().map(|s| (s.from, s.end)));
    for (from, end) in bounds {
        let mut prev: Option<usize> = None;
        for idx in from..end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword != "HEALTHCHECK" {
                continue;
            }
            if let Some(p) = prev {
                let line = ctx.instructions()[p].start_line + 1;
                out.push(
                    Diagnostic::new(
                        &RULE.meta,
                        ins.keyword_range.clone(),
                        format!("more than one `HEALTHCHECK` in this stage: the one on line {line} has no effect"),
                    )
                    .with_fix(Fix::safe(
                        format!("Remove the ineffective `HEALTHCHECK` on line {line}"),
                        vec![delete_instruction(ctx, p)],
                    )),
                );
            }
            prev = Some(idx);
        }
    }
}
