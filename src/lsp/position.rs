//! Byte offsets ↔ LSP positions, and the line table kept up to date edit by
//! edit.
//!
//! Lines end at `\n` (a `\r` before it belongs to the line end), as in the
//! engine's `LineIndex`; columns are counted in the negotiated encoding
//! (UTF-16 code units by default, bytes when the client offers UTF-8).

use std::ops::Range;

use tower_lsp_server::lsp_types::{Position, PositionEncodingKind, Range as LspRange};

/// How the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion needed), else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// Start offset of every line; updated in place by `apply`.
#[derive(Debug, Clone)]
pub struct LineTable {
    starts: Vec<usize>,
}

impl LineTable {
    pub fn new(text: &str) -> LineTable {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text, 0));
        LineTable { starts }
    }

    /// 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// The byte range of a line without its `\n`. A `\r` before it stays
    /// part of the line: editors that show it (Neovim in a unix-format
    /// buffer) count it as a column, and editors that treat `\r\n` as one
    /// line end never address a position after it.
    pub fn line_content(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let end = self
            .starts
            .get(line + 1)
            .map(|&s| s - 1)
            .unwrap_or(text.len());
        start..end
    }

    /// Byte offset of an LSP position. A column past the line's end means
    /// the end of the line; a line past the end means the end of the text;
    /// a column inside a character rounds down to its start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let content = self.line_content(text, line);
        let want = pos.character as usize;
        if enc == Encoding::Utf8 {
            let mut off = (content.start + want).min(content.end);
            while !text.is_char_boundary(off) {
                off -= 1;
            }
            return off;
        }
        let mut units = 0;
        for (i, c) in text[content.clone()].char_indices() {
            let w = enc.width(c);
            if units + w > want {
                return content.start + i;
            }
            units += w;
        }
        content.end
    }

    /// LSP position of a byte offset (clamped to the text).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let seg = &text[self.starts[line]..offset];
        let col = match enc {
            Encoding::Utf8 => seg.len(),
            Encoding::Utf16 if seg.is_ascii() => seg.len(),
            Encoding::Utf16 => seg.chars().map(char::len_utf16).sum(),
        };
        Position::new(line as u32, col as u32)
    }

    pub fn range(&self, text: &str, r: &Range<usize>, enc: Encoding) -> LspRange {
        LspRange::new(
            self.position(text, r.start, enc),
            self.position(text, r.end, enc),
        )
    }

    /// tree-sitter point (row, byte column) of an offset.
    pub fn point(&self, offset: usize) -> tree_sitter::Point {
        let row = self.line_of(offset);
        tree_sitter::Point::new(row, offset - self.starts[row])
    }

    /// Update after `old` (byte range of the text before the edit) was
    /// replaced by `new_text`.
    pub fn apply(&mut self, old: Range<usize>, new_text: &str) {
        let delta = new_text.len() as isize - (old.end - old.start) as isize;
        // Line starts created by a `\n` inside the replaced range go away.
        let lo = self.starts.partition_point(|&s| s <= old.start);
        let hi = self.starts.partition_point(|&s| s <= old.end);
        let inserted: Vec<usize> = memchr_newlines(new_text, old.start).collect();
        let n_inserted = inserted.len();
        self.starts.splice(lo..hi, inserted);
        for s in &mut self.starts[lo + n_inserted..] {
            *s = (*s as isize + delta) as usize;
        }
    }
}

/// Offsets (plus `base`) just past each `\n` of `text`.
fn memchr_newlines(text: &str, base: usize) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(move |(i, _)| base + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns() {
        let t = "a€😀b\r\nx\n";
        let lt = LineTable::new(t);
        let b = t.find('b').unwrap();
        assert_eq!(lt.position(t, b, Encoding::Utf16), Position::new(0, 4));
        assert_eq!(lt.position(t, b, Encoding::Utf8), Position::new(0, 8));
        assert_eq!(lt.offset(t, Position::new(0, 4), Encoding::Utf16), b);
        assert_eq!(lt.offset(t, Position::new(0, 8), Encoding::Utf8), b);
        // Inside the surrogate pair: rounds down to the emoji's start.
        assert_eq!(
            lt.offset(t, Position::new(0, 3), Encoding::Utf16),
            t.find('😀').unwrap()
        );
        // Past the end of the line: before the `\n`.
        assert_eq!(lt.offset(t, Position::new(0, 99), Encoding::Utf16), b + 2);
        assert_eq!(lt.offset(t, Position::new(9, 0), Encoding::Utf16), t.len());
    }

    #[test]
    fn apply_keeps_the_table_equal_to_a_fresh_one() {
        let mut text = String::from("one\ntwo\nthree\n");
        let mut lt = LineTable::new(&text);
        for (range, new) in [
            (2..9, "X\nY\nZ"),
            (0..0, "\n\n"),
            (5..text.len() - 3, ""),
            (1..1, "ü\n"),
        ] {
            let range = range.start.min(text.len())..range.end.min(text.len());
            text.replace_range(range.clone(), new);
            lt.apply(range, new);
            assert_eq!(lt.starts, LineTable::new(&text).starts, "{text:?}");
        }
    }
}
