//! One function per LSP request or notification. The `LanguageServer` impl
//! in `server` only delegates here.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::lsp_types::*;

use super::code_actions::{self, FixAllData};
use super::document::Document;
use super::hover;
use super::lint;
use super::position::{Encoding, LineTable};
use super::session::{key, uri_path, Session};
use super::settings::Settings;
use crate::engine::FixOptions;

pub fn initialize(s: &Session, params: InitializeParams) -> InitializeResult {
    let caps = &params.capabilities;
    let enc = Encoding::negotiate(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let mut st = s.state();
    st.encoding = enc;
    st.resolve_edits = caps
        .text_document
        .as_ref()
        .and_then(|t| t.code_action.as_ref())
        .and_then(|c| c.resolve_support.as_ref())
        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
    st.pull_configuration = caps
        .workspace
        .as_ref()
        .and_then(|w| w.configuration)
        .unwrap_or(false);
    st.dynamic_watch = caps
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if let Some(opts) = &params.initialization_options {
        st.settings = Settings::from_value(opts).0;
    }
    #[allow(deprecated)] // root_uri: older clients send only that
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref());
    st.workspace_root = root.and_then(|u| uri_path(u).filter(|p| p.is_absolute()));
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(enc.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    code_actions::fix_all_kind(),
                ]),
                resolve_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "dfix".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

pub async fn initialized(s: &Arc<Session>) {
    let (watch, pull) = {
        let st = s.state();
        (st.dynamic_watch, st.pull_configuration)
    };
    if watch {
        let watchers = [
            "**/.dockerignore",
            "**/*.dockerignore",
            "**/dfix.toml",
            "**/.dfix.toml",
        ]
        .into_iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        })
        .collect();
        let opts = DidChangeWatchedFilesRegistrationOptions { watchers };
        let reg = Registration {
            id: "dfix-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(opts).ok(),
        };
        if let Err(e) = s.client.register_capability(vec![reg]).await {
            s.client
                .log_message(
                    MessageType::WARNING,
                    format!("dfix: cannot watch files: {e}"),
                )
                .await;
        }
    }
    if pull {
        pull_settings(s).await;
    }
}

/// Ask the client for the `dfix` section; re-lint if it changed.
async fn pull_settings(s: &Arc<Session>) {
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("dfix".to_string()),
    };
    let Ok(values) = s.client.configuration(vec![item]).await else {
        return;
    };
    let Some(v) = values.into_iter().next() else {
        return;
    };
    apply_settings(s, &v).await;
}

async fn apply_settings(s: &Arc<Session>, v: &Value) {
    if v.is_null() {
        return;
    }
    let (settings, msg) = Settings::from_value(v);
    if let Some(m) = msg {
        s.client.log_message(MessageType::WARNING, m).await;
    }
    let changed = {
        let mut st = s.state();
        let changed = st.settings != settings;
        st.settings = settings;
        changed
    };
    if changed {
        s.relint_where(|_| true);
    }
}

pub async fn did_change_configuration(s: &Arc<Session>, params: DidChangeConfigurationParams) {
    let pull = s.state().pull_configuration;
    if pull {
        pull_settings(s).await;
    } else {
        apply_settings(s, &params.settings).await;
    }
}

pub fn did_open(s: &Arc<Session>, params: DidOpenTextDocumentParams) {
    let td = params.text_document;
    let k = key(&td.uri);
    let path = uri_path(&td.uri);
    let doc = Document::open(td.uri, path, td.language_id, td.version, td.text);
    {
        let mut st = s.state();
        st.results.remove(&k);
        st.docs.insert(k.clone(), doc);
    }
    s.schedule(k);
}

pub fn did_change(s: &Arc<Session>, params: DidChangeTextDocumentParams) {
    let received = std::time::Instant::now();
    let k = key(&params.text_document.uri);
    {
        let mut st = s.state();
        let enc = st.encoding;
        let Some(doc) = st.docs.get_mut(&k) else {
            return;
        };
        for change in &params.content_changes {
            doc.apply_change(change, enc);
        }
        doc.version = params.text_document.version;
        doc.changed_at = Some(received);
    }
    s.schedule(k);
}

pub fn did_close(s: &Arc<Session>, params: DidCloseTextDocumentParams) {
    let k = key(&params.text_document.uri);
    let mut st = s.state();
    st.docs.remove(&k);
    st.results.remove(&k);
    s.forget(k);
    let empty = LineTable::new("");
    s.outbox.send(lint::publish_frame(
        params.text_document.uri.as_str(),
        None,
        &[],
        "",
        &empty,
        Encoding::Utf8,
        &Settings::default(),
    ));
}

/// `.dockerignore` changed: refresh the Dockerfiles beside it. `dfix.toml`
/// changed: refresh everything.
pub fn did_change_watched_files(s: &Arc<Session>, params: DidChangeWatchedFilesParams) {
    let mut all = false;
    let mut dirs = Vec::new();
    for ch in &params.changes {
        let Some(path) = uri_path(&ch.uri) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".dockerignore") {
            if let Some(dir) = path.parent() {
                dirs.push(dir.to_path_buf());
            }
        } else if matches!(
            name.as_str(),
            "dfix.toml" | ".dfix.toml" | ".hadolint.yaml" | ".hadolint.yml"
        ) {
            all = true;
        }
    }
    if all {
        s.relint_where(|_| true);
    } else if !dirs.is_empty() {
        s.relint_where(|d| {
            d.kind == Some(crate::syntax::FileKind::Dockerfile)
                && d.path
                    .as_deref()
                    .and_then(|p| p.parent())
                    .is_some_and(|p| dirs.iter().any(|x| x == p))
        });
    }
}

pub fn hover(s: &Session, params: HoverParams) -> Option<Hover> {
    let pos = params.text_document_position_params;
    let k = key(&pos.text_document.uri);
    let st = s.state();
    let doc = st.docs.get(&k)?;
    let diags = st.current(&k)?;
    let offset = doc.lines.offset(&doc.text, pos.position, st.encoding);
    hover::hover(doc, &diags, offset, st.encoding)
}

pub fn code_action(s: &Session, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let k = key(&uri);
    let (doc, enc, resolve, settings, current) = {
        let st = s.state();
        let doc = st.docs.get(&k)?.clone();
        (
            doc,
            st.encoding,
            st.resolve_edits,
            st.settings.clone(),
            st.current(&k),
        )
    };
    let only = params.context.only.as_deref();
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    if code_actions::wanted(only, &CodeActionKind::QUICKFIX) {
        let diags = &params.context.diagnostics;
        let mut fixes = code_actions::quick_fixes(&uri, &doc, diags);
        fixes.extend(code_actions::dockerignore_action(&doc, diags, enc));
        // Safe fixes first.
        fixes.sort_by_key(|a| !a.is_preferred.unwrap_or(false));
        actions.extend(fixes.into_iter().map(CodeActionOrCommand::CodeAction));
        actions.extend(
            code_actions::ignore_actions(&uri, &doc, diags, enc)
                .into_iter()
                .map(CodeActionOrCommand::CodeAction),
        );
    }
    if code_actions::wanted(only, &code_actions::fix_all_kind()) {
        let min = settings.fix_all_applicability();
        let worth = current.as_ref().is_none_or(|d| {
            d.iter()
                .any(|x| x.fix.as_ref().is_some_and(|f| f.applicability >= min))
        });
        if worth {
            let edits = if resolve {
                None
            } else {
                fix_all_edits(&doc, &settings, enc)
            };
            if resolve || edits.is_some() {
                actions.push(CodeActionOrCommand::CodeAction(
                    code_actions::fix_all_action(&uri, &doc, edits),
                ));
            }
        }
    }
    Some(actions)
}

fn fix_all_edits(doc: &Document, settings: &Settings, enc: Encoding) -> Option<Vec<TextEdit>> {
    let opts = FixOptions {
        min_applicability: settings.fix_all_applicability(),
        ..FixOptions::default()
    };
    let base = doc.file_config.as_deref().cloned().unwrap_or_default();
    let mut config = settings.overlay(&base);
    if let Some(Some(bc)) = &doc.build_context {
        config.inputs.build_context = Some(bc.clone());
    }
    code_actions::fix_all_edits(doc, &config, &opts, enc)
}

pub fn code_action_resolve(s: &Session, mut action: CodeAction) -> CodeAction {
    if action.edit.is_some() {
        return action;
    }
    let Some(data) = action
        .data
        .clone()
        .and_then(|v| serde_json::from_value::<FixAllData>(v).ok())
    else {
        return action;
    };
    let (doc, enc, settings) = {
        let st = s.state();
        let Some(doc) = st.docs.get(&key(&data.uri)) else {
            return action;
        };
        (doc.clone(), st.encoding, st.settings.clone())
    };
    // Computed for the current version; the edit names it, so a client
    // whose document moved on again refuses it.
    let edits = fix_all_edits(&doc, &settings, enc).unwrap_or_default();
    action.edit = Some(code_actions::document_edit(&data.uri, doc.version, edits));
    action
}

/// `shutdown`: with `DFIX_LSP_STATS=FILE` in the environment, write the
/// server-side edit→publish latencies (benchmarks read them).
pub fn shutdown(s: &Session) {
    if let Some(path) = std::env::var_os("DFIX_LSP_STATS") {
        let _ = std::fs::write(path, s.latency_stats().to_string());
    }
}

/// `dfix/documentText`: the server's copy of a document (tests and bug
/// reports compare it with the editor's).
#[derive(Debug, serde::Deserialize)]
pub struct DocumentTextParams {
    pub uri: Uri,
}

#[derive(Debug, serde::Serialize)]
pub struct DocumentTextResult {
    pub version: i32,
    pub text: String,
    pub kind: Option<String>,
}

pub fn document_text(
    s: &Session,
    params: DocumentTextParams,
) -> Result<Option<DocumentTextResult>> {
    let st = s.state();
    Ok(st.docs.get(&key(&params.uri)).map(|d| DocumentTextResult {
        version: d.version,
        text: d.text.to_string(),
        kind: d.kind.map(|k| k.as_str().to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use crate::engine::Applicability;

    /// `code_actions::quick_fixes` reads back the names `lint::to_lsp` writes.
    #[test]
    fn applicability_names_round_trip() {
        for a in [
            Applicability::Safe,
            Applicability::Unsafe,
            Applicability::Suggestion,
        ] {
            let label = crate::lsp::lint::fix_label("t", a);
            assert!(label.starts_with('t'));
            assert!(matches!(a.as_str(), "safe" | "unsafe" | "suggestion"));
        }
    }
}
