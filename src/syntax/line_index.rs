//! Byte offset ↔ line/column conversion. Columns are counted in characters
//! (for humans and JSON), UTF-16 code units or bytes (for LSP clients).

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Char,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// 0-based line and column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let seg = &text[self.starts[line]..offset];
        let col = match unit {
            ColumnUnit::Utf8 => seg.len(),
            ColumnUnit::Utf16 => seg.encode_utf16().count(),
            ColumnUnit::Char => seg.chars().count(),
        };
        LineCol { line, col }
    }

    /// Byte offset of a 0-based line and column; clamped to the line's end.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        if pos.line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[pos.line];
        let end = self.starts.get(pos.line + 1).copied().unwrap_or(text.len());
        let line = &text[start..end];
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= pos.col || c == '\n' {
                return start + i;
            }
            units += match unit {
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Char => 1,
            };
        }
        end
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_multibyte() {
        let t = "ab\n€😀x\n";
        let idx = LineIndex::new(t);
        let off = t.find('x').unwrap();
        assert_eq!(
            idx.line_col(t, off, ColumnUnit::Char),
            LineCol { line: 1, col: 2 }
        );
        assert_eq!(
            idx.line_col(t, off, ColumnUnit::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(
            idx.line_col(t, off, ColumnUnit::Utf8),
            LineCol { line: 1, col: 7 }
        );
        for unit in [ColumnUnit::Char, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let lc = idx.line_col(t, off, unit);
            assert_eq!(idx.offset(t, lc, unit), off);
        }
    }
}
