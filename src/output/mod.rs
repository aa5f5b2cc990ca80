//! Output formats: human text with snippets, JSON, SARIF, GitHub annotations
//! and review bodies, checkstyle, GitLab code quality, rdjson, unified diffs.
//!
//! Owns: turning diagnostics of checked files into bytes for a terminal or a
//! machine. Never touches: the file system, rules or fixes (it only shows
//! them). Lines and columns are 1-based here, columns in characters (SARIF:
//! UTF-16 code units; rdjson: UTF-8 bytes, as those formats define them).

pub mod checkstyle;
pub mod github;
pub mod github_review;
pub mod gitlab;
pub mod json;
pub mod rdjson;
pub mod sarif;
pub mod text;

use crate::cli::{InputError, SourceFile};
use crate::engine::Diagnostic;
use crate::syntax::line_index::{ColumnUnit, LineIndex};
use crate::syntax::FileKind;

/// Findings of one file, with the text their ranges point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub display: String,
    pub kind: FileKind,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn new(src: &SourceFile, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            display: src.display.clone(),
            kind: src.kind,
            source: src.text.clone(),
            diagnostics,
        }
    }
}

/// Everything a run produced.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files_checked: usize,
    pub files: Vec<FileReport>,
    pub errors: Vec<InputError>,
}

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// 1-based start and end positions of a byte range, columns in characters.
pub fn positions(
    text: &str,
    idx: &LineIndex,
    range: &std::ops::Range<usize>,
) -> (Position, Position) {
    let s = idx.line_col(text, range.start, ColumnUnit::Char);
    let e = idx.line_col(text, range.end, ColumnUnit::Char);
    (
        Position {
            line: s.line + 1,
            column: s.col + 1,
        },
        Position {
            line: e.line + 1,
            column: e.col + 1,
        },
    )
}

/// A unified diff of `old` → `new` for `path` (`a/path`, `b/path`).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    out.push_str(&format!("--- a/{path}\n+++ b/{path}\n"));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&hunk.to_string());
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    // `\ No newline at end of file` markers come from `similar` itself.
    out
}
