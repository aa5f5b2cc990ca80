//! # no-empty-continuation (DF205)
//!
//! ## What it does
//! Flags a blank line inside an instruction continued with `\` (or the
//! `# escape=` character).
//!
//! ## Why is this bad?
//! BuildKit skips the blank line and keeps reading the instruction, which
//! is rarely what the author meant (it often hides a forgotten `\` at the
//! end of the previous instruction); BuildKit warns that it will become an
//! error.
//!
//! ## Example
//! ```dockerfile
//! RUN apk add --no-cache \
//!
//!     curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apk add --no-cache \
//!     curl
//! ```
//!
//! ## Fix safety
//! Safe: BuildKit already ignores the blank line; deleting it changes
//! nothing in the build.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF205",
        name: "no-empty-continuation",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/NoEmptyContinuation"],
        summary: "Blank line inside a line continuation",
        source: include_str!("no_empty_continuation.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let end = ins.args_range.end.max(ins.keyword_range.end);
        if !ctx.text[ins.range.start..end].contains('\n') {
            continue;
        }
        // Walk the lines of the instruction up to the end of its arguments.
        let mut pos = ins.range.start;
        let mut continued = false;
        while pos < end {
            let line_end = ctx.text[pos..]
                .find('\n')
                .map_or(ctx.text.len(), |p| pos + p);
            let line = ctx.text[pos..line_end].trim_end_matches('\r');
            let t = line.trim();
            if continued && t.is_empty() {
                let del = pos..(line_end + 1).min(ctx.text.len());
                out.push(
                    Diagnostic::new(
                        &RULE.meta,
                        pos..line_end,
                        "empty continuation line: BuildKit skips it and keeps reading the instruction",
                    )
                    .with_fix(Fix::safe("Delete the empty line", vec![Edit::delete(del)])),
                );
            } else if !t.starts_with('#') || !continued {
                continued = t.as_bytes().last() == Some(&ctx.df.escape);
            }
            pos = line_end + 1;
        }
    }
}
