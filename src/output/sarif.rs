//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF
//! consumers: every rule's metadata (docs as help text, default level,
//! aliases as tags), one result per finding with its region, and each fix
//! as `fixes[].artifactChanges` replacements. Columns are UTF-16 code
//! units (`columnKind: utf16CodeUnits`, the SARIF default).

use std::path::Path;

use serde_json::{json, Map, Value};

use super::Report;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{self, RuleMeta};
use crate::syntax::line_index::{ColumnUnit, LineIndex};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const ROOT_ID: &str = "%SRCROOT%";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encode a path for a URI reference (RFC 3986 unreserved
/// characters and `/` stay as they are).
pub fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location of a displayed path: relative paths hang off
/// `%SRCROOT%`, absolute ones become `file://` URIs.
fn artifact_location(display: &str) -> Value {
    let path = display.replace('\\', "/");
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", uri_encode(&path))})
    } else {
        json!({"uri": uri_encode(&path), "uriBaseId": ROOT_ID})
    }
}

/// A SARIF region: 1-based lines and UTF-16 columns, end exclusive.
fn region(text: &str, idx: &LineIndex, range: &std::ops::Range<usize>) -> Value {
    let s = idx.line_col(text, range.start, ColumnUnit::Utf16);
    let e = idx.line_col(text, range.end.max(range.start), ColumnUnit::Utf16);
    json!({
        "startLine": s.line + 1,
        "startColumn": s.col + 1,
        "endLine": e.line + 1,
        "endColumn": e.col + 1,
    })
}

fn rule_descriptor(r: &RuleMeta) -> Value {
    let docs = r.docs();
    let mut tags: Vec<String> = vec![r.kind.as_str().to_string()];
    tags.extend(r.aliases.iter().map(|a| a.to_string()));
    json!({
        "id": r.code,
        "name": pascal_case(r.name),
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.summary},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {
            "tags": tags,
            "fix": r.fix.as_str(),
        },
    })
}

/// `apt-lists-not-cleaned` → `AptListsNotCleaned` (SARIF rule names are
/// identifiers).
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn result(d: &Diagnostic, rule_index: usize, display: &str, text: &str, idx: &LineIndex) -> Value {
    let location = artifact_location(display);
    let mut message = d.message.clone();
    if !message.ends_with('.') {
        message.push('.');
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.rule.code));
    r.insert("ruleIndex".into(), json!(rule_index));
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({"text": message}));
    r.insert(
        "locations".into(),
        json!([{"physicalLocation": {
            "artifactLocation": location,
            "region": region(text, idx, &d.range),
        }}]),
    );
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(text, idx, &e.range),
                    "insertedContent": {"text": e.content},
                })
            })
            .collect();
        r.insert(
            "fixes".into(),
            json!([{
                "description": {"text": format!("{} ({} fix).", fix.title, fix.applicability.as_str())},
                "artifactChanges": [{
                    "artifactLocation": location,
                    "replacements": replacements,
                }],
                "properties": {"applicability": fix.applicability.as_str()},
            }]),
        );
    }
    Value::Object(r)
}

/// Render a report. `root` is the directory relative paths start from
/// (the working directory for `check`, the repository for `review`).
pub fn render(report: &Report, root: Option<&Path>) -> String {
    let all = rules::all();
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": {"text": format!("{}: {}", e.path, e.message)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(&e.path)}}],
            })
        })
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), json!("dfix"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(url) = option_env!("CARGO_PKG_REPOSITORY").filter(|u| !u.is_empty()) {
        driver.insert("informationUri".into(), json!(url));
    }
    driver.insert(
        "rules".into(),
        Value::Array(all.iter().map(|r| rule_descriptor(r)).collect()),
    );
    let mut run = Map::new();
    run.insert("tool".into(), json!({"driver": driver}));
    if let Some(root) = root {
        let mut uri = format!(
            "file://{}",
            uri_encode(&root.to_string_lossy().replace('\\', "/"))
        );
        if !uri.ends_with('/') {
            uri.push('/');
        }
        run.insert("originalUriBaseIds".into(), json!({ROOT_ID: {"uri": uri}}));
    }
    run.insert(
        "invocations".into(),
        json!([{
            "executionSuccessful": report.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }]),
    );
    run.insert("columnKind".into(), json!("utf16CodeUnits"));
    // The results are written one at a time where this placeholder lands,
    // so no tree of every result is ever held (a large repository has tens
    // of thousands); the bytes are those of one pretty-printed document.
    run.insert("results".into(), json!(RESULTS_PLACEHOLDER));
    let v = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    });
    let doc = serde_json::to_string_pretty(&v).unwrap_or_default();
    let quoted = format!("\"{RESULTS_PLACEHOLDER}\"");
    let Some(at) = doc.find(&quoted) else {
        return doc + "\n";
    };
    // The indentation of the `"results"` line.
    let line_start = doc[..at].rfind('\n').map_or(0, |p| p + 1);
    let indent = &doc
        [line_start..line_start + doc[line_start..].len() - doc[line_start..].trim_start().len()];
    let mut out = String::with_capacity(doc.len() + 1024 * report.files.len());
    out.push_str(&doc[..at]);
    let mut first = true;
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let rule_index = all.iter().position(|r| r.code == d.rule.code).unwrap_or(0);
            let r = result(d, rule_index, &f.display, &f.source, &idx);
            out.push_str(if first { "[\n" } else { ",\n" });
            first = false;
            let pretty = serde_json::to_string_pretty(&r).unwrap_or_default();
            for (i, line) in pretty.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(indent);
                out.push_str("  ");
                out.push_str(line);
            }
        }
    }
    if first {
        out.push_str("[]");
    } else {
        out.push('\n');
        out.push_str(indent);
        out.push(']');
    }
    out.push_str(&doc[at + quoted.len()..]);
    out.push('\n');
    out
}

/// Stands in for the results array while the rest is printed.
const RESULTS_PLACEHOLDER: &str = "@@dfix-sarif-results@@";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(uri_encode("a b/Dockerfile#1"), "a%20b/Dockerfile%231");
        assert_eq!(uri_encode("ü"), "%C3%BC");
        assert_eq!(pascal_case("apt-lists-not-cleaned"), "AptListsNotCleaned");
    }

    /// Results written one at a time give exactly the bytes of the whole
    /// document pretty-printed at once (keys sorted, two-space indent).
    #[test]
    fn streamed_results_print_as_one_document() {
        let text = "FROM ubuntu\nRUN apt-get install curl\n";
        let diagnostics = crate::engine::lint(
            None,
            text,
            crate::syntax::FileKind::Dockerfile,
            &crate::engine::LintConfig::default(),
        )
        .diagnostics;
        assert!(diagnostics.len() >= 2);
        let n = diagnostics.len();
        let file = |name: &str| super::super::FileReport {
            display: name.into(),
            kind: crate::syntax::FileKind::Dockerfile,
            source: text.into(),
            diagnostics: diagnostics.clone(),
        };
        for files in [vec![], vec![file("a/Dockerfile"), file("b/Dockerfile")]] {
            let report = Report {
                files_checked: files.len(),
                files,
                errors: Vec::new(),
            };
            let out = render(&report, Some(Path::new("/repo")));
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(serde_json::to_string_pretty(&v).unwrap() + "\n", out);
            let results = v["runs"][0]["results"].as_array().unwrap();
            assert_eq!(results.len(), report.files.len() * n);
        }
    }
}
