//! `--format rdjson`: reviewdog's Diagnostic Format (JSON). Positions are
//! 1-based lines and 1-based columns in UTF-8 bytes, as rdjson defines
//! them. A fix is one line-based suggestion (whole lines `start..=end`, no
//! columns, `text` = the new lines): reviewdog posts the comment on the
//! first suggestion's lines and wants every suggestion on exactly those
//! lines, so a fix with several edits must be one suggestion.

use serde_json::{json, Value};

use super::{FileReport, Report};
use crate::engine::{Diagnostic, Severity};
use crate::syntax::line_index::{ColumnUnit, LineIndex};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn range(text: &str, idx: &LineIndex, r: &std::ops::Range<usize>) -> Value {
    let s = idx.line_col(text, r.start, ColumnUnit::Utf8);
    let e = idx.line_col(text, r.end.max(r.start), ColumnUnit::Utf8);
    json!({
        "start": {"line": s.line + 1, "column": s.col + 1},
        "end": {"line": e.line + 1, "column": e.col + 1},
    })
}

/// Replace lines `start_line..=end_line` (1-based) with `text` (lines
/// joined by `\n`; empty deletes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSuggestion {
    pub start_line: usize,
    pub end_line: usize,
    pub text: String,
}

/// Render a report; `suggestion` gives a finding's fix as whole lines.
pub fn render(
    report: &Report,
    suggestion: &dyn Fn(&FileReport, &Diagnostic) -> Option<LineSuggestion>,
) -> String {
    let mut diagnostics = Vec::new();
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let suggestions: Vec<Value> = suggestion(f, d)
                .map(|s| {
                    json!({
                        "range": {"start": {"line": s.start_line}, "end": {"line": s.end_line}},
                        "text": s.text,
                    })
                })
                .into_iter()
                .collect();
            let mut message = d.message.clone();
            if let Some(fix) = &d.fix {
                message.push_str(&format!(
                    " ({} fix: {})",
                    fix.applicability.as_str(),
                    fix.title
                ));
            }
            diagnostics.push(json!({
                "message": message,
                "location": {"path": f.display, "range": range(&f.source, &idx, &d.range)},
                "severity": severity(d.severity),
                "source": {"name": "dfix"},
                "code": {"value": d.rule.code},
                "suggestions": suggestions,
            }));
        }
    }
    for e in &report.errors {
        diagnostics.push(json!({
            "message": e.message,
            "location": {"path": e.path},
            "severity": "ERROR",
            "source": {"name": "dfix"},
        }));
    }
    let v = json!({
        "source": {"name": "dfix"},
        "diagnostics": diagnostics,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
