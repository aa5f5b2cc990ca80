//! The diagnostics pass over a snapshot of a document, and its conversion
//! to LSP diagnostics whose `data` carries the fix edits.
//!
//! Runs off the message loop (in `spawn_blocking`); pure apart from that.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tower_lsp_server::lsp_types::{self as lsp, DiagnosticSeverity, NumberOrString};

use super::document::{DocLint, Document, Trees, YamlDoc};
use super::position::{Encoding, LineTable};
use crate::engine::{self, Applicability, Diagnostic, LintConfig, LintResult, Severity};
use crate::syntax::FileKind;

/// What a lint needs, cloned out of the store (trees are reference counted).
pub struct Snapshot {
    pub path: Option<PathBuf>,
    pub kind: Option<FileKind>,
    pub text: Arc<String>,
    pub lines: Arc<LineTable>,
    pub trees: Trees,
}

impl Snapshot {
    pub fn of(doc: &Document) -> Snapshot {
        Snapshot {
            path: doc.path.clone(),
            kind: doc.kind,
            text: doc.text.clone(),
            lines: doc.lines.clone(),
            trees: doc.trees.clone(),
        }
    }
}

/// The result of a lint: engine diagnostics plus the per-document results
/// computed on the way (to be stored back if the document did not move on).
pub struct Linted {
    pub diagnostics: Arc<Vec<Diagnostic>>,
    pub yaml_docs: Option<Vec<YamlDoc>>,
}

/// Lint a snapshot. Equal to `engine::lint` of the same text; Kubernetes
/// YAML reuses the lint of every `---` document whose text did not change.
/// (The Dockerfile rules read the instruction model, not the tree: the
/// Dockerfile's incrementally kept tree is not needed for diagnostics.)
pub fn lint(snap: &Snapshot, config: &LintConfig) -> Linted {
    let text = snap.text.as_str();
    let path = snap.path.as_deref();
    let Some(kind) = snap.kind else {
        return Linted {
            diagnostics: Arc::new(Vec::new()),
            yaml_docs: None,
        };
    };
    let mut yaml_docs = None;
    let result = match (&snap.trees, kind) {
        (Trees::Yaml(docs), FileKind::Kubernetes) => {
            let docs: Vec<YamlDoc> = docs
                .iter()
                .map(|d| {
                    let mut d = d.clone();
                    if d.lint.is_none() {
                        d.lint = Some(Arc::new(lint_kubernetes_document(path, text, &d)));
                    }
                    d
                })
                .collect();
            let mut result = LintResult {
                diagnostics: Vec::new(),
                syntax_error_count: 0,
            };
            for d in &docs {
                let l = d.lint.as_ref().expect("linted above");
                result.syntax_error_count += l.syntax_errors;
                result.diagnostics.extend(l.diagnostics.iter().map(|x| {
                    let mut x = x.clone();
                    x.range = x.range.start + d.range.start..x.range.end + d.range.start;
                    x
                }));
            }
            yaml_docs = Some(docs);
            engine::finish_lint(text, kind, config, result)
        }
        _ => engine::lint(path, text, kind, config),
    };
    Linted {
        diagnostics: Arc::new(result.diagnostics),
        yaml_docs,
    }
}

/// The Kubernetes rules over one `---` document, offsets relative to it.
///
/// Today (main) the Kubernetes pass is the YAML syntax check, read from the
/// document's own (incrementally reparsed) tree exactly as
/// `rules::kubernetes::yaml_syntax_pass` does per document. The Kubernetes
/// rules (branch `k8s`) expose `kubernetes::lint_document_tree(path, text,
/// doc_range, tree, config)` and `kubernetes::cross_document(summaries)`:
/// when they land, this calls the first (keeping the summaries in
/// `DocLint`) and `lint` runs the second over the joined summaries.
fn lint_kubernetes_document(_path: Option<&std::path::Path>, text: &str, doc: &YamlDoc) -> DocLint {
    let parsed;
    let tree = match &doc.tree {
        Some(t) => t,
        None => {
            let lang = crate::syntax::yaml::language();
            let Some(t) = crate::syntax::parse_tree(&lang, &text[doc.range.clone()], None) else {
                return DocLint::default();
            };
            parsed = t;
            &parsed
        }
    };
    let (count, first) = crate::syntax::tree_errors(tree, 1);
    let diagnostics = first
        .first()
        .map(|(r, missing)| {
            let msg = if *missing {
                "YAML syntax error: something is missing here"
            } else {
                "YAML syntax error: the parser cannot read this"
            };
            Diagnostic::new(
                &crate::rules::syntax_error::KUBERNETES,
                r.start..r.end.max(r.start),
                msg,
            )
        })
        .into_iter()
        .collect();
    DocLint {
        diagnostics,
        syntax_errors: count,
    }
}

/// A fix as carried in a diagnostic's `data`, positions already converted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub applicability: String,
    pub edits: Vec<lsp::TextEdit>,
}

/// A diagnostic's `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DiagnosticData {
    /// The document version the positions refer to.
    pub version: i32,
    pub fix: Option<FixData>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

pub fn fix_label(title: &str, a: Applicability) -> String {
    match a {
        Applicability::Safe => title.to_string(),
        Applicability::Unsafe => format!("{title} (unsafe fix)"),
        Applicability::Suggestion => format!("{title} (suggestion)"),
    }
}

/// Engine diagnostics → LSP diagnostics.
pub fn to_lsp(
    diags: &[Diagnostic],
    text: &str,
    lines: &LineTable,
    enc: Encoding,
    version: i32,
) -> Vec<lsp::Diagnostic> {
    diags
        .iter()
        .map(|d| {
            let fix = d.fix.as_ref().map(|f| FixData {
                title: f.title.clone(),
                applicability: f.applicability.as_str().to_string(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit {
                        range: lines.range(text, &e.range, enc),
                        new_text: e.content.clone(),
                    })
                    .collect(),
            });
            let data = DiagnosticData { version, fix };
            lsp::Diagnostic {
                range: lines.range(text, &d.range, enc),
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.rule.code.to_string())),
                code_description: None,
                source: Some("dfix".to_string()),
                message: d.message.clone(),
                related_information: None,
                tags: None,
                data: serde_json::to_value(data).ok(),
            }
        })
        .collect()
}
