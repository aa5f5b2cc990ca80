//! Code actions: a quick fix per fix (read from the diagnostic's `data`),
//! "Ignore CODE on this line" (inserts the `# dfix: ignore[CODE]` pragma),
//! and `source.fixAll.dfix` (the engine's `fix_text`, as `--write`).

use tower_lsp_server::lsp_types::{
    self as lsp, CodeAction, CodeActionKind, NumberOrString,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::document::Document;
use super::lint::{fix_label, DiagnosticData};
use super::position::Encoding;
use crate::engine::{self, FixOptions, LintConfig};
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::FileKind;

pub const FIX_ALL: &str = "source.fixAll.dfix";

pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new(FIX_ALL)
}

/// A workspace edit of one document at one version: the client refuses it
/// if the document moved on.
pub fn document_edit(uri: &Uri, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: None,
        document_changes: Some(lsp::DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(version),
            },
            edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
        }])),
        change_annotations: None,
    }
}

/// Quick fixes for diagnostics the client sent back; their edits come from
/// `data`. Diagnostics of another version are skipped (stale).
pub fn quick_fixes(uri: &Uri, doc: &Document, diags: &[lsp::Diagnostic]) -> Vec<CodeAction> {
    let mut out = Vec::new();
    for d in diags {
        if d.source.as_deref() != Some("dfix") {
            continue;
        }
        let Some(data) = d
            .data
            .clone()
            .and_then(|v| serde_json::from_value::<DiagnosticData>(v).ok())
        else {
            continue;
        };
        if data.version != doc.version {
            continue;
        }
        let Some(fix) = data.fix else { continue };
        let applicability = match fix.applicability.as_str() {
            "safe" => engine::Applicability::Safe,
            "unsafe" => engine::Applicability::Unsafe,
            _ => engine::Applicability::Suggestion,
        };
        out.push(CodeAction {
            title: fix_label(&fix.title, applicability),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(document_edit(uri, doc.version, fix.edits)),
            command: None,
            is_preferred: Some(applicability == engine::Applicability::Safe),
            disabled: None,
            data: None,
        });
    }
    out
}

/// "Ignore CODE on this line" for each dfix diagnostic (once per code and
/// line).
pub fn ignore_actions(
    uri: &Uri,
    doc: &Document,
    diags: &[lsp::Diagnostic],
    enc: Encoding,
) -> Vec<CodeAction> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for d in diags {
        let Some(NumberOrString::String(code)) = &d.code else {
            continue;
        };
        if d.source.as_deref() != Some("dfix") || code.ends_with("000") {
            continue; // syntax errors cannot be ignored
        }
        if seen.contains(&(code.clone(), d.range.start.line)) {
            continue;
        }
        seen.push((code.clone(), d.range.start.line));
        let offset = doc.lines.offset(&doc.text, d.range.start, enc);
        let Some(edit) = ignore_edit(doc, offset, code) else {
            continue;
        };
        let range = doc.lines.range(&doc.text, &edit.range, enc);
        out.push(CodeAction {
            title: format!("Ignore {code} on this line"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(document_edit(
                uri,
                doc.version,
                vec![TextEdit {
                    range,
                    new_text: edit.content,
                }],
            )),
            command: None,
            is_preferred: Some(false),
            disabled: None,
            data: None,
        });
    }
    out
}

/// The edit that makes the engine ignore `code` at `offset`: add it to a
/// `# dfix: ignore[…]` pragma already there, or insert one — above the
/// Dockerfile instruction (same indentation, same line ending), or at the end
/// of the YAML line (above it when the end of the line is inside a string).
pub fn ignore_edit(doc: &Document, offset: usize, code: &str) -> Option<engine::Edit> {
    let text = doc.text.as_str();
    let lines = &doc.lines;
    let (pragma_line, insert_line) = match doc.kind? {
        FileKind::Dockerfile => {
            let df = Dockerfile::parse(text);
            let ins = df
                .instructions
                .iter()
                .find(|i| i.range.start <= offset && offset <= i.range.end)?;
            let line = ins.start_line;
            (line.checked_sub(1), line)
        }
        _ => {
            let line = lines.line_of(offset);
            (Some(line), line)
        }
    };
    // An existing pragma: add the code to its list.
    if let Some(pl) = pragma_line {
        let r = lines.line_content(text, pl);
        let content = &text[r.clone()];
        if let Some(p) = content.find("# dfix: ignore[") {
            let open = r.start + p + "# dfix: ignore[".len();
            let close = open + text[open..r.end].find(']')?;
            let listed = &text[open..close];
            if listed
                .split(',')
                .any(|c| c.trim().eq_ignore_ascii_case(code))
            {
                return None;
            }
            let sep = if listed.trim().is_empty() { "" } else { "," };
            return Some(engine::Edit::insert(close, format!("{sep}{code}")));
        }
    }
    let r = lines.line_content(text, insert_line);
    let crlf = text[r.clone()].ends_with('\r');
    let r = r.start..r.end - usize::from(crlf);
    let content = &text[r.clone()];
    match doc.kind? {
        FileKind::Dockerfile => {
            let indent_len = content.len() - content.trim_start_matches([' ', '\t']).len();
            let indent = &content[..indent_len];
            let newline = if crlf { "\r\n" } else { "\n" };
            Some(engine::Edit::insert(
                r.start,
                format!("{indent}# dfix: ignore[{code}]{newline}"),
            ))
        }
        _ => {
            // At the end of the line, or else on a comment line above it:
            // whichever leaves the YAML's data as it was (a pragma must not
            // land inside a block scalar or a multi-line string). Neither:
            // no action.
            let trimmed = content.trim_end_matches([' ', '\t']);
            let end = r.start + trimmed.len();
            let sep = if trimmed.is_empty() { "" } else { " " };
            let at_end = engine::Edit::replace(end..r.end, format!("{sep}# dfix: ignore[{code}]"));
            let indent_len = content.len() - content.trim_start_matches(' ').len();
            let newline = if crlf { "\r\n" } else { "\n" };
            let above = engine::Edit::insert(
                r.start,
                format!("{}# dfix: ignore[{code}]{newline}", &content[..indent_len]),
            );
            [at_end, above]
                .into_iter()
                .find(|e| yaml_data_kept(text, e))
        }
    }
}

/// Does `edit` leave the data of the YAML document it falls in unchanged?
/// (True when that document does not parse to begin with: nothing to
/// compare, and the pragma goes at the end of the line as asked.)
fn yaml_data_kept(text: &str, edit: &engine::Edit) -> bool {
    let Some(doc) = crate::syntax::yaml::split_documents(text)
        .into_iter()
        .find(|d| d.start <= edit.range.start && edit.range.end <= d.end)
    else {
        return true;
    };
    let before = &text[doc.clone()];
    let Ok(old) = serde_yaml::from_str::<serde_yaml::Value>(before) else {
        return true;
    };
    let mut after = before.to_string();
    after.replace_range(
        edit.range.start - doc.start..edit.range.end - doc.start,
        &edit.content,
    );
    serde_yaml::from_str::<serde_yaml::Value>(&after).is_ok_and(|new| new == old)
}

/// Fix-all as text edits: `engine::fix_text` (the engine `--write` uses),
/// returned as one minimal replacement (common prefix and suffix kept, so
/// the cursor and the undo history stay put). `None`: nothing to fix.
pub fn fix_all_edits(
    doc: &Document,
    config: &LintConfig,
    opts: &FixOptions,
    enc: Encoding,
) -> Option<Vec<TextEdit>> {
    let kind = doc.kind?;
    let outcome = engine::fix_text(doc.path.as_deref(), &doc.text, kind, config, opts);
    if outcome.text == *doc.text {
        return None;
    }
    let (old, new) = (doc.text.as_str(), outcome.text.as_str());
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let range = doc.lines.range(old, &(prefix..old.len() - suffix), enc);
    Some(vec![TextEdit {
        range,
        new_text: new[prefix..new.len() - suffix].to_string(),
    }])
}

/// `data` of a lazily resolved fix-all action.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FixAllData {
    pub uri: Uri,
    pub version: i32,
}

pub fn fix_all_action(uri: &Uri, doc: &Document, edits: Option<Vec<TextEdit>>) -> CodeAction {
    let data = FixAllData {
        uri: uri.clone(),
        version: doc.version,
    };
    CodeAction {
        title: "Fix all auto-fixable problems (dfix)".to_string(),
        kind: Some(fix_all_kind()),
        diagnostics: None,
        edit: edits.map(|e| document_edit(uri, doc.version, e)),
        command: None,
        is_preferred: None,
        disabled: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// Does the `only` filter of a code action request let `kind` through?
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|o| {
            let o = o.as_str();
            kind.as_str() == o || kind.as_str().starts_with(&format!("{o}."))
        }),
    }
}

/// For a `.dockerignore` diagnostic (DF050 missing file, DF051 missing
/// entries) of a Dockerfile on disk: create or extend the ignore file, the
/// same edit `dfix --write` makes (`cli::dockerignore_edit_for`).
pub fn dockerignore_action(
    doc: &Document,
    diags: &[lsp::Diagnostic],
    enc: Encoding,
) -> Option<CodeAction> {
    use tower_lsp_server::UriExt;
    let wanted = diags.iter().find(|d| {
        d.source.as_deref() == Some("dfix")
            && matches!(&d.code, Some(NumberOrString::String(c)) if c == "DF050" || c == "DF051")
    })?;
    if !doc.on_disk || doc.kind != Some(FileKind::Dockerfile) {
        return None;
    }
    let path = doc.path.as_deref()?;
    let edit = crate::cli::dockerignore_edit_for(path, &doc.text, None, true)?;
    let dir = edit.path.parent()?;
    let name = edit.path.file_name()?.to_str()?;
    let dir_uri = Uri::from_file_path(dir)?;
    let uri: Uri = format!("{}/{}", dir_uri.as_str().trim_end_matches('/'), name)
        .parse()
        .ok()?;
    let changes = if edit.exists {
        // Insert at the end of the existing text (a prefix of `new_text`).
        let old = &edit.new_text[..edit.new_text.len() - edit.appended.len()];
        let lines = super::position::LineTable::new(old);
        let end = lines.position(old, old.len(), enc);
        lsp::DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![lsp::OneOf::Left(TextEdit {
                range: lsp::Range::new(end, end),
                new_text: edit.appended.clone(),
            })],
        }])
    } else {
        let start = lsp::Position::new(0, 0);
        lsp::DocumentChanges::Operations(vec![
            lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
                uri: uri.clone(),
                options: Some(lsp::CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            })),
            lsp::DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![lsp::OneOf::Left(TextEdit {
                    range: lsp::Range::new(start, start),
                    new_text: edit.new_text.clone(),
                })],
            }),
        ])
    };
    Some(CodeAction {
        title: fix_label(&edit.title, edit.applicability),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![wanted.clone()]),
        edit: Some(WorkspaceEdit {
            changes: None,
            document_changes: Some(changes),
            change_annotations: None,
        }),
        command: None,
        is_preferred: Some(edit.applicability == engine::Applicability::Safe),
        disabled: None,
        data: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_doc(text: &str) -> Document {
        let uri: Uri = "untitled:deploy.yaml".parse().expect("uri");
        Document::open(uri, None, "yaml".into(), 1, text.to_string())
    }

    fn applied(text: &str, e: &engine::Edit) -> String {
        let mut t = text.to_string();
        t.replace_range(e.range.clone(), &e.content);
        t
    }

    #[test]
    fn yaml_pragma_goes_where_it_keeps_the_data() {
        let text = "kind: Pod\nspec:\n  image: nginx\n  script: |\n    echo a\n    echo b\n  note: \"two\n    lines\"\n";
        let doc = yaml_doc(text);
        // A plain `key: value` line: at its end.
        let at = text.find("image").unwrap();
        let e = ignore_edit(&doc, at, "KS001").unwrap();
        assert!(applied(text, &e).contains("  image: nginx # dfix: ignore[KS001]\n"));
        // The first line of a multi-line string: the end of the line is
        // inside the string, so the pragma goes above.
        let at = text.find("note").unwrap();
        let e = ignore_edit(&doc, at, "KS001").unwrap();
        assert!(applied(text, &e).contains("  # dfix: ignore[KS001]\n  note: \"two\n"));
        // Inside a block scalar both places would change the script: none.
        let at = text.find("echo b").unwrap();
        assert!(ignore_edit(&doc, at, "KS001").is_none());
        // The block scalar's header line takes a trailing comment.
        let at = text.find("script").unwrap();
        let e = ignore_edit(&doc, at, "KS001").unwrap();
        assert!(applied(text, &e).contains("  script: | # dfix: ignore[KS001]\n"));
    }
}
