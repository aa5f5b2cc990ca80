//! Dockerfile syntax: the instruction model every Dockerfile rule reads.
//!
//! Owns: splitting a Dockerfile into parser directives, comments and
//! instructions (keyword, flags, arguments, JSON form, heredocs) with exact
//! byte ranges into the original text, following BuildKit's rules for line
//! continuations (including comment and blank lines inside them), the escape
//! directive and heredocs; plus the tree-sitter tree used to find syntax
//! errors and to reparse incrementally.
//!
//! Never touches: rules, fixes, IO. Shell text stays opaque here; the
//! `shell` module parses it.

use std::ops::Range;

use super::TreeSitterLanguage;

/// A `# name=value` parser directive at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub range: Range<usize>,
}

/// A comment line outside any instruction (or inside a continuation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, from `#` to the end of the line (no newline).
    pub range: Range<usize>,
    /// Text after the `#`, trimmed.
    pub text: String,
}

/// `--name[=value]` flag of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub range: Range<usize>,
    pub name: String,
    pub value: Option<String>,
}

/// One heredoc attached to an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    /// The `<<EOF` / `<<-"EOF"` marker in the instruction line.
    pub marker_range: Range<usize>,
    pub strip_tabs: bool,
    pub quoted: bool,
    /// Body: from the line after the instruction (or previous heredoc) up to,
    /// not including, the terminator line. Includes the body's final newline.
    pub body_range: Range<usize>,
    /// The terminator line (without its newline).
    pub end_range: Range<usize>,
}

/// One Dockerfile instruction with byte ranges into the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Upper-cased keyword, e.g. `RUN`.
    pub keyword: String,
    pub keyword_range: Range<usize>,
    /// From the keyword to the end of the last line that belongs to the
    /// instruction (heredoc terminators included), newline excluded.
    pub range: Range<usize>,
    pub flags: Vec<Flag>,
    /// Arguments after the flags, up to the end of the logical line (heredoc
    /// bodies excluded), trailing whitespace excluded. May contain line
    /// continuations and comment lines.
    pub args_range: Range<usize>,
    /// Exec form: the parsed JSON array when the arguments are one.
    pub json: Option<Vec<String>>,
    pub heredocs: Vec<Heredoc>,
    /// 0-based line of the keyword.
    pub start_line: usize,
    /// 0-based line of the last line of the instruction.
    pub end_line: usize,
    /// For `ONBUILD <instruction>`: the wrapped instruction.
    pub onbuild: Option<Box<Instruction>>,
}

/// A syntax error found while reading the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
    /// True for errors BuildKit's parser itself reports (the file cannot be
    /// read at all, e.g. an unterminated heredoc); false for instructions
    /// the parser reads but the build rejects (unknown keyword, missing
    /// arguments).
    pub parse: bool,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    /// The escape character (`\` or `` ` ``).
    pub escape: u8,
    pub directives: Vec<Directive>,
    pub comments: Vec<Comment>,
    pub instructions: Vec<Instruction>,
    pub errors: Vec<SyntaxError>,
    /// Length of a leading UTF-8 BOM (0 or 3).
    pub bom_len: usize,
}

const KNOWN: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Lines of the text: (start, end-without-newline, end-with-newline).
fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let nl = memchr(b'\n', &bytes[start..]).map(|i| start + i);
        match nl {
            Some(nl) => {
                let end = if nl > start && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                out.push((start, end, nl + 1));
                start = nl + 1;
            }
            None => {
                let end = if bytes.ends_with(b"\r") {
                    bytes.len() - 1
                } else {
                    bytes.len()
                };
                out.push((start, end, bytes.len()));
                start = bytes.len();
            }
        }
    }
    out
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let (mut s, mut e) = (r.start, r.end);
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    s..e
}

/// If the line (start..end) ends with the escape char (trailing whitespace
/// allowed), return the offset of that escape char.
fn continuation_at(text: &str, start: usize, end: usize, escape: u8) -> Option<usize> {
    let b = text.as_bytes();
    let mut e = end;
    while e > start && is_ws(b[e - 1]) {
        e -= 1;
    }
    if e > start && b[e - 1] == escape {
        Some(e - 1)
    } else {
        None
    }
}

fn parse_directives(
    text: &str,
    lines: &[(usize, usize, usize)],
    skip: usize,
) -> (Vec<Directive>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (s, e, _) = lines[i];
        let s = if i == 0 { s + skip } else { s };
        let line = &text[s..e];
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix('#') else {
            break;
        };
        let Some(eq) = rest.find('=') else { break };
        let name = rest[..eq].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            break;
        }
        let lname = name.to_ascii_lowercase();
        if !matches!(lname.as_str(), "syntax" | "escape" | "check") {
            break;
        }
        if out.iter().any(|d: &Directive| d.name == lname) {
            break;
        }
        out.push(Directive {
            name: lname,
            value: rest[eq + 1..].trim().to_string(),
            range: s..e,
        });
        i += 1;
    }
    (out, i)
}

/// Find heredoc markers (`<<EOF`, `<<-EOF`, `<<"EOF"`) in the logical
/// instruction line. Quoted shell text is skipped.
fn find_heredoc_markers(
    text: &str,
    range: Range<usize>,
    escape: u8,
) -> Vec<(Range<usize>, String, bool, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = range.start;
    let mut quote: Option<u8> = None;
    while i < range.end {
        let c = b[i];
        if let Some(q) = quote {
            if c == escape && q == b'"' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == escape {
            i += 2;
            continue;
        }
        if c == b'"' || c == b'\'' {
            quote = Some(c);
            i += 1;
            continue;
        }
        if c == b'<'
            && i + 1 < range.end
            && b[i + 1] == b'<'
            && (i == range.start || b[i - 1] != b'<')
        {
            let mut j = i + 2;
            if j < range.end && b[j] == b'<' {
                // here-string `<<<`
                i = j + 1;
                continue;
            }
            let strip = j < range.end && b[j] == b'-';
            if strip {
                j += 1;
            }
            let q = if j < range.end && (b[j] == b'"' || b[j] == b'\'') {
                Some(b[j])
            } else {
                None
            };
            if q.is_some() {
                j += 1;
            }
            let ns = j;
            while j < range.end
                && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-' || b[j] == b'.')
            {
                j += 1;
            }
            if j > ns {
                let name = text[ns..j].to_string();
                let mut end = j;
                if let Some(q) = q {
                    if end < range.end && b[end] == q {
                        end += 1;
                    } else {
                        i = j;
                        continue;
                    }
                }
                out.push((i..end, name, strip, q.is_some()));
                i = end;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Split the start of `r` into flags; return flags and the range after them.
fn parse_flags(text: &str, r: Range<usize>, escape: u8) -> (Vec<Flag>, usize) {
    let b = text.as_bytes();
    let mut flags = Vec::new();
    let mut i = r.start;
    loop {
        // skip whitespace and continuations
        while i < r.end {
            let continuation =
                b[i] == escape && i + 1 < r.end && (b[i + 1] == b'\n' || b[i + 1] == b'\r');
            if b[i].is_ascii_whitespace() || continuation {
                i += 1;
            } else {
                break;
            }
        }
        if i + 2 <= r.end
            && &b[i..i + 2] == b"--"
            && i + 2 < r.end
            && !b[i + 2].is_ascii_whitespace()
        {
            let s = i;
            let mut quote = None;
            while i < r.end {
                let c = b[i];
                if let Some(q) = quote {
                    if c == q {
                        quote = None;
                    }
                } else if c == b'"' || c == b'\'' {
                    quote = Some(c);
                } else if c.is_ascii_whitespace() {
                    break;
                }
                i += 1;
            }
            let word = &text[s + 2..i];
            let (name, value) = match word.find('=') {
                Some(eq) => (word[..eq].to_string(), Some(word[eq + 1..].to_string())),
                None => (word.to_string(), None),
            };
            flags.push(Flag {
                range: s..i,
                name: name.to_ascii_lowercase(),
                value,
            });
        } else {
            return (flags, i.min(r.end));
        }
    }
}

/// Text of `r` with continuation escapes and comment/blank lines inside the
/// continuation removed: what BuildKit joins into one logical line.
pub fn logical_text(text: &str, r: Range<usize>, escape: u8) -> String {
    let masked = mask_continuations(text, r, escape, false);
    masked.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A copy of `text[r]` of the same byte length in which comment lines and
/// blank lines inside line continuations are blanked (newline included), so
/// that a shell parser sees one command while every byte offset still maps 1:1
/// onto the Dockerfile. With `for_shell`, an escape character other than `\`
/// that continues a line becomes `\`. Without it, continuation escapes become
/// spaces.
pub fn mask_continuations(text: &str, r: Range<usize>, escape: u8, for_shell: bool) -> String {
    let src = &text.as_bytes()[r.clone()];
    let mut out = src.to_vec();
    let mut i = 0;
    let mut continued = false;
    while i < src.len() {
        let line_end = memchr(b'\n', &src[i..]).map(|p| i + p).unwrap_or(src.len());
        let line = &src[i..line_end];
        let content_end = {
            let mut e = line.len();
            while e > 0 && (line[e - 1] == b' ' || line[e - 1] == b'\t' || line[e - 1] == b'\r') {
                e -= 1;
            }
            e
        };
        let trimmed_start = line.iter().position(|c| !c.is_ascii_whitespace());
        let blank = trimmed_start.is_none();
        let is_comment = trimmed_start.map(|p| line[p] == b'#').unwrap_or(false);
        if continued && (blank || is_comment) {
            for o in &mut out[i..line_end.min(src.len())] {
                *o = b' ';
            }
            if line_end < src.len() {
                out[line_end] = b' ';
            }
            i = line_end + 1;
            continue;
        }
        continued = content_end > 0 && line[content_end - 1] == escape && line_end < src.len();
        if continued {
            let p = i + content_end - 1;
            if for_shell {
                // bash wants the backslash right before the newline.
                out[p..line_end].fill(b' ');
                out[line_end - 1] = b'\\';
            } else {
                out[p] = b' ';
            }
        } else if for_shell && content_end < line.len() {
            // strip CR so bash sees plain newlines
            for o in &mut out[i + content_end..line_end] {
                if *o == b'\r' {
                    *o = b' ';
                }
            }
        }
        i = line_end + 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| " ".repeat(r.len()))
}

fn parse_json_array(logical: &str) -> Option<Vec<String>> {
    let t = logical.trim();
    if !t.starts_with('[') {
        return None;
    }
    match serde_json::from_str::<Vec<serde_json::Value>>(t) {
        Ok(v) => v
            .into_iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect(),
        Err(_) => None,
    }
}

impl Dockerfile {
    /// Read the instruction model from `text`. Never fails: problems become
    /// `errors`.
    pub fn parse(text: &str) -> Dockerfile {
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let lines = lines(text);
        let (directives, first) = parse_directives(text, &lines, bom_len);
        let escape = directives
            .iter()
            .find(|d| d.name == "escape")
            .and_then(|d| d.value.bytes().next())
            .filter(|&c| c == b'`' || c == b'\\')
            .unwrap_or(b'\\');
        let mut df = Dockerfile {
            escape,
            directives,
            comments: Vec::new(),
            instructions: Vec::new(),
            errors: Vec::new(),
            bom_len,
        };
        let mut i = first;
        while i < lines.len() {
            let (ls, le, _) = lines[i];
            let ls = if i == 0 { ls + bom_len } else { ls };
            let t = trim_range(text, ls..le);
            if t.is_empty() {
                i += 1;
                continue;
            }
            if text.as_bytes()[t.start] == b'#' {
                df.comments.push(Comment {
                    range: t.clone(),
                    text: text[t.start + 1..t.end].trim().to_string(),
                });
                i += 1;
                continue;
            }
            i = df.read_instruction(text, &lines, i, t.start);
        }
        df
    }

    /// Read one instruction starting on line `i` at byte `start`; return the
    /// index of the next unread line.
    fn read_instruction(
        &mut self,
        text: &str,
        lines: &[(usize, usize, usize)],
        mut i: usize,
        start: usize,
    ) -> usize {
        let escape = self.escape;
        let first_line = i;
        let mut end = lines[i].1;
        // Follow continuations.
        while let Some(_esc) = continuation_at(text, lines[i].0.max(start), lines[i].1, escape) {
            // find the next line that is not blank and not a comment
            let mut j = i + 1;
            let mut found = false;
            while j < lines.len() {
                let t = trim_range(text, lines[j].0..lines[j].1);
                if t.is_empty() {
                    j += 1;
                    continue;
                }
                if text.as_bytes()[t.start] == b'#' {
                    self.comments.push(Comment {
                        range: t.clone(),
                        text: text[t.start + 1..t.end].trim().to_string(),
                    });
                    j += 1;
                    continue;
                }
                found = true;
                break;
            }
            if !found {
                // continuation at end of file: BuildKit accepts it.
                i = j.saturating_sub(1).max(i);
                break;
            }
            i = j;
            end = lines[i].1;
        }
        let logical = start..end;
        let instr = self.build_instruction(text, logical, first_line, i);
        let mut instr = instr;
        let mut next = i + 1;
        // Heredocs.
        if matches!(instr.keyword.as_str(), "RUN" | "COPY" | "ADD")
            || instr
                .onbuild
                .as_ref()
                .is_some_and(|o| matches!(o.keyword.as_str(), "RUN" | "COPY" | "ADD"))
        {
            let markers = find_heredoc_markers(text, instr.args_range.clone(), escape);
            for (marker_range, name, strip_tabs, quoted) in markers {
                let body_start = if next < lines.len() {
                    lines[next].0
                } else {
                    text.len()
                };
                let mut found = None;
                let mut j = next;
                while j < lines.len() {
                    let (s, e, _) = lines[j];
                    let l = &text[s..e];
                    let l = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if l == name {
                        found = Some(j);
                        break;
                    }
                    j += 1;
                }
                match found {
                    Some(j) => {
                        instr.heredocs.push(Heredoc {
                            name,
                            marker_range,
                            strip_tabs,
                            quoted,
                            body_range: body_start..lines[j].0,
                            end_range: lines[j].0..lines[j].1,
                        });
                        instr.range.end = lines[j].1;
                        instr.end_line = j;
                        next = j + 1;
                    }
                    None => {
                        self.errors.push(SyntaxError {
                            range: marker_range,
                            message: format!("unterminated heredoc `{name}`"),
                            parse: true,
                        });
                        instr.range.end = text.len();
                        next = lines.len();
                        break;
                    }
                }
            }
        }
        self.instructions.push(instr);
        next
    }

    fn build_instruction(
        &mut self,
        text: &str,
        logical: Range<usize>,
        first_line: usize,
        last_line: usize,
    ) -> Instruction {
        let b = text.as_bytes();
        let mut k = logical.start;
        while k < logical.end && !b[k].is_ascii_whitespace() && b[k] != self.escape {
            k += 1;
        }
        let keyword_range = logical.start..k;
        let keyword = text[keyword_range.clone()].to_ascii_uppercase();
        if !KNOWN.contains(&keyword.as_str()) {
            self.errors.push(SyntaxError {
                range: keyword_range.clone(),
                message: format!("unknown instruction `{}`", &text[keyword_range.clone()]),
                parse: false,
            });
        }
        let rest = k..logical.end;
        let (flags, after_flags) = if keyword == "ONBUILD" {
            (Vec::new(), k)
        } else {
            parse_flags(text, rest.clone(), self.escape)
        };
        let args_range = trim_range(text, after_flags.max(k)..logical.end);
        let mut onbuild = None;
        if keyword == "ONBUILD" && !args_range.is_empty() {
            let inner = self.build_instruction(text, args_range.clone(), first_line, last_line);
            onbuild = Some(Box::new(inner));
        }
        let json = if matches!(
            keyword.as_str(),
            "RUN" | "CMD" | "ENTRYPOINT" | "SHELL" | "VOLUME" | "COPY" | "ADD" | "HEALTHCHECK"
        ) {
            parse_json_array(&logical_text(text, args_range.clone(), self.escape))
        } else {
            None
        };
        if args_range.is_empty()
            && !matches!(keyword.as_str(), "ONBUILD")
            && KNOWN.contains(&keyword.as_str())
        {
            self.errors.push(SyntaxError {
                range: keyword_range.clone(),
                message: format!("{keyword} requires at least one argument"),
                parse: false,
            });
        }
        Instruction {
            keyword,
            keyword_range,
            range: logical,
            flags,
            args_range,
            json,
            heredocs: Vec::new(),
            start_line: first_line,
            end_line: last_line,
            onbuild,
        }
    }

    /// The escape character as a char.
    pub fn escape_char(&self) -> char {
        self.escape as char
    }

    /// Indices of the first instruction of each stage (`FROM`).
    pub fn stage_starts(&self) -> Vec<usize> {
        self.instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == "FROM")
            .map(|(n, _)| n)
            .collect()
    }
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// True when the arguments are in shell form (not a JSON array).
    pub fn is_shell_form(&self) -> bool {
        self.json.is_none()
    }

    /// The end of the last non-blank, non-comment byte of the arguments.
    pub fn args_content_end(&self, text: &str, escape: u8) -> usize {
        let masked = mask_continuations(text, self.args_range.clone(), escape, false);
        let b = masked.as_bytes();
        let mut e = b.len();
        while e > 0 && b[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        self.args_range.start + e
    }
}

/// The tree-sitter language used for Dockerfile trees.
pub fn language() -> TreeSitterLanguage {
    tree_sitter_containerfile::LANGUAGE.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_with_comment_and_heredoc() {
        let src = "# syntax=docker/dockerfile:1\nFROM alpine:3.19 AS base\nRUN apk add \\\n# why\n\n    curl\nRUN <<EOF\necho hi\nEOF\nCMD [\"sh\"]\n";
        let df = Dockerfile::parse(src);
        assert_eq!(df.directives.len(), 1);
        let kw: Vec<_> = df.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kw, ["FROM", "RUN", "RUN", "CMD"]);
        assert_eq!(df.instructions[1].start_line, 2);
        assert_eq!(df.instructions[1].end_line, 5);
        assert_eq!(df.instructions[2].heredocs[0].name, "EOF");
        assert_eq!(
            &src[df.instructions[2].heredocs[0].body_range.clone()],
            "echo hi\n"
        );
        assert_eq!(
            df.instructions[3].json.as_deref(),
            Some(&["sh".to_string()][..])
        );
        assert!(df.errors.is_empty());
        let m = mask_continuations(src, df.instructions[1].args_range.clone(), b'\\', true);
        assert_eq!(m.len(), df.instructions[1].args_range.len());
        assert!(!m.contains('#'));
    }

    #[test]
    fn escape_directive_backtick() {
        let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\n";
        let df = Dockerfile::parse(src);
        assert_eq!(df.escape, b'`');
        assert_eq!(df.instructions.len(), 2);
        assert_eq!(df.instructions[1].end_line, 3);
    }

    #[test]
    fn flags_and_unterminated_heredoc() {
        let src = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache <<EOF\nx\n";
        let df = Dockerfile::parse(src);
        assert_eq!(df.instructions[0].flags[0].name, "platform");
        assert_eq!(
            &src[df.instructions[0].args_range.clone()],
            "golang:1.22 AS build"
        );
        assert_eq!(df.errors.len(), 1);
        assert!(df.errors[0].message.contains("unterminated heredoc"));
    }
}
