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
    let mut seen: Vec<String> = Vec::new();
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let (s, e) = positions(&f.source, &idx, &d.range);
            let snippet = f.source.get(d.range.clone()).unwrap_or("");
            let base = fingerprint(&[&f.display, d.rule.code, snippet]);
            // Identical findings in one file get distinct fingerprints.
            let n = seen.iter().filter(|x| **x == base).count();
            seen.push(base.clone());
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
}
