//! Helm `values.yaml`: image references checked with KS001.
//!
//! Owns: finding `image: repo:tag` scalars and `image: {repository, tag}`
//! mappings in a values file. An empty `tag` is not flagged: charts
//! default it to the chart's `appVersion`. Never touches: fixes.

use std::path::Path;

use super::latest_tag::{tag_problem, RULE};
use crate::engine::{Diagnostic, LintResult};
use crate::syntax::yaml_tree::{parse_stream, Value, ValueKind};

/// `values.yaml`, `values-prod.yaml`, `values.dev.yml`…
pub fn is_values_file(path: Option<&Path>) -> bool {
    path.and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|n| n.starts_with("values") && (n.ends_with(".yaml") || n.ends_with(".yml")))
}

pub fn run(text: &str) -> LintResult {
    let mut diagnostics = Vec::new();
    let mut count = 0;
    for doc in parse_stream(text) {
        count += doc.error_count;
        if let Some(root) = &doc.root {
            walk(root, &mut diagnostics);
        }
    }
    LintResult {
        diagnostics,
        syntax_error_count: count,
    }
}

fn walk(v: &Value, out: &mut Vec<Diagnostic>) {
    match &v.kind {
        ValueKind::Map(entries) => {
            for e in entries {
                let Some(child) = &e.value else { continue };
                if e.key == "image" {
                    check_image(child, out);
                }
                walk(child, out);
            }
        }
        ValueKind::Seq(items) => items.iter().for_each(|i| walk(i, out)),
        _ => {}
    }
}

fn check_image(v: &Value, out: &mut Vec<Diagnostic>) {
    if v.templated {
        return;
    }
    if let Some(s) = v.as_str() {
        if let Some(p) = tag_problem(s) {
            out.push(Diagnostic::new(
                &RULE,
                v.range.clone(),
                format!("Default image `{s}` {p}: every install may get different code; pin a version tag"),
            ));
        }
        return;
    }
    let Some(repo) = v.get_str("repository").filter(|r| !r.is_empty()) else {
        return;
    };
    if let Some(tag) = v.get("tag") {
        if tag.as_str() == Some("latest") {
            out.push(Diagnostic::new(
                &RULE,
                tag.range.clone(),
                format!("Default image `{repo}` uses the `:latest` tag: every install may get different code; pin a version tag"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_images() {
        assert!(is_values_file(Some(Path::new("chart/values.yaml"))));
        assert!(is_values_file(Some(Path::new("values-prod.yml"))));
        assert!(!is_values_file(Some(Path::new("deploy.yaml"))));
        let t = "image:\n  repository: nginx\n  tag: latest\nsidecar:\n  image: busybox\nother:\n  image:\n    repository: x\n    tag: \"\"\npinned:\n  image: redis:7.4\n";
        let r = run(t);
        let found: Vec<&str> = r.diagnostics.iter().map(|d| &t[d.range.clone()]).collect();
        assert_eq!(found, vec!["latest", "busybox"]);
    }
}
