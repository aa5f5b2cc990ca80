//! `--format json`: the stable machine format (see README).
//!
//! Written straight from the report through borrowed structs (no
//! `serde_json::Value` tree: 37,000 findings for the whole corpus). Keys are
//! in alphabetical order, as the format has always printed them.

use serde::Serialize;

use super::{positions, Position, Report};
use crate::syntax::LineIndex;

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    files_checked: usize,
    version: u32,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    aliases: &'a [&'static str],
    code: &'static str,
    fix: Option<JsonFix<'a>>,
    message: &'a str,
    name: &'static str,
    path: &'a str,
    range: JsonRange,
    severity: &'static str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonRange {
    end: JsonPosition,
    start: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    column: usize,
    line: usize,
}

impl From<Position> for JsonPosition {
    fn from(p: Position) -> JsonPosition {
        JsonPosition {
            column: p.column,
            line: p.line,
        }
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    message: &'a str,
    path: &'a str,
}

pub fn render(report: &Report) -> String {
    let mut diagnostics = Vec::new();
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let (s, e) = positions(&f.source, &idx, &d.range);
            diagnostics.push(JsonDiagnostic {
                aliases: d.rule.aliases,
                code: d.rule.code,
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability.as_str(),
                    title: &fix.title,
                }),
                message: &d.message,
                name: d.rule.name,
                path: &f.display,
                range: JsonRange {
                    end: e.into(),
                    start: s.into(),
                },
                severity: d.severity.as_str(),
            });
        }
    }
    let doc = Document {
        diagnostics,
        errors: report
            .errors
            .iter()
            .map(|e| JsonError {
                message: &e.message,
                path: &e.path,
            })
            .collect(),
        files_checked: report.files_checked,
        version: 1,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
