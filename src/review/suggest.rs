//! Suggestion blocks: the whole lines a fix rewrites and what they become.
//!
//! A GitHub suggestion replaces lines `start_line..=line` with the block's
//! lines, so it is computed by applying the fix's edits to exactly those
//! lines of the file. Pure: no IO.

use crate::engine::apply::apply_edits;
use crate::engine::{Edit, Fix};
use crate::syntax::LineIndex;

use super::diff::line_count;

/// Replace lines `start_line..=end_line` (1-based) with `lines`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub start_line: usize,
    pub end_line: usize,
    /// The new lines, without line terminators (an empty list deletes the lines).
    pub lines: Vec<String>,
}

impl Suggestion {
    /// The block's text: the new lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Byte offset just past line `line` (0-based), newline included.
fn line_end(idx: &LineIndex, text: &str, line: usize) -> usize {
    if line + 1 < idx.line_count() {
        idx.line_start(line + 1)
    } else {
        text.len()
    }
}

fn ends_with_newline(s: &str) -> bool {
    s.ends_with('\n')
}

/// The suggestion that makes `fix` on `text`, or `None` when the fix changes
/// nothing or cannot be shown as whole lines (an empty file).
pub fn suggestion_for(text: &str, fix: &Fix) -> Option<Suggestion> {
    if fix.edits.is_empty() || text.is_empty() {
        return None;
    }
    let idx = LineIndex::new(text);
    let real_lines = line_count(text);
    let span = fix.span();
    let (s, e) = (span.start.min(text.len()), span.end.min(text.len()));
    // 0-based lines; the phantom line after a final newline is not a line.
    let first = idx.line_of(s).min(real_lines - 1);
    let mut last = if e > s && idx.line_start(idx.line_of(e)) == e {
        idx.line_of(e - 1)
    } else {
        idx.line_of(e)
    }
    .min(real_lines - 1);
    if last < first {
        last = first;
    }
    loop {
        let start = idx.line_start(first);
        let end = line_end(&idx, text, last);
        let region = &text[start..end];
        let shifted: Vec<Edit> = fix
            .edits
            .iter()
            .map(|ed| Edit {
                range: ed.range.start.min(text.len()) - start..ed.range.end.min(text.len()) - start,
                content: ed.content.clone(),
            })
            .collect();
        let new_region = apply_edits(region, &shifted);
        // A fix that removed the newline at the end of the region joined the
        // next line in: take that line too, so the block stays whole lines.
        if ends_with_newline(region)
            && !new_region.is_empty()
            && !ends_with_newline(&new_region)
            && last + 1 < real_lines
        {
            last += 1;
            continue;
        }
        if new_region == region {
            return None;
        }
        return Some(Suggestion {
            start_line: first + 1,
            end_line: last + 1,
            lines: new_region.lines().map(str::to_string).collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sugg(text: &str, edits: Vec<Edit>) -> Option<Suggestion> {
        suggestion_for(text, &Fix::safe("t", edits))
    }

    #[test]
    fn replace_inside_a_line() {
        let t = "FROM a\nCMD x y\nUSER b\n";
        let s = sugg(t, vec![Edit::replace(11..14, "[\"x\", \"y\"]")]).unwrap();
        assert_eq!((s.start_line, s.end_line), (2, 2));
        assert_eq!(s.text(), "CMD [\"x\", \"y\"]");
    }

    #[test]
    fn insert_a_line_before() {
        let t = "FROM a\nCMD x\n";
        let s = sugg(t, vec![Edit::insert(7, "USER 1\n")]).unwrap();
        assert_eq!((s.start_line, s.end_line), (2, 2));
        assert_eq!(s.lines, vec!["USER 1", "CMD x"]);
    }

    #[test]
    fn append_at_end_of_file() {
        let t = "FROM a\nCMD x\n";
        let s = sugg(t, vec![Edit::insert(t.len(), "USER 1\n")]).unwrap();
        assert_eq!((s.start_line, s.end_line), (2, 2));
        assert_eq!(s.lines, vec!["CMD x", "USER 1"]);
        // No final newline: the insertion lands on the last line.
        let t = "FROM a\nCMD x";
        let s = sugg(t, vec![Edit::insert(t.len(), "\nUSER 1")]).unwrap();
        assert_eq!((s.start_line, s.end_line), (2, 2));
        assert_eq!(s.lines, vec!["CMD x", "USER 1"]);
    }

    #[test]
    fn join_lines_and_delete() {
        let t = "RUN a\nRUN b\nCMD c\n";
        // Join: `RUN a\nRUN b` -> `RUN a && b`.
        let s = sugg(t, vec![Edit::replace(5..10, " && ")]).unwrap();
        assert_eq!((s.start_line, s.end_line), (1, 2));
        assert_eq!(s.lines, vec!["RUN a && b"]);
        // Delete a whole line.
        let s = sugg(t, vec![Edit::delete(6..12)]).unwrap();
        assert_eq!((s.start_line, s.end_line), (2, 2));
        assert!(s.lines.is_empty());
        assert_eq!(s.text(), "");
    }

    #[test]
    fn crlf_lines_lose_the_cr_in_the_block() {
        let t = "FROM a\r\nCMD x\r\n";
        let s = sugg(t, vec![Edit::insert(8, "USER 1\r\n")]).unwrap();
        assert_eq!(s.lines, vec!["USER 1", "CMD x"]);
    }

    #[test]
    fn no_change_no_suggestion() {
        assert_eq!(sugg("a\n", vec![Edit::replace(0..1, "a")]), None);
    }
}
