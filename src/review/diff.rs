//! What a change touched in one file: hunk headers from `git diff -U0`, the
//! lines a finding must touch to be reported, and the hunks (with the three
//! lines of context a pull-request page shows) that a review comment or a
//! suggestion must stay inside. Lines are 1-based, as in git and GitHub.

use std::ops::{Range, RangeInclusive};

use crate::syntax::LineIndex;

/// Lines of context around each change in a pull request's diff.
pub const CONTEXT: usize = 3;

/// One `@@ -a,b +c,d @@` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: usize,
    pub old_count: usize,
    /// With `new_count == 0` (a pure deletion) this is the line *after*
    /// which lines were removed (0 = before the first line).
    pub new_start: usize,
    pub new_count: usize,
}

fn parse_range(s: &str) -> Option<(usize, usize)> {
    match s.split_once(',') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => Some((s.parse().ok()?, 1)),
    }
}

/// Parse a hunk header line.
pub fn parse_hunk_header(line: &str) -> Option<Hunk> {
    let rest = line.strip_prefix("@@ -")?;
    let (old, rest) = rest.split_once(" +")?;
    let (new, _) = rest.split_once(" @@")?;
    let (old_start, old_count) = parse_range(old)?;
    let (new_start, new_count) = parse_range(new)?;
    Some(Hunk {
        old_start,
        old_count,
        new_start,
        new_count,
    })
}

/// Every hunk header of a one-file patch. Content lines start with `+`,
/// `-`, ` ` or `\`, so a line starting with `@@ -` is always a header.
pub fn parse_hunks(patch: &str) -> Vec<Hunk> {
    patch.lines().filter_map(parse_hunk_header).collect()
}

/// Number of lines of a text as git counts them (a final line without a
/// newline counts; the empty text has none).
pub fn line_count(text: &str) -> usize {
    if text.is_empty() {
        0
    } else {
        text.bytes().filter(|&b| b == b'\n').count() + usize::from(!text.ends_with('\n'))
    }
}

/// The 1-based first and last line a byte range covers. A range that ends
/// at the start of a line does not cover that line; a range at the very end
/// of a text that ends with a newline belongs to the last line.
pub fn line_span(text: &str, idx: &LineIndex, range: &Range<usize>) -> (usize, usize) {
    let n = line_count(text).max(1);
    let start = range.start.min(text.len());
    let end = range.end.min(text.len()).max(start);
    let first = idx.line_of(start) + 1;
    let last = if end > start && idx.line_start(idx.line_of(end)) == end {
        idx.line_of(end - 1) + 1
    } else {
        idx.line_of(end) + 1
    };
    (first.min(n), last.min(n).max(first.min(n)))
}

/// The changed lines of one file and the hunks a reviewer sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChanges {
    /// `touched[l]` for 1-based line `l`: added or modified.
    touched: Vec<bool>,
    /// Lines were removed after each of these lines (0: before line 1). A
    /// finding whose lines span such a point was changed from inside.
    deletions: Vec<usize>,
    /// New-side line ranges shown with context, merged where they overlap.
    hunks: Vec<RangeInclusive<usize>>,
}

impl FileChanges {
    /// A new file: every line is new, the whole file is one hunk.
    /// (An empty file still has its line 1 touched, so a finding about the
    /// file as a whole is kept; no hunk shows it.)
    pub fn whole_file(lines: usize) -> FileChanges {
        let mut touched = vec![true; lines.max(1) + 1];
        touched[0] = false;
        FileChanges {
            touched,
            deletions: Vec::new(),
            hunks: if lines > 0 { vec![1..=lines] } else { vec![] },
        }
    }

    /// From `git diff -U0` hunks of a file that now has `lines` lines.
    pub fn from_hunks(hunks: &[Hunk], lines: usize) -> FileChanges {
        let mut touched = vec![false; lines + 1];
        let mut deletions = Vec::new();
        let mut shown: Vec<RangeInclusive<usize>> = Vec::new();
        for h in hunks {
            let (changed_first, changed_last) = if h.new_count == 0 {
                deletions.push(h.new_start.min(lines));
                (h.new_start + 1, h.new_start)
            } else {
                let end = (h.new_start + h.new_count).min(lines + 1);
                touched
                    .iter_mut()
                    .take(end)
                    .skip(h.new_start)
                    .for_each(|t| *t = true);
                (h.new_start, h.new_start + h.new_count - 1)
            };
            let first = changed_first.saturating_sub(CONTEXT).max(1);
            let last = (changed_last + CONTEXT).min(lines);
            if first <= last {
                shown.push(first..=last);
            }
        }
        shown.sort_by_key(|r| *r.start());
        let mut merged: Vec<RangeInclusive<usize>> = Vec::new();
        for r in shown {
            match merged.last_mut() {
                Some(m) if *r.start() <= *m.end() => {
                    *m = *m.start()..=(*m.end()).max(*r.end());
                }
                _ => merged.push(r),
            }
        }
        FileChanges {
            touched,
            deletions,
            hunks: merged,
        }
    }

    /// Number of lines of the new side (at least 1).
    pub fn lines(&self) -> usize {
        self.touched.len() - 1
    }

    pub fn is_touched(&self, line: usize) -> bool {
        self.touched.get(line).copied().unwrap_or(false)
    }

    /// Does `first..=last` hold a changed line, or span a deletion point
    /// (the lines on both sides of it; at a file edge, the edge line)?
    pub fn touches(&self, first: usize, last: usize) -> bool {
        self.first_touched(first, last).is_some()
    }

    /// The first changed line in `first..=last`, or else the line before
    /// the first deletion point inside it.
    pub fn first_touched(&self, first: usize, last: usize) -> Option<usize> {
        if let Some(l) = (first..=last).find(|&l| self.is_touched(l)) {
            return Some(l);
        }
        let lines = self.lines();
        self.deletions
            .iter()
            .copied()
            .filter(|&d| first <= d.max(1) && (d + 1).min(lines) <= last)
            .map(|d| d.max(1))
            .min()
    }

    /// The hunk that holds all of `first..=last`, if one does.
    pub fn hunk_containing(&self, first: usize, last: usize) -> Option<RangeInclusive<usize>> {
        self.hunks
            .iter()
            .find(|h| h.contains(&first) && h.contains(&last))
            .cloned()
    }

    pub fn hunks(&self) -> &[RangeInclusive<usize>] {
        &self.hunks
    }

    /// Follow the lines of `old` into `new` (a fix was applied): lines kept
    /// stay as they were, lines the fix wrote are touched.
    pub fn carry_over(&self, old: &str, new: &str) -> FileChanges {
        let lines = line_count(new);
        let mut touched = vec![false; lines + 1];
        let mut deletions = Vec::new();
        let diff = similar::TextDiff::from_lines(old, new);
        for op in diff.ops() {
            match *op {
                similar::DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        touched[new_index + k + 1] = self.is_touched(old_index + k + 1);
                    }
                }
                similar::DiffOp::Delete { new_index, .. } => {
                    deletions.push(new_index.min(lines));
                }
                similar::DiffOp::Insert {
                    new_index, new_len, ..
                }
                | similar::DiffOp::Replace {
                    new_index, new_len, ..
                } => {
                    touched
                        .iter_mut()
                        .take(new_index + new_len + 1)
                        .skip(new_index + 1)
                        .for_each(|t| *t = true);
                }
            }
        }
        FileChanges {
            touched,
            deletions,
            hunks: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(
            parse_hunk_header("@@ -3,0 +4,2 @@ FROM x"),
            Some(Hunk {
                old_start: 3,
                old_count: 0,
                new_start: 4,
                new_count: 2
            })
        );
        assert_eq!(
            parse_hunk_header("@@ -7 +7 @@").map(|h| (h.new_start, h.new_count)),
            Some((7, 1))
        );
        assert_eq!(parse_hunk_header("+@@ -7 +7 @@"), None);
    }

    #[test]
    fn touched_and_hunks() {
        // 20 lines; line 5 modified, lines 12..=13 added, a deletion after line 18.
        let hunks = [
            parse_hunk_header("@@ -5 +5 @@").unwrap(),
            parse_hunk_header("@@ -11,0 +12,2 @@").unwrap(),
            parse_hunk_header("@@ -17,2 +18,0 @@").unwrap(),
        ];
        let c = FileChanges::from_hunks(&hunks, 20);
        let touched: Vec<usize> = (1..=20).filter(|&l| c.is_touched(l)).collect();
        assert_eq!(touched, vec![5, 12, 13]);
        // The deletion after line 18 touches what spans 18..=19, not 18 or 19 alone.
        assert!(c.touches(17, 19));
        assert!(!c.touches(18, 18));
        assert!(!c.touches(19, 20));
        assert_eq!(c.first_touched(15, 20), Some(18));
        // 2..=8, 9..=16 and 16..=20 (a deletion after 18: context 16..=18 and 19..=21).
        assert_eq!(c.hunks(), &[2..=8, 9..=20]);
        assert!(c.hunk_containing(6, 8).is_some());
        assert!(c.hunk_containing(8, 9).is_none());
        assert!(c.touches(4, 6));
        assert!(!c.touches(6, 11));
    }

    #[test]
    fn spans() {
        let t = "a\nbb\nc";
        let idx = LineIndex::new(t);
        assert_eq!(line_span(t, &idx, &(0..1)), (1, 1));
        assert_eq!(line_span(t, &idx, &(0..2)), (1, 1));
        assert_eq!(line_span(t, &idx, &(2..7)), (2, 3));
        let t = "a\n";
        let idx = LineIndex::new(t);
        assert_eq!(line_span(t, &idx, &(2..2)), (1, 1));
        assert_eq!(line_count("a\nb"), 2);
        assert_eq!(line_count("a\nb\n"), 2);
        assert_eq!(line_count(""), 0);
    }

    #[test]
    fn carry_over_marks_written_lines() {
        let old = "a\nb\nc\nd\n";
        let c = FileChanges::from_hunks(&[parse_hunk_header("@@ -2 +2 @@").unwrap()], 4);
        let new = "a\nb\nB2\nc\nd\n";
        let n = c.carry_over(old, new);
        let touched: Vec<usize> = (1..=5).filter(|&l| n.is_touched(l)).collect();
        assert_eq!(touched, vec![2, 3]);
    }
}
