//! Dockerfile syntax: the instruction model every Dockerfile rule reads.
//!
//! Owns: splitting a Dockerfile into parser directives, comments and
//! instructions (keyword, flags, arguments, JSON form, heredocs) with exact
//! byte ranges into the original text. The split is read from the tree of
//! dfix's own grammar (`grammars/dockerfile`, compiled by `build.rs`), which
//! follows BuildKit's parser exactly on the corpus (line continuations with
//! comment and blank lines inside them, the escape directive, heredocs,
//! JSON versus shell form); this module adds the checks BuildKit makes after
//! parsing (unknown instruction, missing arguments, unterminated heredoc,
//! repeated directive). The same tree serves syntax errors and incremental
//! reparsing.
//!
//! Never touches: rules, fixes, IO. Shell text stays opaque here; the
//! `shell` module parses it.

use std::ops::Range;

use tree_sitter::Node;

use super::TreeSitterLanguage;

/// A `# name=value` parser directive at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub range: Range<usize>,
}

/// A comment line outside any instruction (or inside a continuation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
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
        // An escaped escape (`\\` at the end of a line) is a literal, not a
        // continuation: BuildKit only continues after an unescaped one.
        continued = content_end > 0
            && line[content_end - 1] == escape
            && !(content_end > 1 && line[content_end - 2] == escape)
            && line_end < src.len();
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

impl Dockerfile {
    /// Read the instruction model from `text`. Never fails: problems become
    /// `errors`.
    pub fn parse(text: &str) -> Dockerfile {
        match super::parse_tree(&language(), text, None) {
            Some(tree) => Dockerfile::from_tree(text, &tree),
            None => Dockerfile {
                escape: b'\\',
                directives: Vec::new(),
                comments: Vec::new(),
                instructions: Vec::new(),
                errors: vec![SyntaxError {
                    range: 0..0,
                    message: "the Dockerfile parser gave up on this file".into(),
                    parse: true,
                }],
                bom_len: bom_len(text),
            },
        }
    }

    /// Read the instruction model from a tree of `text` made with
    /// [`language`] (e.g. the LSP's incrementally reparsed tree).
    pub fn from_tree(text: &str, tree: &tree_sitter::Tree) -> Dockerfile {
        IncrementalModel::read(text, tree).df
    }

    fn empty(text: &str) -> Dockerfile {
        Dockerfile {
            escape: b'\\',
            directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::new(),
            errors: Vec::new(),
            bom_len: bom_len(text),
        }
    }

    fn read_directive(&mut self, text: &str, node: Node) {
        let field = |name: &str| {
            node.child_by_field_name(name)
                .map(|n| text[n.byte_range()].trim().to_string())
                .unwrap_or_default()
        };
        let name = field("name").to_ascii_lowercase();
        if self.directives.iter().any(|d| d.name == name) {
            // BuildKit rejects the file; keep the line as a comment.
            self.errors.push(SyntaxError {
                range: node.byte_range(),
                message: format!("only one `{name}` parser directive can be used"),
                parse: true,
            });
            self.push_comment(text, node);
            return;
        }
        let value = field("value");
        if name == "escape" && (value == "`" || value == "\\") {
            self.escape = value.as_bytes()[0];
        }
        let (start, end) = line_bounds(text, node.start_byte());
        let start = if start == 0 { self.bom_len } else { start };
        self.directives.push(Directive {
            name,
            value,
            range: start..end,
        });
    }

    fn push_comment(&mut self, text: &str, node: Node) {
        let range = trim_range(text, node.byte_range());
        let body = if range.is_empty() {
            ""
        } else {
            &text[range.start + 1..range.end]
        };
        self.comments.push(Comment {
            text: body.trim().to_string(),
            range,
        });
    }

    fn collect_comments(&mut self, text: &str, node: Node) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.kind() == "comment" {
                self.push_comment(text, child);
            } else if child.child_count() > 0 {
                self.collect_comments(text, child);
            }
        }
    }

    /// One `*_instruction` node (for ONBUILD, the nested one too).
    fn read_instruction(&mut self, text: &str, node: Node) -> Instruction {
        let keyword_node = node.child_by_field_name("keyword");
        let keyword_range =
            keyword_node.map_or(node.start_byte()..node.start_byte(), |k| k.byte_range());
        let keyword = text[keyword_range.clone()].to_ascii_uppercase();
        if node.kind() == "unknown_instruction" || !KNOWN.contains(&keyword.as_str()) {
            self.errors.push(SyntaxError {
                range: keyword_range.clone(),
                message: format!("unknown instruction `{}`", &text[keyword_range.clone()]),
                parse: false,
            });
        }
        let mut flags = Vec::new();
        let mut after_flags = keyword_range.end;
        let mut content: Option<Range<usize>> = None;
        let mut end_row = node.start_position().row;
        let mut json = None;
        let mut markers = Vec::new();
        let mut bodies = Vec::new();
        let mut onbuild = None;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.is_missing() {
                continue;
            }
            match child.kind() {
                "flag" => {
                    flags.push(read_flag(text, child));
                    after_flags = child.end_byte();
                    end_row = end_row.max(child.end_position().row);
                }
                "--" => after_flags = child.end_byte(),
                "heredoc" => bodies.push(child),
                "json_array" => {
                    let mut c = child.walk();
                    json = Some(
                        child
                            .named_children(&mut c)
                            .filter(|s| s.kind() == "json_string")
                            .map(|s| {
                                let raw = &text[s.byte_range()];
                                serde_json::from_str::<String>(raw)
                                    .unwrap_or_else(|_| raw.to_string())
                            })
                            .collect(),
                    );
                    widen(
                        &mut content,
                        &mut end_row,
                        child.byte_range(),
                        child.end_position().row,
                    );
                }
                "shell_command" | "arguments" => {
                    let mut c = child.walk();
                    markers.extend(
                        child
                            .named_children(&mut c)
                            .filter(|m| m.kind() == "heredoc_start"),
                    );
                    widen(
                        &mut content,
                        &mut end_row,
                        child.byte_range(),
                        child.end_position().row,
                    );
                }
                "pair"
                    if matches!(node.kind(), "env_instruction" | "label_instruction")
                        && child.child_by_field_name("value").is_none()
                        && !has_child_kind(child, "=") =>
                {
                    // BuildKit's parser rejects both: legacy `ENV key` without a
                    // value, and a later word without `=` in `ENV a=1 b`.
                    let message = if content.is_none() {
                        format!("{keyword} must have two arguments")
                    } else {
                        format!(
                            "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                            &text[child.byte_range()]
                        )
                    };
                    self.errors.push(SyntaxError {
                        range: child.byte_range(),
                        message,
                        parse: true,
                    });
                    widen(
                        &mut content,
                        &mut end_row,
                        child.byte_range(),
                        child.end_position().row,
                    );
                }
                "ignored_text" | "pair" | "image" | "stage_name" | "AS" | "healthcheck_type" => {
                    widen(
                        &mut content,
                        &mut end_row,
                        child.byte_range(),
                        child.end_position().row,
                    );
                }
                kind if kind.ends_with("_instruction") => {
                    let mut inner = self.read_instruction(text, child);
                    let inner_end = if inner.args_range.is_empty() {
                        inner.keyword_range.end
                    } else {
                        inner.args_range.end
                    };
                    widen(
                        &mut content,
                        &mut end_row,
                        inner.keyword_range.start..inner_end,
                        inner.end_line,
                    );
                    // Heredocs of `ONBUILD RUN <<EOF` belong to the ONBUILD line.
                    bodies.clear();
                    markers.clear();
                    let heredocs = std::mem::take(&mut inner.heredocs);
                    inner.range.end = inner_end;
                    onbuild = Some((inner, heredocs));
                }
                _ => {}
            }
        }
        let args_range = content.clone().unwrap_or(after_flags..after_flags);
        let logical_end = line_bounds(text, args_range.end.max(after_flags)).1;
        let mut range = keyword_range.start..logical_end;
        let mut heredocs = Vec::new();
        for (i, marker) in markers.iter().enumerate() {
            let (name, strip_tabs, quoted) = heredoc_marker(&text[marker.byte_range()]);
            let end = bodies
                .get(i)
                .and_then(|h| last_child(*h))
                .filter(|e| e.kind() == "heredoc_end" && !e.is_missing());
            let Some(end) = end else {
                self.errors.push(SyntaxError {
                    range: marker.byte_range(),
                    message: format!("unterminated heredoc `{name}`"),
                    parse: true,
                });
                range.end = text.len();
                break;
            };
            let body_range = bodies[i]
                .named_child(0)
                .filter(|b| b.kind() == "heredoc_body")
                .map_or(end.start_byte()..end.start_byte(), |b| b.byte_range());
            heredocs.push(Heredoc {
                name,
                marker_range: marker.byte_range(),
                strip_tabs,
                quoted,
                body_range,
                end_range: end.byte_range(),
            });
            range.end = end.end_byte();
            end_row = end.end_position().row;
        }
        let onbuild = onbuild.map(|(inner, inner_heredocs)| {
            if let Some(last) = inner_heredocs.last() {
                range.end = last.end_range.end;
                end_row = end_row.max(row_of(text, last.end_range.end));
            }
            heredocs = inner_heredocs;
            Box::new(inner)
        });
        if args_range.is_empty() && keyword != "ONBUILD" && KNOWN.contains(&keyword.as_str()) {
            self.errors.push(SyntaxError {
                range: keyword_range.clone(),
                message: format!("{keyword} requires at least one argument"),
                parse: false,
            });
        }
        Instruction {
            keyword,
            keyword_range,
            range,
            flags,
            args_range,
            json,
            heredocs,
            start_line: node.start_position().row,
            end_line: end_row,
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

/// The instruction model plus what each top-level statement of the tree
/// produced, so that reading an edited text again
/// ([`IncrementalModel::reread`]) re-reads only the statements the edit
/// touched and moves the others over (the language server's per-keystroke
/// path; `from_tree` is the same reader without a previous model).
#[derive(Debug, Clone, Default)]
pub struct IncrementalModel {
    pub df: Dockerfile,
    pieces: Vec<Piece>,
    /// Statements the last read moved over instead of reading.
    pub reused: usize,
    /// Instructions the last read moved over: (index in the previous
    /// model, index in this one, bytes moved by). What was computed from
    /// an instruction can follow it (the language server's shell scripts).
    pub moved: Vec<(usize, usize, isize)>,
    /// Where the text differs from the previous read's (none for a fresh
    /// read).
    pub change: Option<TextChange>,
    /// Statement nodes of the tree the last read visited.
    pub visited: usize,
}

/// Where an edited text differs from the text before: they agree on
/// `..prefix`, and from `new_suffix` (an offset in the new text) on, where
/// the new text is `delta` bytes further than the old.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextChange {
    pub prefix: usize,
    pub new_suffix: usize,
    pub delta: isize,
}

/// What one instruction node produced: index ranges into the model's
/// vectors.
#[derive(Debug, Clone)]
struct Piece {
    node: Range<usize>,
    kind: u16,
    /// One past the last byte its model read: the node or the logical
    /// line's end, and the newline after it.
    extent_end: usize,
    instructions: Range<usize>,
    comments: Range<usize>,
    errors: Range<usize>,
}

impl Default for Dockerfile {
    fn default() -> Dockerfile {
        Dockerfile::empty("")
    }
}

/// The previous model being taken apart by a re-read, and where the edit
/// was: the texts agree on `..prefix` and (shifted by `delta` bytes and
/// `line_delta` lines) from `new_suffix` on.
struct Previous {
    df: Dockerfile,
    pieces: Vec<Piece>,
    prefix: usize,
    new_suffix: usize,
    delta: isize,
    line_delta: isize,
}

impl IncrementalModel {
    /// Read `text` afresh.
    pub fn read(text: &str, tree: &tree_sitter::Tree) -> IncrementalModel {
        let mut m = IncrementalModel {
            df: Dockerfile::empty(text),
            pieces: Vec::new(),
            reused: 0,
            moved: Vec::new(),
            change: None,
            visited: 0,
        };
        m.read_statements(text, tree.root_node(), &mut None);
        m
    }

    /// Read `text` (whose tree is `tree`), reusing what `self` read from
    /// `old_text`: a statement wholly inside the unchanged head or tail of
    /// the text, whose node has the same kind and range (shifted) in the new
    /// tree, is moved over instead of read again. Equal to [`Self::read`].
    ///
    /// With `old_tree` (the tree `self` was read from), the statements
    /// outside the span where the texts or the trees differ
    /// (`Tree::changed_ranges`) are moved over without visiting their
    /// nodes: only the nodes in the changed span are walked.
    pub fn reread(
        self,
        old_text: &str,
        text: &str,
        tree: &tree_sitter::Tree,
        old_tree: Option<&tree_sitter::Tree>,
    ) -> IncrementalModel {
        let (a, b) = (old_text.as_bytes(), text.as_bytes());
        let prefix = common_prefix(a, b);
        let room = a.len().min(b.len()) - prefix;
        let suffix = common_suffix(&a[a.len() - room..], &b[b.len() - room..]);
        let newlines = |s: &[u8]| s.iter().filter(|&&c| c == b'\n').count() as isize;
        let change = TextChange {
            prefix,
            new_suffix: b.len() - suffix,
            delta: b.len() as isize - a.len() as isize,
        };
        let mut previous = Previous {
            prefix,
            new_suffix: change.new_suffix,
            delta: change.delta,
            line_delta: newlines(&b[prefix..b.len() - suffix])
                - newlines(&a[prefix..a.len() - suffix]),
            df: self.df,
            pieces: self.pieces,
        };
        let mut m = IncrementalModel {
            df: Dockerfile::empty(text),
            pieces: Vec::new(),
            reused: 0,
            moved: Vec::new(),
            change: Some(change),
            visited: 0,
        };
        if let Some(old_tree) = old_tree {
            let dirty = changed_span(old_text, text, change, old_tree, tree);
            if previous.skippable(tree, &dirty)
                && m.read_changed_span(text, tree, &mut previous, dirty)
            {
                return m;
            }
        }
        m.read_statements(text, tree.root_node(), &mut Some(previous));
        m
    }

    /// The re-read of [`Self::reread`] that walks only the nodes between
    /// the unchanged head and tail (see [`Previous::skippable`]). False
    /// (and nothing taken) when it cannot place its walk.
    fn read_changed_span(
        &mut self,
        text: &str,
        tree: &tree_sitter::Tree,
        prev: &mut Previous,
        dirty: Range<usize>,
    ) -> bool {
        // The head: statements (and what their reading looked at) before
        // the span.
        let head = prev
            .pieces
            .iter()
            .take_while(|p| p.node.end <= dirty.start && p.extent_end <= dirty.start)
            .count();
        let cut = head.checked_sub(1).map_or(0, |i| prev.pieces[i].node.end);
        // The first statement after the head starts at the first byte
        // that is not white space. (`goto_first_child_for_byte` finds
        // nothing for a byte between two statements; it does for a
        // statement's first byte.)
        let mut cursor = tree.root_node().walk();
        let probe = cut
            + text.as_bytes()[cut..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let more = probe < text.len();
        if more
            && (cursor.goto_first_child_for_byte(probe).is_none()
                || cursor.node().start_byte() < cut)
        {
            return false;
        }
        self.df.escape = prev.df.escape;
        self.df.directives = std::mem::take(&mut prev.df.directives);
        for i in 0..head {
            let piece = prev.take(i, 0, 0, &mut self.df, &mut self.moved);
            self.reused += usize::from(!piece.instructions.is_empty());
            self.pieces.push(piece);
        }
        // The span: read afresh, up to the first statement after it that
        // the previous read has.
        let mut tail = prev.pieces.len();
        if more {
            loop {
                let node = cursor.node();
                self.visited += 1;
                if node.start_byte() > dirty.end {
                    if let Some(j) = prev.piece_at(node, prev.delta) {
                        tail = j;
                        break;
                    }
                }
                self.read_node(text, node);
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        // The tail: moved by the change.
        for j in tail..prev.pieces.len() {
            let piece = prev.take(
                j,
                prev.delta,
                prev.line_delta,
                &mut self.df,
                &mut self.moved,
            );
            self.reused += usize::from(!piece.instructions.is_empty());
            self.pieces.push(piece);
        }
        true
    }

    /// Read one statement node afresh (not an ERROR: the callers walk
    /// error-free trees or recurse into ERROR themselves).
    fn read_node(&mut self, text: &str, node: Node) {
        let before = (
            self.df.instructions.len(),
            self.df.comments.len(),
            self.df.errors.len(),
        );
        match node.kind() {
            "directive" => self.df.read_directive(text, node),
            "comment" => self.df.push_comment(text, node),
            kind if kind.ends_with("_instruction") => {
                let instr = self.df.read_instruction(text, node);
                self.df.instructions.push(instr);
                // Comment lines inside the instruction's continuations.
                self.df.collect_comments(text, node);
            }
            _ => return,
        }
        self.push_piece(node, before);
    }

    /// Record what reading `node` added since `before` (the lengths of the
    /// instruction, comment and error lists).
    fn push_piece(&mut self, node: Node, before: (usize, usize, usize)) {
        let instructions = before.0..self.df.instructions.len();
        let extent_end = self.df.instructions[instructions.clone()]
            .iter()
            .map(|i| i.range.end + 1)
            .fold(node.end_byte() + 1, usize::max);
        self.pieces.push(Piece {
            node: node.byte_range(),
            kind: node.kind_id(),
            extent_end,
            instructions,
            comments: before.1..self.df.comments.len(),
            errors: before.2..self.df.errors.len(),
        });
    }

    /// Directives, comments and instructions directly under `parent` (the
    /// root, or an ERROR node the parser wrapped around some of them).
    fn read_statements(&mut self, text: &str, parent: Node, previous: &mut Option<Previous>) {
        let mut cursor = parent.walk();
        for node in parent.children(&mut cursor) {
            self.visited += 1;
            match node.kind() {
                "ERROR" => self.read_statements(text, node, previous),
                kind if kind.ends_with("_instruction") => {
                    // A changed escape directive changes how every line reads.
                    if previous
                        .as_ref()
                        .is_some_and(|p| p.df.escape != self.df.escape)
                    {
                        *previous = None;
                    }
                    let before = (
                        self.df.instructions.len(),
                        self.df.comments.len(),
                        self.df.errors.len(),
                    );
                    let reused = previous
                        .as_mut()
                        .is_some_and(|p| p.move_piece(node, &mut self.df, &mut self.moved));
                    if reused {
                        self.reused += 1;
                        self.push_piece(node, before);
                    } else {
                        self.read_node(text, node);
                    }
                }
                _ => self.read_node(text, node),
            }
        }
    }
}

impl Previous {
    /// Move the old statement that `node` is an unchanged copy of into
    /// `df`, shifted; false when there is none.
    fn move_piece(
        &mut self,
        node: Node,
        df: &mut Dockerfile,
        moved: &mut Vec<(usize, usize, isize)>,
    ) -> bool {
        let r = node.byte_range();
        // In the head: everything it read, and the newline after, is
        // unchanged (checked on the old piece below). In the tail: the
        // newline before it is unchanged too.
        let (by, lines) = if r.end < self.prefix {
            (0, 0)
        } else if r.start > self.new_suffix {
            (self.delta, self.line_delta)
        } else {
            return false;
        };
        let Some(i) = self.piece_at(node, by) else {
            return false;
        };
        if r.end < self.prefix && self.pieces[i].extent_end > self.prefix {
            return false;
        }
        self.take(i, by, lines, df, moved);
        true
    }

    /// The old statement with `node`'s kind and range (moved back by `by`).
    fn piece_at(&self, node: Node, by: isize) -> Option<usize> {
        let r = node.byte_range();
        let old_start = (r.start as isize - by) as usize;
        let i = self
            .pieces
            .binary_search_by_key(&old_start, |p| p.node.start)
            .ok()?;
        let p = &self.pieces[i];
        (p.kind == node.kind_id() && (p.node.end as isize + by) as usize == r.end).then_some(i)
    }

    /// Move old statement `i` into `df`, shifted by `by` bytes and `lines`
    /// lines; its piece there.
    fn take(
        &mut self,
        i: usize,
        by: isize,
        lines: isize,
        df: &mut Dockerfile,
        moved: &mut Vec<(usize, usize, isize)>,
    ) -> Piece {
        let p = &self.pieces[i];
        let before = (df.instructions.len(), df.comments.len(), df.errors.len());
        for (old, ins) in self.df.instructions[p.instructions.clone()]
            .iter_mut()
            .enumerate()
        {
            let mut ins = std::mem::take(ins);
            shift_instruction(&mut ins, by, lines);
            moved.push((p.instructions.start + old, df.instructions.len(), by));
            df.instructions.push(ins);
        }
        for c in &mut self.df.comments[p.comments.clone()] {
            let mut c = std::mem::take(c);
            shift(&mut c.range, by);
            df.comments.push(c);
        }
        for e in &mut self.df.errors[p.errors.clone()] {
            let mut e = std::mem::take(e);
            shift(&mut e.range, by);
            df.errors.push(e);
        }
        let mut node = p.node.clone();
        shift(&mut node, by);
        Piece {
            node,
            kind: p.kind,
            extent_end: (p.extent_end as isize + by) as usize,
            instructions: before.0..df.instructions.len(),
            comments: before.1..df.comments.len(),
            errors: before.2..df.errors.len(),
        }
    }

    /// Can the statements outside `dirty` be moved over without visiting
    /// their nodes? Outside the span where the trees differ, every byte
    /// has the same ancestors in both trees (`Tree::changed_ranges`), so
    /// each old statement there is a node of the new tree too. Taken only
    /// for an error-free tree (no ERROR node around statements) and a
    /// span after the first instruction (the directives, and so the escape
    /// character, are unchanged).
    fn skippable(&self, tree: &tree_sitter::Tree, dirty: &Range<usize>) -> bool {
        let first = self.pieces.iter().find(|p| !p.instructions.is_empty());
        !tree.root_node().has_error() && first.is_some_and(|p| p.extent_end <= dirty.start)
    }
}

/// The span of `text` (an offset range) outside which both its text and its
/// tree equal the old ones (shifted by the change): the changed text, and
/// every range whose syntax changed.
fn changed_span(
    old_text: &str,
    text: &str,
    change: TextChange,
    old_tree: &tree_sitter::Tree,
    tree: &tree_sitter::Tree,
) -> Range<usize> {
    let old_end = (change.new_suffix as isize - change.delta) as usize;
    let mut edited = old_tree.clone();
    edited.edit(&tree_sitter::InputEdit {
        start_byte: change.prefix,
        old_end_byte: old_end,
        new_end_byte: change.new_suffix,
        start_position: point_at(old_text, change.prefix),
        old_end_position: point_at(old_text, old_end),
        new_end_position: point_at(text, change.new_suffix),
    });
    tree.changed_ranges(&edited)
        .fold(change.prefix..change.new_suffix, |span, r| {
            span.start.min(r.start_byte)..span.end.max(r.end_byte)
        })
}

/// How many leading bytes `a` and `b` share (compared a block at a time).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many trailing bytes `a` and `b` share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    while k + BLOCK <= n && a[n - k - BLOCK..n - k] == b[n - k - BLOCK..n - k] {
        k += BLOCK;
    }
    k + a[..n - k]
        .iter()
        .rev()
        .zip(b[..n - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Row and byte column of `offset` in `text`.
fn point_at(text: &str, offset: usize) -> tree_sitter::Point {
    let head = &text.as_bytes()[..offset];
    let row = head.iter().filter(|&&c| c == b'\n').count();
    let line_start = head.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
    tree_sitter::Point {
        row,
        column: offset - line_start,
    }
}

fn shift(r: &mut Range<usize>, by: isize) {
    *r = (r.start as isize + by) as usize..(r.end as isize + by) as usize;
}

fn shift_instruction(ins: &mut Instruction, by: isize, lines: isize) {
    if by == 0 && lines == 0 {
        return;
    }
    shift(&mut ins.keyword_range, by);
    shift(&mut ins.range, by);
    shift(&mut ins.args_range, by);
    for f in &mut ins.flags {
        shift(&mut f.range, by);
    }
    for h in &mut ins.heredocs {
        shift(&mut h.marker_range, by);
        shift(&mut h.body_range, by);
        shift(&mut h.end_range, by);
    }
    ins.start_line = (ins.start_line as isize + lines) as usize;
    ins.end_line = (ins.end_line as isize + lines) as usize;
    if let Some(inner) = &mut ins.onbuild {
        shift_instruction(inner, by, lines);
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

/// Length of a leading UTF-8 byte order mark (0 or 3).
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// The line holding `offset`: its start, and its end without the line end.
fn line_bounds(text: &str, offset: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let offset = offset.min(b.len());
    let start = b[..offset]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let mut end = memchr(b'\n', &b[offset..]).map_or(b.len(), |p| offset + p);
    if end > start && b[end - 1] == b'\r' {
        end -= 1;
    }
    (start, end)
}

/// 0-based line of `offset`.
fn row_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&c| c == b'\n')
        .count()
}

/// Grow the arguments' range by `r`, ending on line `row`.
fn widen(content: &mut Option<Range<usize>>, end_row: &mut usize, r: Range<usize>, row: usize) {
    *content = Some(match content.take() {
        Some(c) => c.start.min(r.start)..c.end.max(r.end),
        None => r,
    });
    *end_row = (*end_row).max(row);
}

fn has_child_kind(node: Node, kind: &str) -> bool {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).any(|c| c.kind() == kind);
    found
}

fn last_child(node: Node) -> Option<Node> {
    node.child(node.child_count().checked_sub(1)?)
}

fn read_flag(text: &str, node: Node) -> Flag {
    let name = node
        .child_by_field_name("name")
        .map(|n| text[n.byte_range()].to_ascii_lowercase())
        .unwrap_or_default();
    let value = has_child_kind(node, "=").then(|| {
        node.child_by_field_name("value")
            .map(|v| text[v.byte_range()].to_string())
            .unwrap_or_default()
    });
    Flag {
        range: node.byte_range(),
        name,
        value,
    }
}

/// Name, `<<-` and quoting of a heredoc marker such as `3<<-"EOF"`: the
/// delimiter is the word after `<<` with its quotes removed, as BuildKit
/// reads it.
fn heredoc_marker(marker: &str) -> (String, bool, bool) {
    let rest = marker.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix("<<").unwrap_or(rest);
    let (strip_tabs, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let quoted = rest.contains(['"', '\'']);
    let mut name = String::new();
    let mut quote = None;
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (q, '\\') if q != Some('\'') => name.extend(chars.next()),
            _ => name.push(c),
        }
    }
    (name, strip_tabs, quoted)
}

extern "C" {
    fn tree_sitter_dockerfile() -> *const ();
}

/// dfix's own Dockerfile grammar (`grammars/dockerfile`, compiled by
/// `build.rs`): BuildKit's instruction structure with opaque shell text.
pub const LANGUAGE: tree_sitter_language::LanguageFn =
    unsafe { tree_sitter_language::LanguageFn::from_raw(tree_sitter_dockerfile) };

/// The tree-sitter language used for Dockerfile trees.
pub fn language() -> TreeSitterLanguage {
    LANGUAGE.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::syntax::random_edit::Rng;

    /// `reread` after each of many random edits equals a fresh read: the
    /// language server's incremental model never drifts.
    #[test]
    fn reread_equals_a_fresh_read_after_random_edits() {
        let samples = [
            "# syntax=docker/dockerfile:1\nARG BASE=debian:12\nFROM ${BASE} AS build\nRUN apt-get update \\\n  # comment inside\n  && apt-get install -y curl\nCOPY --from=build --chown=a:b /x /y\nRUN <<EOF\necho hi\nEOF\nONBUILD RUN <<-\"X\" cat\n\tbody\n\tX\nENV a=1 b\nCMD [\"run\", \"x\"]\nFROBNICATE now\nUSER\n",
            "# escape=`\nFROM mcr.microsoft.com/windows AS w\nRUN dir `\n  c:\\\nHEALTHCHECK --interval=5s CMD [\"x\"]\n\n\nLABEL a=b \\\n  c=d\n",
            "FROM a\nRUN <<A <<B\na\nA\nb\nB\nRUN x \\\n\n  y\n# tail comment\nEXPOSE 80/tcp ü😀\n",
        ];
        let inserts = [
            "\n",
            "\\\n",
            "RUN ",
            "<<EOF\n",
            "EOF\n",
            "# c\n",
            "FROM a AS b\n",
            "x",
            " ",
            "\"",
            "[",
            "]",
            "`",
            "# escape=`\n",
            "ONBUILD ",
            "--mount=type=cache,target=/c ",
            "é",
            "😀",
            "\r\n",
            "=",
        ];
        // A longer file, where most edits leave the tree error-free and the
        // re-read walks only the changed span.
        let stages: String = (0..12)
            .map(|n| {
                format!(
                    "FROM base{n} AS s{n}\nRUN apt-get update \\\n  && apt-get install -y x\n# note {n}\nRUN <<EOF\necho {n}\nEOF\nENV A={n}\n\n"
                )
            })
            .collect();
        let long = format!("# syntax=docker/dockerfile:1\nARG V=1\n{stages}CMD [\"x\"]\n");
        let lang = language();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for sample in samples.iter().copied().chain([long.as_str()]) {
            let mut text = sample.to_string();
            let mut tree = crate::syntax::parse_tree(&lang, &text, None).unwrap();
            let mut model = IncrementalModel::read(&text, &tree);
            let mut reused = 0;
            let (mut walked, mut skipped) = (0, 0);
            for step in 0..1000 {
                let (r, insert) = rng.edit(&text, 8, &inserts);
                let (a, b) = (r.start, r.end);
                let mut new_text = text.clone();
                new_text.replace_range(a..b, insert);
                // Parsed as the language server does: the old tree, edited.
                let mut edited = tree.clone();
                edited.edit(&tree_sitter::InputEdit {
                    start_byte: a,
                    old_end_byte: b,
                    new_end_byte: a + insert.len(),
                    start_position: point_at(&text, a),
                    old_end_position: point_at(&text, b),
                    new_end_position: point_at(&new_text, a + insert.len()),
                });
                let new_tree = crate::syntax::parse_tree(&lang, &new_text, Some(&edited)).unwrap();
                let before = model.df.instructions.clone();
                // Every other step without the old tree: both ways of
                // re-reading.
                let old_tree = (step % 2 == 0).then_some(&tree);
                model = model.reread(&text, &new_text, &new_tree, old_tree);
                if old_tree.is_some() {
                    let all = Dockerfile::from_tree(&new_text, &new_tree);
                    let statements = all.instructions.len() + all.comments.len();
                    if model.visited < statements / 2 {
                        skipped += 1;
                    } else {
                        walked += 1;
                    }
                }
                let tree_ = new_tree;
                for &(old, new, by) in &model.moved {
                    let (a, b) = (&before[old], &model.df.instructions[new]);
                    assert_eq!(&text[a.range.clone()], &new_text[b.range.clone()]);
                    assert_eq!(a.range.start as isize + by, b.range.start as isize);
                }
                let fresh = Dockerfile::from_tree(&new_text, &tree_);
                assert_eq!(model.df, fresh, "step {step}: {new_text:?}");
                reused += model.reused;
                text = new_text;
                tree = tree_;
            }
            // Most statements are moved over, not read again.
            assert!(reused > 300, "only {reused} statements reused");
            // In the long file most re-reads walk only the changed span.
            if sample.len() > 1000 {
                assert!(skipped > 250, "walked {walked}, skipped only {skipped}");
            }
        }
    }

    /// The block-wise prefix and suffix equal the byte-wise ones.
    #[test]
    fn common_prefix_and_suffix() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for _ in 0..2000 {
            let len = rng.below(300);
            let a: Vec<u8> = (0..len).map(|_| b'a' + rng.below(2) as u8).collect();
            let mut b = a.clone();
            for _ in 0..rng.below(3) {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] = b'z';
                }
            }
            b.truncate(
                rng.below(b.len() + 1)
                    .max(b.len().saturating_sub(rng.below(5))),
            );
            let naive_prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let naive_suffix = a
                .iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            assert_eq!(common_prefix(&a, &b), naive_prefix);
            assert_eq!(common_suffix(&a, &b), naive_suffix);
        }
    }

    #[test]
    fn escaped_escape_at_line_end_is_not_a_continuation() {
        // BuildKit: `C:\\dir\\` ends the instruction (Windows paths).
        let src = "FROM a\nCOPY x C:\\\\dir\\\\\n\nENV A 1\n";
        let df = Dockerfile::parse(src);
        let kw: Vec<_> = df.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kw, ["FROM", "COPY", "ENV"]);
    }

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
    #[test]
    fn buildkit_corner_cases() {
        let src = "\u{feff}# escape=`\r\nFROM a\r\nRUN echo \\`\r\n  # note\r\n\r\n  && b\r\nCMD [\"x\"] && y\r\nCMD [\"a\",]\r\nBOGUS z\r\nENV A=1 B=\"2 3\"\r\n";
        let df = Dockerfile::parse(src);
        assert_eq!(df.bom_len, 3);
        assert_eq!(df.escape, b'`');
        let kw: Vec<_> = df.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kw, ["FROM", "RUN", "CMD", "CMD", "BOGUS", "ENV"]);
        let run = &df.instructions[1];
        assert_eq!((run.start_line, run.end_line), (2, 5));
        assert_eq!(
            &src[run.args_range.clone()],
            "echo \\`\r\n  # note\r\n\r\n  && b"
        );
        assert_eq!(df.comments.len(), 1);
        assert_eq!(df.comments[0].text, "note");
        // BuildKit ignores text after a JSON array, and reads `["a",]` as shell.
        assert_eq!(
            df.instructions[2].json.as_deref(),
            Some(&["x".to_string()][..])
        );
        assert!(df.instructions[3].json.is_none());
        assert_eq!(df.errors.len(), 1, "{:?}", df.errors);
        assert!(df.errors[0].message.contains("unknown instruction `BOGUS`"));
        assert!(!df.errors[0].parse);
        assert!(!src[df.instructions[5].range.clone()].ends_with('\r'));
        let df = Dockerfile::parse("ENV PATH\nENV A=\nLABEL x y\nENV A=1 B\nARG C\n");
        let messages: Vec<_> = df.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "ENV must have two arguments",
                "Syntax error - can't find = in \"B\". Must be of the form: name=value"
            ]
        );
        // The error stays on its line: every instruction is still read.
        assert_eq!(df.instructions.len(), 5);
    }

    #[test]
    fn onbuild_heredocs_and_flags() {
        let src = "ONBUILD RUN --mount=type=cache,target=/c <<-\"EOT\" cat\n\thi\n\tEOT\nCOPY --link --chmod= <<A <<B /d/\na\nA\nB\n";
        let df = Dockerfile::parse(src);
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        let on = &df.instructions[0];
        assert_eq!(on.keyword, "ONBUILD");
        assert_eq!(on.end_line, 2);
        assert_eq!(on.heredocs.len(), 1);
        assert_eq!(on.heredocs[0].name, "EOT");
        assert!(on.heredocs[0].strip_tabs && on.heredocs[0].quoted);
        assert_eq!(&src[on.heredocs[0].body_range.clone()], "\thi\n");
        let inner = on.onbuild.as_ref().unwrap();
        assert_eq!(inner.keyword, "RUN");
        assert_eq!(
            inner.flag("mount").unwrap().value.as_deref(),
            Some("type=cache,target=/c")
        );
        let copy = &df.instructions[1];
        assert_eq!(copy.flag("link").unwrap().value, None);
        assert_eq!(copy.flag("chmod").unwrap().value.as_deref(), Some(""));
        let names: Vec<_> = copy.heredocs.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert!(copy.heredocs[1].body_range.is_empty());
        assert_eq!(copy.end_line, 6);
    }

    #[test]
    fn directives_only_at_the_top() {
        let src =
            "# syntax=docker/dockerfile:1\n# syntax=again\n# escape=`\nFROM a\n# check=skip=all\n";
        let df = Dockerfile::parse(src);
        let names: Vec<_> = df.directives.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["syntax", "escape"]);
        assert_eq!(df.directives[0].value, "docker/dockerfile:1");
        assert_eq!(df.escape, b'`');
        // BuildKit rejects a repeated directive: an error, and the line is a comment.
        assert_eq!(df.errors.len(), 1);
        assert!(df.errors[0].parse);
        assert_eq!(df.comments.len(), 2);
    }
}
