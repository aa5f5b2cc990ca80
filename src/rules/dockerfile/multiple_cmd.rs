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

use super::packages::delete_instruction;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
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
            if ins.keyword != "CMD" {
                continue;
            }
            if let Some(p) = prev {
                let line = ctx.instructions()[p].start_line + 1;
                out.push(
                    Diagnostic::new(
                        &RULE.meta,
                        ins.keyword_range.clone(),
                        format!("more than one `CMD` in this stage: the one on line {line} has no effect"),
                    )
                    .with_fix(Fix::safe(
                        format!("Remove the ineffective `CMD` on line {line}"),
                        vec![delete_instruction(ctx, p)],
                    )),
                );
            }
            prev = Some(idx);
        }
    }
}
