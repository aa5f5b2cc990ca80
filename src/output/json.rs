//! `--format json`: the stable machine format (see README).

use serde_json::{json, Value};

use super::{positions, Report};
use crate::syntax::LineIndex;

pub fn render(report: &Report) -> String {
    let mut diags: Vec<Value> = Vec::new();
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let (s, e) = positions(&f.source, &idx, &d.range);
            diags.push(json!({
                "path": f.display,
                "code": d.rule.code,
                "name": d.rule.name,
                "aliases": d.rule.aliases,
                "severity": d.severity.as_str(),
                "message": d.message,
                "range": {"start": s, "end": e},
                "fix": d.fix.as_ref().map(|fix| json!({
                    "applicability": fix.applicability.as_str(),
                    "title": fix.title,
                })),
            }));
        }
    }
    let errors: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"path": e.path, "message": e.message}))
        .collect();
    let v = json!({
        "version": 1,
        "files_checked": report.files_checked,
        "diagnostics": diags,
        "errors": errors,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
