//! An open document: its text in a rope, its kind, and its tree-sitter
//! trees, kept up to date by incremental edits (`Tree::edit` followed by a
//! reparse that reuses the old tree). YAML streams keep one tree per `---`
//! document, so an edit reparses only the document it touches.
//!
//! Owns: text + trees of one file. Never touches: rules, IO, LSP types.

use std::ops::Range;

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use super::{dockerfile, parse_tree, yaml, FileKind};

/// One parsed tree and the byte range of the text it covers.
#[derive(Debug, Clone)]
pub struct Part {
    pub range: Range<usize>,
    pub tree: Tree,
}

/// A document being edited.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: FileKind,
    rope: Rope,
    /// The text as a `String`, kept in step with the rope (rules take `&str`).
    text: String,
    parts: Vec<Part>,
    /// Indices of the parts the last `edit` reparsed (all of them after a
    /// re-split): what a caller must re-lint.
    reparsed: Vec<usize>,
}

fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let col = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|p| p + 1)
            .unwrap_or(0);
    Point { row, column: col }
}

impl Document {
    pub fn new(kind: FileKind, text: &str) -> Document {
        let mut doc = Document {
            kind,
            rope: Rope::from_str(text),
            text: text.to_string(),
            parts: Vec::new(),
            reparsed: Vec::new(),
        };
        doc.parts = doc.parse_all();
        doc.reparsed = (0..doc.parts.len()).collect();
        doc
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Which parts the last edit reparsed.
    pub fn reparsed(&self) -> &[usize] {
        &self.reparsed
    }

    fn reparse_all(&mut self) {
        self.parts = self.parse_all();
        self.reparsed = (0..self.parts.len()).collect();
    }

    /// ERROR and MISSING nodes over all trees.
    pub fn tree_error_count(&self) -> usize {
        self.parts
            .iter()
            .map(|p| super::tree_errors(&p.tree, 0).0)
            .sum()
    }

    fn language(&self) -> Option<tree_sitter::Language> {
        match self.kind {
            FileKind::Dockerfile => Some(dockerfile::language()),
            FileKind::Kubernetes | FileKind::Compose | FileKind::Yaml => Some(yaml::language()),
            FileKind::Dockerignore => None,
        }
    }

    fn source_for_parse(&self) -> std::borrow::Cow<'_, str> {
        if self.kind == FileKind::Dockerfile {
            return self.text.as_str().into();
        }
        match yaml::mask_templates(&self.text) {
            Some(m) => m.into(),
            None => self.text.as_str().into(),
        }
    }

    fn parse_all(&self) -> Vec<Part> {
        let Some(lang) = self.language() else {
            return Vec::new();
        };
        let src = self.source_for_parse();
        let ranges = if self.kind == FileKind::Dockerfile {
            std::iter::once(0..src.len()).collect()
        } else {
            yaml::split_documents(&src)
        };
        ranges
            .into_iter()
            .filter_map(|r| {
                parse_tree(&lang, &src[r.clone()], None).map(|tree| Part { range: r, tree })
            })
            .collect()
    }

    /// Replace bytes `range` with `new_text`, reparsing incrementally.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) {
        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        let old_text = std::mem::take(&mut self.text);
        self.text = String::with_capacity(old_text.len() + new_text.len());
        self.text.push_str(&old_text[..range.start]);
        self.text.push_str(new_text);
        self.text.push_str(&old_text[range.end..]);
        let Some(lang) = self.language() else { return };
        let new_end = range.start + new_text.len();
        let delta = new_text.len() as isize - range.len() as isize;

        if self.kind != FileKind::Dockerfile {
            // A YAML edit that adds or removes a `---` line, or touches
            // several documents, re-splits the stream.
            let touches_separator =
                old_text[range.clone()].contains("---") || new_text.contains("---");
            let owner = self.parts.iter().position(|p| {
                p.range.start <= range.start && range.end <= p.range.end.max(p.range.start)
            });
            let (Some(i), false) = (owner, touches_separator) else {
                self.reparse_all();
                return;
            };
            let base = self.parts[i].range.start;
            let part_old_text = &old_text[self.parts[i].range.clone()];
            let part_new_end = (self.parts[i].range.end as isize + delta) as usize;
            let src = self.source_for_parse();
            let part_src = &src[base..part_new_end];
            let edit = InputEdit {
                start_byte: range.start - base,
                old_end_byte: range.end - base,
                new_end_byte: new_end - base,
                start_position: point_at(part_old_text, range.start - base),
                old_end_position: point_at(part_old_text, range.end - base),
                new_end_position: point_at(part_src, new_end - base),
            };
            let mut old_tree = self.parts[i].tree.clone();
            old_tree.edit(&edit);
            let Some(tree) = parse_tree(&lang, part_src, Some(&old_tree)) else {
                self.reparse_all();
                return;
            };
            self.parts[i] = Part {
                range: base..part_new_end,
                tree,
            };
            for p in &mut self.parts[i + 1..] {
                p.range = (p.range.start as isize + delta) as usize
                    ..(p.range.end as isize + delta) as usize;
            }
            self.reparsed = vec![i];
            return;
        }

        let edit = InputEdit {
            start_byte: range.start,
            old_end_byte: range.end,
            new_end_byte: new_end,
            start_position: point_at(&old_text, range.start),
            old_end_position: point_at(&old_text, range.end),
            new_end_position: point_at(&self.text, new_end),
        };
        match self.parts.first_mut() {
            Some(part) => {
                part.tree.edit(&edit);
                let old = part.tree.clone();
                match parse_tree(&lang, &self.text, Some(&old)) {
                    Some(tree) => {
                        *part = Part {
                            range: 0..self.text.len(),
                            tree,
                        };
                        self.reparsed = vec![0];
                    }
                    None => self.reparse_all(),
                }
            }
            None => self.reparse_all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sexp_of_fresh(kind: FileKind, text: &str) -> Vec<String> {
        Document::new(kind, text)
            .parts()
            .iter()
            .map(|p| p.tree.root_node().to_sexp())
            .collect()
    }

    #[test]
    fn incremental_dockerfile_matches_fresh_parse() {
        let mut doc = Document::new(
            FileKind::Dockerfile,
            "FROM alpine:3.20\nRUN echo hi\nCMD [\"sh\"]\n",
        );
        doc.edit(17..20, "ENV");
        doc.edit(21..28, "A=é😀");
        assert_eq!(doc.text(), "FROM alpine:3.20\nENV A=é😀\nCMD [\"sh\"]\n");
        assert_eq!(doc.rope().to_string(), doc.text());
        let fresh = sexp_of_fresh(FileKind::Dockerfile, doc.text());
        let inc: Vec<String> = doc
            .parts()
            .iter()
            .map(|p| p.tree.root_node().to_sexp())
            .collect();
        assert_eq!(inc, fresh);
    }

    #[test]
    fn yaml_edit_reparses_one_document() {
        let text = "a: 1\n---\nb: [1, 2]\n---\nc: 3\n";
        let mut doc = Document::new(FileKind::Kubernetes, text);
        assert_eq!(doc.parts().len(), 3);
        let at = text.find("2]").unwrap();
        doc.edit(at..at + 1, "22");
        assert_eq!(doc.text(), "a: 1\n---\nb: [1, 22]\n---\nc: 3\n");
        assert_eq!(doc.parts()[2].range, 20..29);
        // Only the second document was reparsed.
        assert_eq!(doc.reparsed(), &[1]);
        let fresh = sexp_of_fresh(FileKind::Kubernetes, doc.text());
        let inc: Vec<String> = doc
            .parts()
            .iter()
            .map(|p| p.tree.root_node().to_sexp())
            .collect();
        assert_eq!(inc, fresh);
        // Adding a separator re-splits.
        let end = doc.text().len();
        doc.edit(end..end, "---\nd: 4\n");
        assert_eq!(doc.parts().len(), 4);
        assert_eq!(doc.reparsed(), &[0, 1, 2, 3]);
    }
}
