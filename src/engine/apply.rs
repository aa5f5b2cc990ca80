//! Fix application: sort, skip overlaps, apply, re-parse, roll back any fix
//! that adds a syntax error, re-lint, repeat to a fixpoint (with a cap).

use std::path::Path;

use super::{
    lint, syntax_error_count, Applicability, Diagnostic, Edit, Fix, LintConfig, LintResult,
};
use crate::syntax::FileKind;

/// What fixes to apply.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// The least sure applicability that is applied: `Safe`, or `Unsafe`
    /// with `--unsafe`. `Suggestion` fixes are never applied.
    pub min_applicability: Applicability,
    /// Maximum lint/fix rounds.
    pub max_rounds: usize,
    /// Apply only fixes for diagnostics this filter accepts.
    pub only_codes: Option<Vec<String>>,
}

impl Default for FixOptions {
    fn default() -> Self {
        FixOptions {
            min_applicability: Applicability::Safe,
            max_rounds: 10,
            only_codes: None,
        }
    }
}

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    pub code: &'static str,
    pub title: String,
}

/// A fix that made the file worse and was undone: a dfix bug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolledBack {
    pub code: &'static str,
    pub title: String,
    /// Byte offset in the text the fix was computed on.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub rolled_back: Vec<RolledBack>,
    /// False when the round cap was hit while fixes were still being made.
    pub converged: bool,
    /// Diagnostics of the final text.
    pub remaining: Vec<Diagnostic>,
}

/// Apply edits (sorted, non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.content.len()).sum::<usize>());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.content);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Pick fixes that do not overlap or touch one another, in source order.
/// Identical fixes (same edits) are taken once.
pub fn select_non_overlapping<'a>(
    fixes: impl IntoIterator<Item = (&'static str, &'a Fix)>,
) -> Vec<(&'static str, &'a Fix)> {
    let mut fixes: Vec<_> = fixes.into_iter().collect();
    fixes.sort_by_key(|(_, f)| (f.span().start, f.span().end));
    let mut chosen: Vec<(&'static str, &Fix)> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (code, fix) in fixes {
        if chosen.iter().any(|(_, f)| f.edits == fix.edits) {
            continue;
        }
        let clash = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.range.start <= t.end && t.start <= e.range.end)
        });
        if clash {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
        chosen.push((code, fix));
    }
    chosen
}

/// What one round of fixes did (`apply_round`).
pub struct Round<'a> {
    pub text: String,
    pub result: LintResult,
    pub accepted: Vec<(&'static str, &'a Fix)>,
    pub rolled_back: Vec<RolledBack>,
}

/// Apply `chosen` (non-overlapping) to `current` and lint the result. When
/// that raises the syntax-error count above `before`, find the culprits:
/// apply the fixes one at a time, keep those that do not, and roll the
/// others back. `fix_text` and the review's patch both go through here.
pub fn apply_round<'a>(
    path: Option<&Path>,
    current: &str,
    kind: FileKind,
    config: &LintConfig,
    chosen: Vec<(&'static str, &'a Fix)>,
    before: usize,
) -> Round<'a> {
    let all = apply_edits(current, &merged_edits(&chosen));
    let all_result = lint(path, &all, kind, config);
    if syntax_error_count(&all_result, &all, kind) <= before {
        return Round {
            text: all,
            result: all_result,
            accepted: chosen,
            rolled_back: Vec::new(),
        };
    }
    let mut accepted: Vec<(&'static str, &Fix)> = Vec::new();
    let mut rolled_back = Vec::new();
    for cand in &chosen {
        let mut trial = accepted.clone();
        trial.push(*cand);
        let t = apply_edits(current, &merged_edits(&trial));
        let r = lint(path, &t, kind, config);
        if syntax_error_count(&r, &t, kind) <= before {
            accepted = trial;
        } else {
            rolled_back.push(RolledBack {
                code: cand.0,
                title: cand.1.title.clone(),
                offset: cand.1.span().start,
            });
        }
    }
    let text = apply_edits(current, &merged_edits(&accepted));
    let result = lint(path, &text, kind, config);
    Round {
        text,
        result,
        accepted,
        rolled_back,
    }
}

fn merged_edits(fixes: &[(&'static str, &Fix)]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = fixes
        .iter()
        .flat_map(|(_, f)| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// Lint and fix `text` to a fixpoint.
pub fn fix_text(
    path: Option<&Path>,
    text: &str,
    kind: FileKind,
    config: &LintConfig,
    opts: &FixOptions,
) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut rolled_back: Vec<RolledBack> = Vec::new();
    // Fixes rolled back once are not tried again: (code, title).
    let mut refused: Vec<(&'static str, String)> = Vec::new();
    let mut converged = false;
    let mut result = lint(path, &current, kind, config);
    for _round in 0..opts.max_rounds {
        let candidates: Vec<(&'static str, &Fix)> = result
            .diagnostics
            .iter()
            .filter(|d| {
                opts.only_codes
                    .as_ref()
                    .is_none_or(|c| c.iter().any(|s| d.rule.matches(s)))
            })
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule.code, f)))
            .filter(|(_, f)| {
                f.applicability >= opts.min_applicability
                    && f.applicability > Applicability::Suggestion
            })
            .filter(|(c, f)| !refused.iter().any(|(rc, rt)| rc == c && *rt == f.title))
            .collect();
        if candidates.is_empty() {
            converged = true;
            break;
        }
        let chosen = select_non_overlapping(candidates);
        let before_errors = syntax_error_count(&result, &current, kind);
        let round = apply_round(path, &current, kind, config, chosen, before_errors);
        for r in &round.rolled_back {
            refused.push((r.code, r.title.clone()));
        }
        rolled_back.extend(round.rolled_back);
        let (next, next_result, accepted) = (round.text, round.result, round.accepted);
        if accepted.is_empty() {
            converged = true;
            break;
        }
        applied.extend(accepted.iter().map(|(c, f)| AppliedFix {
            code: c,
            title: f.title.clone(),
        }));
        if next == current {
            converged = true;
            break;
        }
        current = next;
        result = next_result;
    }
    FixOutcome {
        text: current,
        applied,
        rolled_back,
        converged,
        remaining: result.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_and_overlap() {
        let t = "hello world";
        let f1 = Fix::safe("a", vec![Edit::replace(0..5, "HELLO")]);
        let f2 = Fix::safe("b", vec![Edit::insert(5, "!")]);
        let f3 = Fix::safe("c", vec![Edit::replace(6..11, "there")]);
        let f4 = Fix::safe("c2", vec![Edit::replace(6..11, "there")]);
        let chosen = select_non_overlapping(vec![("X", &f1), ("X", &f2), ("X", &f3), ("X", &f4)]);
        // f2 touches f1 and is skipped; f4 is identical to f3.
        assert_eq!(chosen.len(), 2);
        assert_eq!(apply_edits(t, &merged_edits(&chosen)), "HELLO there");
    }
}
