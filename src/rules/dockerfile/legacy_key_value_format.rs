//! # legacy-key-value-format (DF209)
//!
//! ## What it does
//! Flags `ENV` and `LABEL` in the legacy whitespace form (`ENV NAME value`),
//! where the whole rest of the line, continuation lines included, is the
//! value.
//!
//! ## Why is this bad?
//! The legacy form sets only one variable, reads `ENV A 1 B 2` as `A="1 B 2"`
//! and is deprecated by BuildKit; `key=value` says exactly what is set.
//!
//! ## Example
//! ```dockerfile
//! ENV NODE_ENV production
//! ENV GPG_KEYS \
//!     A0B1C2 \
//!     D3E4F5
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ENV NODE_ENV=production
//! ENV GPG_KEYS="A0B1C2 \
//!     D3E4F5"
//! ```
//!
//! ## Fix safety
//! Safe, and offered only when mechanical: the blanks between the key and
//! the value become `=`, and a value with blanks (also across continuation
//! lines) is wrapped in double quotes, so the variable keeps the exact same
//! string. Comment lines inside the instruction move above it (BuildKit
//! ignores them where they are). A value with quotes or escape characters
//! of its own next to blanks gets no fix, because quoting would change how
//! it is read.

use super::util::{full_lines, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::dockerfile::mask_continuations;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF209",
        name: "legacy-key-value-format",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["buildkit/LegacyKeyValueFormat"],
        summary: "`ENV key value` / `LABEL key value` instead of `key=value`",
        source: include_str!("legacy_key_value_format.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "ENV" && ins.keyword != "LABEL" {
            continue;
        }
        let ws = words(ctx.text, ins.args_range.clone());
        let Some((key, key_range)) = ws.first().cloned() else {
            continue;
        };
        if key.contains('=') || ws.len() < 2 {
            continue;
        }
        let value_start = ws[1].1.start;
        let value_end = ins.args_content_end(ctx.text, ctx.df.escape);
        let diag = Diagnostic::new(
            &RULE.meta,
            ins.range.start..value_end,
            format!(
                "legacy `{} {key} value` form: write `{key}=value`",
                ins.keyword
            ),
        );
        let gap = key_range.end..value_start;
        let quote = ws.len() > 2;
        if quote && !quotable(ctx, value_start..value_end) {
            out.push(diag);
            continue;
        }
        // Comment lines inside the instruction would be lost when the gap
        // becomes `=`, or would end up inside the quoted value: move them
        // above the instruction (BuildKit ignores them where they are).
        let scope_end = if quote { value_end } else { gap.end };
        let inside: Vec<_> = ctx
            .df
            .comments
            .iter()
            .filter(|c| gap.start <= c.range.start && c.range.end <= scope_end)
            .collect();
        let mut title = format!("Write `{key}=…`");
        let mut edits = Vec::new();
        if !inside.is_empty() {
            title.push_str(" (comments inside move above it)");
            let moved: String = inside
                .iter()
                .map(|c| &ctx.text[full_lines(ctx.text, c.range.clone())])
                .collect();
            let line_start = full_lines(ctx.text, ins.range.clone()).start;
            edits.push(Edit::insert(line_start, moved));
            // Those after the value's start are not in the replaced gap.
            for c in inside.iter().filter(|c| c.range.start >= value_start) {
                edits.push(Edit::delete(full_lines(ctx.text, c.range.clone())));
            }
        }
        if quote {
            edits.push(Edit::replace(gap, "=\""));
            edits.push(Edit::insert(value_end, "\""));
        } else {
            edits.push(Edit::replace(gap, "="));
        }
        let fix = Some(Fix::safe(title, edits));
        out.push(match fix {
            Some(f) => diag.with_fix(f),
            None => diag,
        });
    }
}

/// Can `text[r]` be wrapped in double quotes without changing its value?
/// Not when it holds quotes or escape characters other than line
/// continuations.
fn quotable(ctx: &Context, r: std::ops::Range<usize>) -> bool {
    let masked = mask_continuations(ctx.text, r, ctx.df.escape, false);
    !masked.contains(['"', '\'', ctx.df.escape as char])
}
