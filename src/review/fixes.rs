//! Fixes limited to what a change touched: the engine's fix loop (select
//! non-overlapping fixes, apply, roll back any that adds a syntax error,
//! re-lint, repeat to a fixpoint), but each round only takes the fixes of
//! findings on touched lines, and the lines a fix writes count as touched
//! in the next round.

use std::path::Path;

use crate::engine::apply::{apply_round, select_non_overlapping, RolledBack};
use crate::engine::{lint, syntax_error_count, Applicability, Diagnostic, Fix, LintConfig};
use crate::syntax::{FileKind, LineIndex};

use super::diff::{line_span, FileChanges};

/// Rounds before giving up on a fixpoint.
const MAX_ROUNDS: usize = 10;

/// Is `d` on a touched line of `text`?
pub fn on_changed_lines(
    text: &str,
    idx: &LineIndex,
    changes: &FileChanges,
    d: &Diagnostic,
) -> bool {
    let (first, last) = line_span(text, idx, &d.range);
    changes.touches(first, last)
}

/// The text with every fix of at least `min` applicability applied to the
/// findings on changed lines, and the fixes that had to be rolled back.
pub fn fix_changed_lines(
    path: Option<&Path>,
    text: &str,
    kind: FileKind,
    config: &LintConfig,
    changes: &FileChanges,
    min: Applicability,
) -> (String, Vec<RolledBack>) {
    let mut current = text.to_string();
    let mut changes = changes.clone();
    let mut rolled_back: Vec<RolledBack> = Vec::new();
    let mut result = lint(path, &current, kind, config);
    for _ in 0..MAX_ROUNDS {
        let idx = LineIndex::new(&current);
        let candidates: Vec<(&'static str, &Fix)> = result
            .diagnostics
            .iter()
            .filter(|d| on_changed_lines(&current, &idx, &changes, d))
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule.code, f)))
            .filter(|(_, f)| f.applicability >= min && f.applicability > Applicability::Suggestion)
            .filter(|(c, f)| {
                !rolled_back
                    .iter()
                    .any(|r| r.code == *c && r.title == f.title)
            })
            .collect();
        if candidates.is_empty() {
            break;
        }
        let chosen = select_non_overlapping(candidates);
        let before = syntax_error_count(&result, &current, kind);
        let round = apply_round(path, &current, kind, config, chosen, before);
        rolled_back.extend(round.rolled_back);
        let (next, next_result, accepted) = (round.text, round.result, round.accepted);
        if accepted.is_empty() || next == current {
            break;
        }
        changes = changes.carry_over(&current, &next);
        current = next;
        result = next_result;
    }
    (current, rolled_back)
}
