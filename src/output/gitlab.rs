//! `--format gitlab`: GitLab code quality (a Code Climate subset): a JSON
//! array of issues with a stable fingerprint, shown in merge requests.
//!
//! The fingerprint hashes the path, the rule and the text of the finding
//! (not its line), so an issue keeps its identity when lines move above it.

use serde_json::{json, Value};

use super::{positions, Report};
use crate::engine::Severity;
use crate::syntax::LineIndex;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

/// 128-bit FNV-1a, hex: stable across runs, platforms and releases (std's
/// hasher is not).
fn fingerprint(parts: &[&str]) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

pub fn render(report: &Report) -> String {
    let mut issues: Vec<Value> = Vec::new();
    // How many times each base fingerprint came before (a map: the whole
    // corpus has 37,000 findings).
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let (s, e) = positions(&f.source, &idx, &d.range);
            let snippet = f.source.get(d.range.clone()).unwrap_or("");
            let base = fingerprint(&[&f.display, d.rule.code, snippet]);
            // Identical findings in one file get distinct fingerprints.
            let count = seen.entry(base.clone()).or_insert(0);
            let n = *count;
            *count += 1;
            let fp = if n == 0 {
                base
            } else {
                fingerprint(&[&base, &n.to_string()])
            };
            issues.push(json!({
                "type": "issue",
                "check_name": d.rule.code,
                "description": format!("{} {}: {}", d.rule.code, d.rule.name, d.message),
                "severity": severity(d.severity),
                "fingerprint": fp,
                "location": {
                    "path": f.display,
                    "lines": {"begin": s.line, "end": e.line},
                },
            }));
        }
    }
    for err in &report.errors {
        issues.push(json!({
            "type": "issue",
            "check_name": "dfix-input-error",
            "description": err.message,
            "severity": "blocker",
            "fingerprint": fingerprint(&[&err.path, &err.message]),
            "location": {"path": err.path, "lines": {"begin": 1}},
        }));
    }
    let mut s = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable() {
        // FNV-1a 128 of the empty input is the offset basis; one zero byte follows each part.
        assert_eq!(fingerprint(&[]), "6c62272e07bb014262b821756295c58d");
        assert_ne!(fingerprint(&["a", "b"]), fingerprint(&["ab"]));
        assert_eq!(fingerprint(&["x"]), fingerprint(&["x"]));
    }

    /// Identical findings (same file, rule and text) get distinct
    /// fingerprints: the first keeps the base one, the next ones count on.
    #[test]
    fn repeated_findings_get_distinct_fingerprints() {
        let text = "RUN x\nRUN x\nRUN x\n";
        let rule = crate::rules::find("DF011").expect("rule");
        let diagnostics = (0..3)
            .map(|i| crate::engine::Diagnostic::new(rule, 6 * i..6 * i + 5, "same"))
            .collect();
        let report = Report {
            files_checked: 1,
            files: vec![super::super::FileReport {
                display: "Dockerfile".into(),
                kind: crate::syntax::FileKind::Dockerfile,
                source: text.into(),
                diagnostics,
            }],
            errors: Vec::new(),
        };
        let issues: Vec<Value> = serde_json::from_str(&render(&report)).unwrap();
        let fps: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        let base = fingerprint(&["Dockerfile", "DF011", "RUN x"]);
        assert_eq!(fps[0], base);
        assert_eq!(fps[1], fingerprint(&[&base, "1"]));
        assert_eq!(fps[2], fingerprint(&[&base, "2"]));
    }
}
