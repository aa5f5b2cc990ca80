//! The diagnostics pass over a snapshot of a document, and its conversion
//! to LSP diagnostics whose `data` carries the fix edits.
//!
//! Runs off the message loop (in `spawn_blocking`); pure apart from that.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
#[cfg(test)]
use tower_lsp_server::lsp_types::DiagnosticSeverity;
use tower_lsp_server::lsp_types::{self as lsp};

use super::document::{BuildContextSlot, DocLint, Document, Trees, YamlDoc};
use super::position::{Encoding, LineTable};
use super::settings::Settings;
use crate::engine::{self, Applicability, Diagnostic, LintConfig, LintResult, Severity};
use crate::rules::dockerfile::windows::{self, WindowFindings};
use crate::rules::kubernetes;
use crate::syntax::dockerfile::IncrementalModel;
use crate::syntax::shell::Script;
use crate::syntax::FileKind;

/// What a lint needs, cloned out of the store (trees are reference counted).
pub struct Snapshot {
    /// The document's key (its URI).
    pub key: String,
    pub path: Option<PathBuf>,
    pub kind: Option<FileKind>,
    pub text: Arc<String>,
    pub lines: Arc<LineTable>,
    pub trees: Trees,
    pub build_context: Option<BuildContextSlot>,
    pub on_disk: bool,
    pub file_config: Option<Arc<LintConfig>>,
    /// Where the configuration is looked up from: the file itself, or for
    /// an unsaved buffer the same name in the workspace's root.
    pub config_path: Option<PathBuf>,
}

impl Snapshot {
    pub fn of(doc: &Document, workspace_root: Option<&std::path::Path>) -> Snapshot {
        let config_path = if doc.on_disk {
            doc.path.clone()
        } else {
            workspace_root.map(|root| {
                let name = doc.path.as_deref().and_then(|p| p.file_name());
                root.join(name.unwrap_or_else(|| "untitled".as_ref()))
            })
        };
        Snapshot {
            config_path,
            key: doc.uri.as_str().to_string(),
            path: doc.path.clone(),
            kind: doc.kind,
            text: doc.text.clone(),
            lines: doc.lines.clone(),
            trees: doc.trees.clone(),
            build_context: doc.build_context.clone(),
            on_disk: doc.on_disk,
            file_config: doc.file_config.clone(),
        }
    }
}

/// The result of a lint: engine diagnostics plus the per-document results
/// computed on the way (to be stored back if the document did not move on).
pub struct Linted {
    /// The file's configuration resolved for this lint, to keep.
    pub file_config: Option<Arc<LintConfig>>,
    /// Problems in the configuration files (`path:line:col: message`).
    pub config_messages: Vec<String>,
    /// The build context gathered for this lint, to keep.
    pub build_context: Option<BuildContextSlot>,
    pub diagnostics: Arc<Vec<Diagnostic>>,
    pub yaml_docs: Option<Vec<YamlDoc>>,
}

/// Lint a snapshot. Equal to `engine::lint` of the same text: a Dockerfile's
/// instruction model is read from its incrementally reparsed tree;
/// Kubernetes YAML reuses the lint of every `---` document whose text did
/// not change.
pub fn lint(snap: &Snapshot, settings: &Settings) -> Linted {
    let text = snap.text.as_str();
    let path = snap.path.as_deref();
    let Some(kind) = snap.kind else {
        return Linted {
            file_config: None,
            config_messages: Vec::new(),
            diagnostics: Arc::new(Vec::new()),
            yaml_docs: None,
            build_context: None,
        };
    };
    let mut yaml_docs = None;
    // A file on disk (or an unsaved buffer in a workspace): its dfix.toml /
    // .hadolint.yaml, resolved once (and again when a watched config file
    // changes), the client's settings on top.
    let mut config_messages = Vec::new();
    let file_config = match (&snap.file_config, snap.config_path.as_deref()) {
        (Some(c), _) => Some(c.clone()),
        (None, Some(p)) => {
            let mut resolver = crate::config::Resolver::discover();
            let fc = resolver.config_for(p);
            config_messages.extend(resolver.take_errors().iter().map(|e| e.to_string()));
            config_messages.extend(resolver.take_warnings().iter().map(|e| e.to_string()));
            Some(Arc::new(fc.lint))
        }
        _ => None,
    };
    let base = file_config.as_deref().cloned().unwrap_or_default();
    let overlaid = settings.overlay(&base);
    let config = &overlaid;
    // A Dockerfile on disk: its build context, gathered once (directory
    // listing and ignore file) and again when a watched file changes.
    let build_context = (kind == FileKind::Dockerfile && snap.on_disk).then(|| {
        snap.build_context.clone().unwrap_or_else(|| {
            path.and_then(|p| crate::cli::gather_build_context(p, None))
                .map(Arc::new)
        })
    });
    let with_context;
    let config = match &build_context {
        Some(bc) => {
            let mut c = config.clone();
            c.inputs.build_context = bc.clone();
            with_context = c;
            &with_context
        }
        None => config,
    };
    let result = match (&snap.trees, kind) {
        (Trees::Dockerfile(Some(tree)), FileKind::Dockerfile) => {
            // The model from the incrementally reparsed tree, reusing the
            // statements the edits since the last lint did not touch.
            let (model, carried, findings) = dockerfile_model(snap, tree);
            let previous = findings.zip(model.change.map(|change| windows::Since {
                change,
                moved: &model.moved,
            }));
            let (raw, scripts, findings, _) =
                windows::run_reusing(path, text, &model.df, config, carried, previous);
            #[cfg(debug_assertions)]
            {
                let (whole, _) = crate::rules::dockerfile::run_parsed_keeping_scripts(
                    path,
                    text,
                    &model.df,
                    config,
                    Vec::new(),
                );
                assert_eq!(
                    engine::finish_lint(text, kind, config, whole).diagnostics,
                    engine::finish_lint(text, kind, config, raw.clone()).diagnostics,
                    "reused window findings drifted from a whole lint"
                );
            }
            let result = engine::finish_lint_parsed(text, kind, config, raw, Some(&model.df));
            keep_dockerfile_model(snap, tree, model, scripts, findings);
            result
        }
        (Trees::Yaml(docs), FileKind::Kubernetes) => {
            let docs: Vec<YamlDoc> = docs
                .iter()
                .map(|d| {
                    let mut d = d.clone();
                    if d.lint.is_none() {
                        d.lint = Some(Arc::new(lint_kubernetes_document(path, text, &d, config)));
                    }
                    d
                })
                .collect();
            let mut result = LintResult {
                diagnostics: Vec::new(),
                syntax_error_count: 0,
            };
            let mut summaries = Vec::new();
            for d in &docs {
                let l = d.lint.as_ref().expect("linted above");
                let at = d.range.start as isize;
                result.syntax_error_count += l.syntax_errors;
                result.diagnostics.extend(
                    l.diagnostics
                        .iter()
                        .map(|x| shift_diagnostic(x.clone(), at)),
                );
                summaries.extend(l.summaries.iter().map(|s| shift_summary(s.clone(), at)));
            }
            result
                .diagnostics
                .extend(kubernetes::cross_document(&summaries));
            yaml_docs = Some(docs);
            engine::finish_lint(text, kind, config, result)
        }
        _ => engine::lint(path, text, kind, config),
    };
    Linted {
        file_config,
        config_messages,
        diagnostics: Arc::new(result.diagnostics),
        yaml_docs,
        build_context,
    }
}

/// What the lint thread keeps of an open Dockerfile's last lint.
struct KeptModel {
    text: Arc<String>,
    /// The tree the model was read from.
    tree: tree_sitter::Tree,
    model: IncrementalModel,
    /// The shell script of each instruction, where the lint parsed one.
    scripts: Vec<Option<Script>>,
    /// What the window-local rules found, window by window.
    findings: WindowFindings,
}

/// How many Dockerfiles keep their model between lints: the ones being
/// edited. A model and its scripts take a few times the file's size; fifty
/// open files need not hold fifty.
const KEPT_MODELS: usize = 4;

thread_local! {
    /// The most recently linted Dockerfiles (last = newest), on the lint
    /// thread.
    static DOCKERFILE_MODELS: RefCell<Vec<(String, KeptModel)>> = const { RefCell::new(Vec::new()) };
}

fn take_kept(key: &str) -> Option<KeptModel> {
    DOCKERFILE_MODELS.with(|m| {
        let mut m = m.borrow_mut();
        let i = m.iter().position(|(k, _)| k == key)?;
        Some(m.remove(i).1)
    })
}

/// The instruction model of a snapshot's Dockerfile (the previous lint's
/// model re-read, `IncrementalModel::reread`, or a fresh read) and the
/// shell scripts of the instructions it moved over unchanged, their offsets
/// moved with them, and what the last lint's window-local rules found.
fn dockerfile_model(
    snap: &Snapshot,
    tree: &tree_sitter::Tree,
) -> (
    IncrementalModel,
    Vec<(usize, Script)>,
    Option<WindowFindings>,
) {
    let text = snap.text.as_str();
    let Some(mut kept) = take_kept(&snap.key) else {
        return (IncrementalModel::read(text, tree), Vec::new(), None);
    };
    let model = kept.model.reread(&kept.text, text, tree, Some(&kept.tree));
    debug_assert_eq!(
        model.df,
        IncrementalModel::read(text, tree).df,
        "the re-read model drifted from a fresh read"
    );
    let carried = model
        .moved
        .iter()
        .filter_map(|&(old, new, by)| {
            let mut script = kept.scripts.get_mut(old)?.take()?;
            script.shift_by(by);
            Some((new, script))
        })
        .collect();
    (model, carried, Some(kept.findings))
}

fn keep_dockerfile_model(
    snap: &Snapshot,
    tree: &tree_sitter::Tree,
    model: IncrementalModel,
    scripts: Vec<Option<Script>>,
    findings: WindowFindings,
) {
    let kept = KeptModel {
        text: snap.text.clone(),
        tree: tree.clone(),
        model,
        scripts,
        findings,
    };
    DOCKERFILE_MODELS.with(|m| {
        let mut m = m.borrow_mut();
        m.retain(|(k, _)| *k != snap.key);
        if m.len() >= KEPT_MODELS {
            m.remove(0);
        }
        m.push((snap.key.clone(), kept));
    });
}

/// Forget a closed document's kept model (runs on the lint thread).
pub fn forget(key: &str) {
    take_kept(key);
}

/// The Kubernetes rules over one `---` document (`lint_document_tree`, on
/// the document's incrementally reparsed tree when it has one), offsets made
/// relative to the document so the result stays valid when it moves.
fn lint_kubernetes_document(
    path: Option<&std::path::Path>,
    text: &str,
    doc: &YamlDoc,
    config: &LintConfig,
) -> DocLint {
    let parsed;
    let tree = match &doc.tree {
        Some(t) => t,
        None => {
            let lang = crate::syntax::yaml::language();
            match crate::syntax::parse_tree(&lang, &text[doc.range.clone()], None) {
                Some(t) => {
                    parsed = t;
                    &parsed
                }
                None => {
                    let r = kubernetes::lint_document(path, text, doc.range.clone(), config);
                    return relative(r, doc.range.start);
                }
            }
        }
    };
    let r = kubernetes::lint_document_tree(path, text, doc.range.clone(), tree, config);
    relative(r, doc.range.start)
}

fn relative(r: kubernetes::DocumentResult, start: usize) -> DocLint {
    let at = -(start as isize);
    DocLint {
        diagnostics: r
            .diagnostics
            .into_iter()
            .map(|d| shift_diagnostic(d, at))
            .collect(),
        syntax_errors: r.syntax_error_count,
        summaries: r
            .summaries
            .into_iter()
            .map(|s| shift_summary(s, at))
            .collect(),
    }
}

fn shift_range(r: &mut std::ops::Range<usize>, by: isize) {
    *r = (r.start as isize + by) as usize..(r.end as isize + by) as usize;
}

/// The diagnostic with its range and its fix's edits moved by `by` bytes.
fn shift_diagnostic(mut d: Diagnostic, by: isize) -> Diagnostic {
    d.shift(by);
    d
}

fn shift_summary(mut s: kubernetes::Summary, by: isize) -> kubernetes::Summary {
    if let Some((_, r)) = &mut s.selector {
        shift_range(r, by);
    }
    if let Some((_, _, r)) = &mut s.hpa_cpu_target {
        shift_range(r, by);
    }
    s
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

#[cfg(test)]
fn severity(s: Severity) -> DiagnosticSeverity {
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

/// The `textDocument/publishDiagnostics` message for `diags`, written
/// straight from the engine's diagnostics (no `serde_json::Value` on the
/// way). The shape is LSP's `Diagnostic` with `data` = [`DiagnosticData`];
/// the bytes are what serde_json writes for it (a test compares them).
pub fn publish_frame(
    uri: &str,
    version: Option<i32>,
    diags: &[Diagnostic],
    text: &str,
    lines: &LineTable,
    enc: Encoding,
    settings: &Settings,
) -> Vec<u8> {
    // About 300 bytes per diagnostic: sized once, not grown by doubling.
    let mut out = Vec::with_capacity(256 + 384 * diags.len());
    out.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    json::string(&mut out, uri);
    out.extend_from_slice(br#","diagnostics":["#);
    for (n, d) in diags.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(br#"{"range":"#);
        json::range(&mut out, lines.range(text, &d.range, enc));
        out.extend_from_slice(br#","severity":"#);
        json::int(&mut out, severity_number(d.severity));
        out.extend_from_slice(br#","code":"#);
        json::string(&mut out, d.rule.code);
        if let Some(href) = settings.rule_url(d.rule.code, d.rule.name) {
            out.extend_from_slice(br#","codeDescription":{"href":"#);
            json::string(&mut out, &href);
            out.push(b'}');
        }
        out.extend_from_slice(br#","source":"dfix","message":"#);
        json::string(&mut out, &d.message);
        out.extend_from_slice(br#","data":{"version":"#);
        json::int(&mut out, i64::from(version.unwrap_or(0)));
        out.extend_from_slice(br#","fix":"#);
        match &d.fix {
            None => out.extend_from_slice(b"null"),
            Some(f) => {
                out.extend_from_slice(br#"{"title":"#);
                json::string(&mut out, &f.title);
                out.extend_from_slice(br#","applicability":"#);
                json::string(&mut out, f.applicability.as_str());
                out.extend_from_slice(br#","edits":["#);
                for (k, e) in f.edits.iter().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(br#"{"range":"#);
                    json::range(&mut out, lines.range(text, &e.range, enc));
                    out.extend_from_slice(br#","newText":"#);
                    json::string(&mut out, &e.content);
                    out.push(b'}');
                }
                out.extend_from_slice(b"]}");
            }
        }
        out.extend_from_slice(b"}}");
    }
    out.push(b']');
    if let Some(v) = version {
        out.extend_from_slice(br#","version":"#);
        json::int(&mut out, i64::from(v));
    }
    out.extend_from_slice(b"}}");
    out
}

/// LSP's number for a severity.
fn severity_number(s: Severity) -> i64 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    }
}

/// The pieces of JSON `publish_frame` writes.
mod json {
    use tower_lsp_server::lsp_types as lsp;

    /// A JSON string. Most need no escaping and are copied as they are;
    /// the others are escaped by serde_json.
    pub fn string(out: &mut Vec<u8>, s: &str) {
        if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        } else {
            // Writing a str into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, s);
        }
    }

    pub fn int(out: &mut Vec<u8>, n: i64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut v = n.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            out.push(b'-');
        }
        out.extend_from_slice(&buf[i..]);
    }

    fn position(out: &mut Vec<u8>, p: lsp::Position) {
        out.extend_from_slice(br#"{"line":"#);
        int(out, i64::from(p.line));
        out.extend_from_slice(br#","character":"#);
        int(out, i64::from(p.character));
        out.push(b'}');
    }

    pub fn range(out: &mut Vec<u8>, r: lsp::Range) {
        out.extend_from_slice(br#"{"start":"#);
        position(out, r.start);
        out.extend_from_slice(br#","end":"#);
        position(out, r.end);
        out.push(b'}');
    }
}

// The same message through serde: the reference `publish_frame` is
// checked against.
#[cfg(test)]
#[derive(Serialize)]
struct WireNotification<'a> {
    jsonrpc: &'static str,
    method: &'static str,
    params: WireParams<'a>,
}

#[cfg(test)]
#[derive(Serialize)]
struct WireParams<'a> {
    uri: &'a str,
    diagnostics: Vec<WireDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

#[cfg(test)]
#[derive(Serialize)]
struct WireDiagnostic<'a> {
    range: lsp::Range,
    severity: DiagnosticSeverity,
    code: &'static str,
    #[serde(rename = "codeDescription", skip_serializing_if = "Option::is_none")]
    code_description: Option<WireHref>,
    source: &'static str,
    message: &'a str,
    data: WireData<'a>,
}

#[cfg(test)]
#[derive(Serialize)]
struct WireHref {
    href: String,
}

#[cfg(test)]
/// [`DiagnosticData`], borrowed.
#[derive(Serialize)]
struct WireData<'a> {
    version: i32,
    fix: Option<WireFix<'a>>,
}

#[cfg(test)]
/// [`FixData`], borrowed.
#[derive(Serialize)]
struct WireFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<WireEdit<'a>>,
}

#[cfg(test)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireEdit<'a> {
    range: lsp::Range,
    new_text: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Edit, Fix};
    use tower_lsp_server::lsp_types::NumberOrString;

    /// The message through serde and the reference structs.
    fn reference_frame(
        uri: &str,
        version: Option<i32>,
        diags: &[Diagnostic],
        text: &str,
        lines: &LineTable,
        enc: Encoding,
        settings: &Settings,
    ) -> Vec<u8> {
        let diagnostics: Vec<WireDiagnostic> = diags
            .iter()
            .map(|d| WireDiagnostic {
                range: lines.range(text, &d.range, enc),
                severity: severity(d.severity),
                code: d.rule.code,
                code_description: settings
                    .rule_url(d.rule.code, d.rule.name)
                    .map(|href| WireHref { href }),
                source: "dfix",
                message: &d.message,
                data: WireData {
                    version: version.unwrap_or(0),
                    fix: d.fix.as_ref().map(|f| WireFix {
                        title: &f.title,
                        applicability: f.applicability.as_str(),
                        edits: f
                            .edits
                            .iter()
                            .map(|e| WireEdit {
                                range: lines.range(text, &e.range, enc),
                                new_text: &e.content,
                            })
                            .collect(),
                    }),
                },
            })
            .collect();
        serde_json::to_vec(&WireNotification {
            jsonrpc: "2.0",
            method: "textDocument/publishDiagnostics",
            params: WireParams {
                uri,
                diagnostics,
                version,
            },
        })
        .unwrap()
    }

    /// `publish_frame` writes the bytes serde_json writes for the message:
    /// escapes, non-ASCII text, fixes or none, links or none, versions.
    #[test]
    fn publish_frame_is_what_serde_writes() {
        let text = "FROM ubuntu\nRUN apt-get install \"curl\" ü😀\tx\n";
        let lines = LineTable::new(text);
        let mk = |code: &str, r: std::ops::Range<usize>, msg: &str| {
            Diagnostic::new(crate::rules::find(code).expect("rule"), r, msg)
        };
        let diags = vec![
            mk("DF001", 0..4, "plain"),
            mk(
                "DF011",
                12..20,
                "quote \" backslash \\ newline \n tab \t bell \u{7} ü 😀 \u{1f}",
            )
            .with_fix(Fix {
                title: "Add `-y` \"now\"".into(),
                applicability: Applicability::Unsafe,
                edits: vec![
                    Edit {
                        range: 20..20,
                        content: " -y\n\\".into(),
                    },
                    Edit {
                        range: 40..text.len(),
                        content: String::new(),
                    },
                ],
            }),
            mk("DF013", 33..38, "on ü😀"),
        ];
        // One kind of escape per message: no fast path may skip it.
        let diags: Vec<Diagnostic> = diags
            .into_iter()
            .chain(
                [
                    "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{7}", "\u{1f}", "\u{7f}", "/",
                ]
                .iter()
                .map(|m| mk("DF013", 1..2, &format!("a{m}b"))),
            )
            .collect();
        let linked = Settings::from_value(
            &serde_json::json!({"rulesUrl": "https://w.example/{name}?q=\"{code}\""}),
        )
        .0;
        for settings in [Settings::default(), linked] {
            for version in [None, Some(0), Some(7), Some(-3), Some(i32::MAX)] {
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    for uri in ["file:///x/Dockerfile", "untitled:Un \"1\""] {
                        let got = publish_frame(uri, version, &diags, text, &lines, enc, &settings);
                        let want =
                            reference_frame(uri, version, &diags, text, &lines, enc, &settings);
                        assert_eq!(
                            String::from_utf8(got).unwrap(),
                            String::from_utf8(want).unwrap()
                        );
                    }
                }
            }
        }
    }

    /// What `publish_frame` writes reads back as LSP's
    /// `PublishDiagnosticsParams`, and its `data` as `DiagnosticData` (what
    /// the quick fixes read).
    #[test]
    fn publish_frame_reads_back_as_lsp() {
        let text = "FROM ubuntu\nRUN apt-get install curl ü\n";
        let lines = LineTable::new(text);
        let rule = crate::rules::find("DF011").expect("rule");
        let d = Diagnostic::new(rule, 12..text.len() - 1, "needs -y").with_fix(Fix {
            title: "Add `-y`".into(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: text.len() - 1..text.len() - 1,
                content: " -y".into(),
            }],
        });
        let settings =
            Settings::from_value(&serde_json::json!({"rulesUrl": "https://w.example/{code}"})).0;
        let frame = publish_frame(
            "file:///x/Dockerfile",
            Some(7),
            &[d],
            text,
            &lines,
            Encoding::Utf16,
            &settings,
        );
        let v: serde_json::Value = serde_json::from_slice(&frame).unwrap();
        assert_eq!(v["method"], "textDocument/publishDiagnostics");
        let params: lsp::PublishDiagnosticsParams =
            serde_json::from_value(v["params"].clone()).unwrap();
        assert_eq!(params.version, Some(7));
        let got = &params.diagnostics[0];
        assert_eq!(
            got.range,
            lsp::Range::new(lsp::Position::new(1, 0), lsp::Position::new(1, 26))
        );
        assert_eq!(got.code, Some(NumberOrString::String("DF011".into())));
        assert_eq!(got.source.as_deref(), Some("dfix"));
        assert_eq!(
            got.code_description.as_ref().map(|c| c.href.as_str()),
            Some("https://w.example/DF011")
        );
        assert_eq!(got.severity, Some(severity(rule.severity)));
        let data: DiagnosticData = serde_json::from_value(got.data.clone().unwrap()).unwrap();
        assert_eq!(data.version, 7);
        let fix = data.fix.unwrap();
        assert_eq!(fix.applicability, "safe");
        assert_eq!(fix.edits[0].new_text, " -y");
        assert_eq!(fix.edits[0].range.start, lsp::Position::new(1, 26));
        // No version: the field is left out (a cleared document).
        let cleared = publish_frame(
            "file:///x/Dockerfile",
            None,
            &[],
            "",
            &LineTable::new(""),
            Encoding::Utf8,
            &Settings::default(),
        );
        let v: serde_json::Value = serde_json::from_slice(&cleared).unwrap();
        assert!(v["params"].get("version").is_none());
        assert_eq!(v["params"]["diagnostics"], serde_json::json!([]));
    }
}
