//! Open documents: text, line table and incrementally edited tree-sitter
//! trees.
//!
//! Every content change is turned into a byte-range replacement, applied to
//! the text and the line table, handed to tree-sitter as an `InputEdit`
//! (`Tree::edit`), and the tree is reparsed with the old one. Dockerfiles
//! keep one tree; YAML keeps one tree per `---` document, so an edit
//! reparses only the document it touches and the other documents keep their
//! lint results (`YamlDoc::lint`).
//!
//! The text is a `String` and not a rope: the engine reads one contiguous
//! `&str` per lint, so a rope would cost a full copy per edit, while a
//! `String` edit is one `memmove`; the line table is updated in place.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::lsp_types::{TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Tree};

use super::position::{Encoding, LineTable};
use crate::engine::Diagnostic;
use crate::syntax::{self, dockerfile, yaml, FileKind};

/// One `---` document of a YAML file and what we know about it.
#[derive(Debug, Clone)]
pub struct YamlDoc {
    pub range: Range<usize>,
    /// Kept only while the document is being edited (see
    /// `Document::drop_cold_trees`); parsed again on its next edit.
    pub tree: Option<Tree>,
    /// Reparsed by the latest change: its tree is worth keeping.
    pub hot: bool,
    /// The rules' findings for this document's text (offsets relative to
    /// `range.start`), before configuration and ignores; dropped whenever
    /// the document's text changes.
    pub lint: Option<Arc<DocLint>>,
}

/// The rules' output for one YAML document, offsets relative to its start.
#[derive(Debug, Clone, Default)]
pub struct DocLint {
    pub diagnostics: Vec<Diagnostic>,
    pub syntax_errors: usize,
    /// What the cross-document pass reads from this document.
    pub summaries: Vec<crate::rules::kubernetes::Summary>,
}

#[derive(Debug, Clone)]
pub enum Trees {
    /// Files linted as a whole by the engine (compose, Helm templates,
    /// unknown kinds).
    None,
    Dockerfile(Option<Tree>),
    Yaml(Vec<YamlDoc>),
}

#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub language_id: String,
    /// `None`: not a file dfix checks.
    pub kind: Option<FileKind>,
    pub version: i32,
    pub text: Arc<String>,
    pub lines: Arc<LineTable>,
    pub trees: Trees,
    /// When the latest change arrived (for the server-side latency figures).
    pub changed_at: Option<std::time::Instant>,
    /// A Dockerfile on disk: its build context (for the `.dockerignore`
    /// rules). Outer `None`: not gathered yet (or a watched file changed).
    pub build_context: Option<BuildContextSlot>,
    /// The document is a file on disk (`file:` URI), so it has a context.
    pub on_disk: bool,
    /// A file on disk: the configuration dfix.toml / .hadolint.yaml give
    /// it. `None`: not resolved yet (or a watched config file changed).
    pub file_config: Option<Arc<crate::engine::LintConfig>>,
}

/// A gathered build context, or `None` when the file has none.
pub type BuildContextSlot = Option<Arc<crate::dockerignore::BuildContext>>;

fn uri_is_file(uri: &Uri) -> bool {
    uri.scheme().is_some_and(|s| s.as_str() == "file")
}

/// Kind from the client's language id, falling back on the file name and,
/// for YAML, the content.
pub fn kind_for(language_id: &str, path: Option<&std::path::Path>, text: &str) -> Option<FileKind> {
    let by_name = path.and_then(syntax::kind_from_name);
    match language_id {
        "dockerfile" | "containerfile" => Some(FileKind::Dockerfile),
        "dockercompose" | "docker-compose" | "yaml.docker-compose" => Some(FileKind::Compose),
        "yaml" | "helm" => match by_name {
            Some(FileKind::Compose) => Some(FileKind::Compose),
            _ => Some(syntax::yaml_kind(text)),
        },
        _ => path.and_then(|p| syntax::detect_kind(p, text)),
    }
}

impl Document {
    pub fn open(
        uri: Uri,
        path: Option<PathBuf>,
        language_id: String,
        version: i32,
        text: String,
    ) -> Document {
        let kind = kind_for(&language_id, path.as_deref(), &text);
        let on_disk = uri_is_file(&uri);
        let mut doc = Document {
            uri,
            path,
            language_id,
            kind,
            version,
            lines: Arc::new(LineTable::new(&text)),
            text: Arc::new(text),
            trees: Trees::None,
            changed_at: None,
            build_context: None,
            on_disk,
            file_config: None,
        };
        doc.trees = doc.fresh_trees();
        doc
    }

    fn is_yaml_language(&self) -> bool {
        matches!(self.kind, Some(FileKind::Kubernetes | FileKind::Yaml))
    }

    fn fresh_trees(&self) -> Trees {
        let text = self.text.as_str();
        match self.kind {
            Some(FileKind::Dockerfile) => {
                Trees::Dockerfile(syntax::parse_tree(&dockerfile::language(), text, None))
            }
            // No trees yet: the lint parses each document in turn (and
            // drops its tree), so opening a large file never holds every
            // tree at once; the first edit of a document parses it again.
            _ if self.is_yaml_language() && !text.contains("{{") => Trees::Yaml(
                yaml::split_documents(text)
                    .into_iter()
                    .map(|range| YamlDoc {
                        tree: None,
                        range,
                        lint: None,
                        hot: false,
                    })
                    .collect(),
            ),
            _ => Trees::None,
        }
    }

    /// Apply one `didChange` content change.
    pub fn apply_change(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        let Some(range) = change.range else {
            self.text = Arc::new(change.text.clone());
            self.lines = Arc::new(LineTable::new(&self.text));
            self.refresh_kind();
            self.trees = self.fresh_trees();
            return;
        };
        let a = self.lines.offset(&self.text, range.start, enc);
        let b = self.lines.offset(&self.text, range.end, enc);
        let old = a.min(b)..a.max(b);
        let new_text = change.text.as_str();
        let start_position = self.lines.point(old.start);
        let old_end_position = self.lines.point(old.end);
        Arc::make_mut(&mut self.text).replace_range(old.clone(), new_text);
        Arc::make_mut(&mut self.lines).apply(old.clone(), new_text);
        let new_end = old.start + new_text.len();
        let edit = InputEdit {
            start_byte: old.start,
            old_end_byte: old.end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: self.lines.point(new_end),
        };
        let kind_before = self.kind;
        self.refresh_kind();
        let templates = self.text.contains("{{");
        match &mut self.trees {
            Trees::Dockerfile(tree) if self.kind == kind_before => {
                if let Some(t) = tree.as_mut() {
                    t.edit(&edit);
                }
                *tree = syntax::parse_tree(&dockerfile::language(), &self.text, tree.as_ref());
            }
            Trees::Yaml(docs) if self.kind == kind_before && !templates => {
                let new_docs = edit_yaml_docs(docs, &self.text, &self.lines, &edit);
                *docs = new_docs;
            }
            _ => self.trees = self.fresh_trees(),
        }
    }

    /// Trees are memory-hungry (several times the text): once a YAML
    /// document's lint is cached, only the documents being edited keep
    /// theirs. A later edit elsewhere parses that one document afresh, once.
    pub fn drop_cold_trees(&mut self) {
        if let Trees::Yaml(docs) = &mut self.trees {
            for d in docs.iter_mut() {
                if !d.hot && d.lint.is_some() {
                    d.tree = None;
                }
            }
        }
    }

    /// Forget the cached per-document lints (the settings changed).
    pub fn forget_document_lints(&mut self) {
        if let Trees::Yaml(docs) = &mut self.trees {
            for d in docs.iter_mut() {
                d.lint = None;
            }
        }
    }

    /// YAML files change kind with their content (a `kind:` line typed).
    fn refresh_kind(&mut self) {
        if matches!(self.language_id.as_str(), "yaml" | "helm") || self.is_yaml_language() {
            self.kind = kind_for(&self.language_id, self.path.as_deref(), &self.text);
        }
    }
}

/// New per-document trees after `edit` (absolute offsets) changed `text`:
/// documents the edit did not touch keep their tree and lint results; the
/// document that contains the whole edit is reparsed incrementally; any
/// other new document is parsed afresh.
fn edit_yaml_docs(
    old_docs: &[YamlDoc],
    text: &str,
    lines: &LineTable,
    edit: &InputEdit,
) -> Vec<YamlDoc> {
    let lang = yaml::language();
    let delta = edit.new_end_byte as isize - edit.old_end_byte as isize;
    let shift =
        |r: &Range<usize>| (r.start as isize + delta) as usize..(r.end as isize + delta) as usize;
    let new_ranges = yaml::split_documents(text);
    let mut out = Vec::with_capacity(new_ranges.len());
    for range in new_ranges {
        let unchanged = old_docs.iter().find(|d| {
            (d.range.end <= edit.start_byte && d.range == range)
                || (d.range.start >= edit.old_end_byte
                    && d.range.start > edit.start_byte
                    && shift(&d.range) == range)
        });
        if let Some(d) = unchanged {
            out.push(YamlDoc {
                range,
                tree: d.tree.clone(),
                lint: d.lint.clone(),
                hot: false,
            });
            continue;
        }
        // The old document holding the whole edit, if it became this one.
        let holder = old_docs.iter().find(|d| {
            d.range.start <= edit.start_byte
                && edit.old_end_byte <= d.range.end
                && d.range.start == range.start
                && (d.range.end as isize + delta) as usize == range.end
        });
        let tree = match holder.and_then(|d| d.tree.clone()) {
            Some(mut t) => {
                let base = range.start;
                let base_row = lines.line_of(base);
                let rel =
                    |p: tree_sitter::Point| tree_sitter::Point::new(p.row - base_row, p.column);
                t.edit(&InputEdit {
                    start_byte: edit.start_byte - base,
                    old_end_byte: edit.old_end_byte - base,
                    new_end_byte: edit.new_end_byte - base,
                    start_position: rel(edit.start_position),
                    old_end_position: rel(edit.old_end_position),
                    new_end_position: rel(edit.new_end_position),
                });
                syntax::parse_tree(&lang, &text[range.clone()], Some(&t))
            }
            None => syntax::parse_tree(&lang, &text[range.clone()], None),
        };
        out.push(YamlDoc {
            range,
            tree,
            lint: None,
            hot: true,
        });
    }
    out
}
