//! A small owned YAML model on tree-sitter-yaml, for rules that read
//! manifests and fixes that edit them in place.
//!
//! Owns: `YamlDoc` (one `---` document parsed on its own, every range an
//! absolute byte offset into the full text), `Value` navigation (mappings,
//! sequences, scalars with their style), `Style` (indent width, indented or
//! flush sequences, quoting, line ends — detected from the document itself)
//! and the insertion helpers that turn a wanted structure (`Gen`) into
//! minimal `Edit`s that follow that style.
//! Never touches: Kubernetes or compose semantics, diagnostics, IO.
//! Nodes that contain a Helm template (`{{ … }}`) are marked `templated`;
//! the helpers refuse to edit them.

use std::ops::Range;

use super::yaml;
use crate::engine::Edit;

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    Single,
    Double,
    /// `|` or `>` block scalar.
    Block,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The decoded value (quotes removed, escapes resolved).
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Map(Vec<Entry>),
    Seq(Vec<Value>),
    Scalar(Scalar),
    Alias,
}

/// A YAML node. `range` covers its content (not its anchor or tag).
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub range: Range<usize>,
    pub kind: ValueKind,
    /// A flow collection (`{…}` / `[…]`) or a flow scalar.
    pub flow: bool,
    /// Contains a Helm/Go template action in the original text.
    pub templated: bool,
    /// Has an anchor (`&name`) or sits inside an anchored node: aliases
    /// share it, so an edit here would change them too.
    pub shared: bool,
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_range: Range<usize>,
    /// `None` for `key:` with nothing after it.
    pub value: Option<Value>,
    /// From the key to the end of the value.
    pub range: Range<usize>,
}

impl Value {
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            ValueKind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            ValueKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's decoded text.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// A YAML 1.2 core-schema boolean (plus the 1.1 spellings Kubernetes
    /// still reads).
    pub fn as_bool(&self) -> Option<bool> {
        let s = self.as_scalar()?;
        if s.style != ScalarStyle::Plain {
            return None;
        }
        match s.text.as_str() {
            "true" | "True" | "TRUE" | "yes" | "Yes" | "on" | "On" => Some(true),
            "false" | "False" | "FALSE" | "no" | "No" | "off" | "Off" => Some(false),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        let s = self.as_scalar()?;
        if s.style != ScalarStyle::Plain {
            return None;
        }
        s.text.parse().ok()
    }

    pub fn is_null(&self) -> bool {
        matches!(self.as_scalar(), Some(s) if s.style == ScalarStyle::Plain
            && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entry(key)?.value.as_ref()
    }

    /// Follow a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Value> {
        let mut v = self;
        for k in keys {
            v = v.get(k)?;
        }
        Some(v)
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// A mapping with a merge key (`<<: *base`): its effective keys are
    /// not all written in it.
    pub fn has_merge_key(&self) -> bool {
        self.as_map()
            .is_some_and(|m| m.iter().any(|e| e.key == "<<"))
    }

    /// Whether dfix may edit inside this node: no template, no anchor
    /// shared with aliases, no merge key.
    pub fn editable(&self) -> bool {
        !self.templated && !self.shared && !self.has_merge_key()
    }
}

/// One `---` document.
#[derive(Debug, Clone)]
pub struct YamlDoc {
    /// The document's bytes in the full text (separator line included).
    pub range: Range<usize>,
    pub root: Option<Value>,
    /// ERROR/MISSING nodes in the document's tree.
    pub error_count: usize,
    /// The first error, absolute.
    pub first_error: Option<(Range<usize>, bool)>,
    /// The document contains a template action.
    pub templated: bool,
}

impl YamlDoc {
    /// Parse `text[range]` (template actions masked) into a model whose
    /// ranges are absolute offsets in `text`.
    pub fn parse(text: &str, range: Range<usize>) -> YamlDoc {
        let doc_text = &text[range.clone()];
        let masked = yaml::mask_templates(doc_text);
        let src = masked.as_deref().unwrap_or(doc_text);
        match super::parse_tree(&yaml::language(), src, None) {
            Some(tree) => YamlDoc::from_tree(text, range, &tree),
            None => YamlDoc {
                range,
                root: None,
                error_count: 1,
                first_error: None,
                templated: masked.is_some(),
            },
        }
    }

    /// Build the model from a tree the caller already has (the language
    /// server keeps one incrementally reparsed tree per document): `tree`
    /// must come from `text[range]` with templates masked, its offsets
    /// relative to `range.start`.
    pub fn from_tree(text: &str, range: Range<usize>, tree: &tree_sitter::Tree) -> YamlDoc {
        let doc_text = &text[range.clone()];
        let masked = yaml::mask_templates(doc_text);
        let src = masked.as_deref().unwrap_or(doc_text);
        let templated = masked.is_some();
        let (error_count, first) = super::tree_errors(tree, 1);
        let first_error = first.first().map(|(r, m)| {
            // Only worth the extra parses when the error is reported.
            let r = if templated {
                r.clone()
            } else {
                first_bad_line(src).unwrap_or(r.clone())
            };
            (range.start + r.start..range.start + r.end, *m)
        });
        let conv = Converter {
            src,
            original: doc_text,
            base: range.start,
            anchors: std::cell::Cell::new(0),
        };
        let root = tree
            .root_node()
            .named_children(&mut tree.root_node().walk())
            .filter(|n| n.kind() == "document")
            .find_map(|d| {
                d.named_children(&mut d.walk())
                    .filter(|n| n.kind() == "block_node" || n.kind() == "flow_node")
                    .find_map(|n| conv.node(n))
            });
        YamlDoc {
            range,
            root,
            error_count,
            first_error,
            templated,
        }
    }
}

/// The first line of a document that the parser cannot read: the line after
/// the longest run of leading lines that parses without an error. An ERROR
/// node of tree-sitter often starts far earlier (at the enclosing mapping),
/// which is no help to the reader.
fn first_bad_line(src: &str) -> Option<Range<usize>> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < src.len())
        .collect();
    let clean = |n: usize| {
        let end = starts.get(n).copied().unwrap_or(src.len());
        super::parse_tree(&yaml::language(), &src[..end], None)
            .is_some_and(|t| !t.root_node().has_error())
    };
    // Largest n whose first n lines parse; lines[n] is the culprit.
    let (mut lo, mut hi) = (0, starts.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if clean(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let line_start = *starts.get(lo)?;
    let end = src[line_start..]
        .find('\n')
        .map_or(src.len(), |p| line_start + p);
    let line = &src[line_start..end];
    let start = line_start + (line.len() - line.trim_start().len());
    Some(start..end.max(start))
}

/// Does `text[range]` hold a template action on a line of its own
/// (`{{- with .Values.x }}`, `{{- toYaml . | nindent 8 }}`)? Such an action
/// may render any keys, so "key missing" cannot be decided before rendering.
pub fn has_line_template(text: &str, range: Range<usize>) -> bool {
    text[range]
        .lines()
        .any(|l| l.trim_start().starts_with("{{"))
}

/// Parse every document of a YAML stream.
pub fn parse_stream(text: &str) -> Vec<YamlDoc> {
    yaml::split_documents(text)
        .into_iter()
        .map(|r| YamlDoc::parse(text, r))
        .collect()
}

struct Converter<'a> {
    src: &'a str,
    original: &'a str,
    base: usize,
    /// How many anchored nodes enclose the node being converted.
    anchors: std::cell::Cell<u32>,
}

impl Converter<'_> {
    fn abs(&self, r: Range<usize>) -> Range<usize> {
        self.base + r.start..self.base + r.end
    }

    fn templated(&self, r: &Range<usize>) -> bool {
        self.original[r.clone()].contains("{{")
    }

    /// A `block_node` / `flow_node` (or a content node directly).
    fn node(&self, n: tree_sitter::Node) -> Option<Value> {
        if n.kind() == "block_node" || n.kind() == "flow_node" {
            let anchored = n
                .named_children(&mut n.walk())
                .any(|c| c.kind() == "anchor");
            let content = n
                .named_children(&mut n.walk())
                .filter(|c| !matches!(c.kind(), "anchor" | "tag" | "comment"))
                .last()?;
            if !anchored {
                return self.node(content);
            }
            self.anchors.set(self.anchors.get() + 1);
            let v = self.node(content);
            self.anchors.set(self.anchors.get() - 1);
            return v;
        }
        let r = n.byte_range();
        // A scalar holding a template reads as written, not as its mask.
        let text = if self.templated(&r) {
            &self.original[r.clone()]
        } else {
            &self.src[r.clone()]
        };
        let (kind, flow) = match n.kind() {
            "block_mapping" => (
                ValueKind::Map(
                    n.named_children(&mut n.walk())
                        .filter(|c| c.kind() == "block_mapping_pair")
                        .filter_map(|c| self.pair(c))
                        .collect(),
                ),
                false,
            ),
            "flow_mapping" => (
                ValueKind::Map(
                    n.named_children(&mut n.walk())
                        .filter_map(|c| match c.kind() {
                            "flow_pair" => self.pair(c),
                            "flow_node" => {
                                let v = self.node(c)?;
                                Some(Entry {
                                    key: v.as_str().unwrap_or_default().to_string(),
                                    key_range: v.range.clone(),
                                    range: v.range.clone(),
                                    value: None,
                                })
                            }
                            _ => None,
                        })
                        .collect(),
                ),
                true,
            ),
            "block_sequence" => (
                ValueKind::Seq(
                    n.named_children(&mut n.walk())
                        .filter(|c| c.kind() == "block_sequence_item")
                        .map(|item| {
                            item.named_children(&mut item.walk())
                                .filter(|c| c.kind() == "block_node" || c.kind() == "flow_node")
                                .find_map(|c| self.node(c))
                                .unwrap_or_else(|| Value {
                                    range: self.abs(item.end_byte()..item.end_byte()),
                                    kind: ValueKind::Scalar(Scalar {
                                        text: String::new(),
                                        style: ScalarStyle::Plain,
                                    }),
                                    flow: false,
                                    templated: false,
                                    shared: self.anchors.get() > 0,
                                })
                        })
                        .collect(),
                ),
                false,
            ),
            "flow_sequence" => (
                ValueKind::Seq(
                    n.named_children(&mut n.walk())
                        .filter_map(|c| match c.kind() {
                            "flow_node" => self.node(c),
                            "flow_pair" => self.pair(c).map(|e| Value {
                                range: self.abs(c.byte_range()),
                                kind: ValueKind::Map(vec![e]),
                                flow: true,
                                templated: self.templated(&c.byte_range()),
                                shared: self.anchors.get() > 0,
                            }),
                            _ => None,
                        })
                        .collect(),
                ),
                true,
            ),
            "plain_scalar" => (
                ValueKind::Scalar(Scalar {
                    text: fold_plain(text),
                    style: ScalarStyle::Plain,
                }),
                true,
            ),
            "single_quote_scalar" => (
                ValueKind::Scalar(Scalar {
                    text: text
                        .get(1..text.len().saturating_sub(1))
                        .unwrap_or_default()
                        .replace("''", "'"),
                    style: ScalarStyle::Single,
                }),
                true,
            ),
            "double_quote_scalar" => (
                ValueKind::Scalar(Scalar {
                    text: unescape_double(text.get(1..text.len().saturating_sub(1)).unwrap_or("")),
                    style: ScalarStyle::Double,
                }),
                true,
            ),
            "block_scalar" => (
                ValueKind::Scalar(Scalar {
                    text: text.to_string(),
                    style: ScalarStyle::Block,
                }),
                false,
            ),
            "alias" => (ValueKind::Alias, true),
            _ => return None,
        };
        Some(Value {
            range: self.abs(r.clone()),
            kind,
            flow,
            templated: self.templated(&r),
            shared: self.anchors.get() > 0,
        })
    }

    fn pair(&self, n: tree_sitter::Node) -> Option<Entry> {
        let key_node = n.child_by_field_name("key")?;
        let key = self.node(key_node)?;
        let value = n.child_by_field_name("value").and_then(|v| self.node(v));
        Some(Entry {
            key: key.as_str().unwrap_or_default().to_string(),
            key_range: key.range.clone(),
            value,
            range: self.abs(n.byte_range()),
        })
    }
}

fn fold_plain(text: &str) -> String {
    if !text.contains('\n') {
        return text.to_string();
    }
    text.split('\n')
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn unescape_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// How a document is written, so inserted text looks like the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// Spaces per nesting level of mappings.
    pub indent: usize,
    /// Offset of `- ` from its parent key: 0 for flush sequences
    /// (`containers:\n- name:`), usually `indent` otherwise.
    pub seq_offset: usize,
    /// Quote for inserted strings: `None` plain, or `'` / `"`.
    pub quote: Option<char>,
    pub newline: &'static str,
}

impl Style {
    pub fn detect(text: &str, root: Option<&Value>) -> Style {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut indents: Vec<usize> = Vec::new();
        fn walk(
            text: &str,
            v: &Value,
            indents: &mut Vec<usize>,
            seq: &mut (usize, usize, Vec<usize>),
            quotes: &mut (usize, usize, usize),
        ) {
            match &v.kind {
                ValueKind::Map(entries) => {
                    for e in entries {
                        let Some(child) = &e.value else { continue };
                        if !v.flow && !child.flow {
                            let kc = column(text, e.key_range.start);
                            match &child.kind {
                                ValueKind::Map(m) if !m.is_empty() => {
                                    let cc = column(text, m[0].key_range.start);
                                    if cc > kc {
                                        indents.push(cc - kc);
                                    }
                                }
                                ValueKind::Seq(s) if !s.is_empty() => {
                                    let dash = column(text, child.range.start);
                                    if dash == kc {
                                        seq.0 += 1;
                                    } else if dash > kc {
                                        seq.1 += 1;
                                        seq.2.push(dash - kc);
                                    }
                                }
                                _ => {}
                            }
                        }
                        if let ValueKind::Scalar(s) = &child.kind {
                            if looks_like_string(&s.text) {
                                match s.style {
                                    ScalarStyle::Plain => quotes.0 += 1,
                                    ScalarStyle::Single => quotes.1 += 1,
                                    ScalarStyle::Double => quotes.2 += 1,
                                    ScalarStyle::Block => {}
                                }
                            }
                        }
                        walk(text, child, indents, seq, quotes);
                    }
                }
                ValueKind::Seq(items) => {
                    for i in items {
                        walk(text, i, indents, seq, quotes);
                    }
                }
                _ => {}
            }
        }
        let mut seq = (0, 0, Vec::new());
        let mut quotes = (0, 0, 0);
        if let Some(root) = root {
            walk(text, root, &mut indents, &mut seq, &mut quotes);
        }
        let (flush, indented, seq_offsets) = seq;
        let (plain, single, double) = quotes;
        let indent = most_common(&indents).unwrap_or(2);
        let seq_offset = if flush > indented {
            0
        } else {
            most_common(&seq_offsets).unwrap_or(indent)
        };
        let quote = if double > plain && double >= single {
            Some('"')
        } else if single > plain && single > double {
            Some('\'')
        } else {
            None
        };
        Style {
            indent,
            seq_offset,
            quote,
            newline,
        }
    }
}

/// Strings whose quoting says something about the author's habit (not
/// numbers or booleans, which are often quoted for type reasons).
fn looks_like_string(s: &str) -> bool {
    !s.is_empty()
        && s.parse::<f64>().is_err()
        && !matches!(s, "true" | "false" | "null" | "yes" | "no")
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

fn most_common(v: &[usize]) -> Option<usize> {
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for &x in v {
        *counts.entry(x).or_default() += 1;
    }
    // Most frequent; the smaller value on a tie.
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(x, _)| x)
}

/// Byte column of an offset (indentation is ASCII).
pub fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |p| p + 1)
}

/// Offset just past the end of the line holding `offset` (after `\n`), or
/// the text's end.
pub fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |p| offset + p + 1)
}

/// A structure to insert.
#[derive(Debug, Clone, PartialEq)]
pub enum Gen {
    /// Written as is (numbers, booleans, `{}`).
    Raw(String),
    /// A string, quoted per the document's style when that is safe.
    Str(String),
    Map(Vec<(String, Gen)>),
    Seq(Vec<Gen>),
}

impl Gen {
    pub fn raw(s: impl Into<String>) -> Gen {
        Gen::Raw(s.into())
    }
    pub fn str(s: impl Into<String>) -> Gen {
        Gen::Str(s.into())
    }
    pub fn map(entries: Vec<(&str, Gen)>) -> Gen {
        Gen::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }
    /// `a.b.c: leaf` as nested maps.
    pub fn at(path: &[&str], leaf: Gen) -> Gen {
        path.iter()
            .rev()
            .fold(leaf, |acc, k| Gen::Map(vec![(k.to_string(), acc)]))
    }
}

fn scalar_text(g: &Gen, style: &Style) -> String {
    match g {
        Gen::Raw(s) => s.clone(),
        Gen::Str(s) => match style.quote {
            Some('"') => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            Some(_) => format!("'{}'", s.replace('\'', "''")),
            None if needs_quotes(s) => format!("\"{}\"", s.replace('"', "\\\"")),
            None => s.clone(),
        },
        Gen::Map(m) if m.is_empty() => "{}".into(),
        Gen::Seq(s) if s.is_empty() => "[]".into(),
        _ => render_flow(g, style),
    }
}

fn needs_quotes(s: &str) -> bool {
    s.is_empty()
        || s.contains(": ")
        || s.contains(" #")
        || s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        || matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        || s.parse::<f64>().is_ok()
}

/// `{a: 1, b: [x]}`.
pub fn render_flow(g: &Gen, style: &Style) -> String {
    match g {
        Gen::Map(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}: {}", render_flow(v, style)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Gen::Seq(s) => {
            let parts: Vec<String> = s.iter().map(|v| render_flow(v, style)).collect();
            format!("[{}]", parts.join(", "))
        }
        _ => scalar_text(g, style),
    }
}

fn is_block(g: &Gen) -> bool {
    matches!(g, Gen::Map(m) if !m.is_empty()) || matches!(g, Gen::Seq(s) if !s.is_empty())
}

/// Lines for `key: gen` at column `col`, each ending in the newline.
pub fn render_entry(key: &str, g: &Gen, col: usize, style: &Style, out: &mut String) {
    let pad = " ".repeat(col);
    if !is_block(g) {
        out.push_str(&format!(
            "{pad}{key}: {}{}",
            scalar_text(g, style),
            style.newline
        ));
        return;
    }
    out.push_str(&format!("{pad}{key}:{}", style.newline));
    render_block_body(g, col, style, out);
}

/// The body of a block collection that is the value of a key at `col`.
fn render_block_body(g: &Gen, col: usize, style: &Style, out: &mut String) {
    match g {
        Gen::Map(m) => {
            for (k, v) in m {
                render_entry(k, v, col + style.indent, style, out);
            }
        }
        Gen::Seq(items) => render_items(items, col + style.seq_offset, style, out),
        _ => {}
    }
}

/// Sequence items with their `-` at `dash_col`.
pub fn render_items(items: &[Gen], dash_col: usize, style: &Style, out: &mut String) {
    let pad = " ".repeat(dash_col);
    for item in items {
        match item {
            Gen::Map(m) if !m.is_empty() => {
                // First entry after "- ", the rest aligned with it.
                let mut first = String::new();
                render_entry(&m[0].0, &m[0].1, dash_col + 2, style, &mut first);
                out.push_str(&pad);
                out.push_str("- ");
                out.push_str(&first[dash_col + 2..]);
                for (k, v) in &m[1..] {
                    render_entry(k, v, dash_col + 2, style, out);
                }
            }
            Gen::Seq(_) => out.push_str(&format!(
                "{pad}- {}{}",
                render_flow(item, style),
                style.newline
            )),
            _ => out.push_str(&format!(
                "{pad}- {}{}",
                scalar_text(item, style),
                style.newline
            )),
        }
    }
}

/// Where to put new keys in a block mapping: after the last entry whose key
/// is in `after` (in that order of preference), else after the last entry.
fn insertion_anchor<'a>(entries: &'a [Entry], after: &[&str]) -> Option<&'a Entry> {
    for k in after {
        if let Some(e) = entries.iter().rev().find(|e| e.key == *k) {
            return Some(e);
        }
    }
    entries.last()
}

/// Offset where a line after `entry` starts, and whether a newline must be
/// written first (entry on the file's last line without a final newline).
fn after_entry(text: &str, entry: &Entry) -> (usize, bool) {
    let end = entry.range.end;
    if end > 0 && text.as_bytes()[end - 1] == b'\n' {
        return (end, false);
    }
    let e = line_end(text, end);
    if e == text.len() && !text.ends_with('\n') {
        (e, true)
    } else {
        (e, false)
    }
}

/// Edits that make `map` contain every key of `want` (a `Gen::Map`),
/// recursing into mappings that already exist and inserting what is
/// missing at the natural place (after the keys in `after`, for the top
/// level). Existing values are never changed. `None` when the structure
/// cannot be edited safely (a template, an alias, a scalar in the way).
pub fn insert_missing(
    text: &str,
    style: &Style,
    map: &Value,
    want: &Gen,
    after: &[&str],
) -> Option<Vec<Edit>> {
    let Gen::Map(wanted) = want else { return None };
    if !map.editable() {
        return None;
    }
    let entries = map.as_map()?;
    let mut edits = Vec::new();
    let mut missing: Vec<(String, Gen)> = Vec::new();
    for (k, g) in wanted {
        match entries.iter().find(|e| e.key == *k) {
            None => missing.push((k.clone(), g.clone())),
            Some(e) => match (&e.value, g) {
                (Some(v), Gen::Map(_)) if v.as_map().is_some() => {
                    edits.extend(insert_missing(text, style, v, g, &[])?);
                }
                (None, _) => {
                    // `key:` with no value: write the value after the colon.
                    if !is_block(g) {
                        return None;
                    }
                    let col = column(text, e.key_range.start);
                    let mut body = String::new();
                    render_block_body(g, col, style, &mut body);
                    let at = e.range.end;
                    let body = body.strip_suffix(style.newline).unwrap_or(&body);
                    edits.push(Edit::insert(at, format!("{}{}", style.newline, body)));
                }
                (Some(v), _) if v.is_null() && v.range.is_empty() => return None,
                // Present with another shape: the rule decides what to do.
                _ => {}
            },
        }
    }
    if missing.is_empty() {
        return Some(edits);
    }
    if map.flow {
        let missing_gen = Gen::Map(missing);
        if entries.is_empty() {
            // `{}` as the value of a key: open it up into block style.
            let key_col = key_column_of_flow_value(text, map.range.start)?;
            let mut body = String::new();
            render_block_body(&missing_gen, key_col, style, &mut body);
            let body = body.strip_suffix(style.newline).unwrap_or(&body);
            // Take the blanks before `{}` too: no trailing space after `key:`.
            let start = text[..map.range.start].trim_end_matches([' ', '\t']).len();
            edits.push(Edit::replace(
                start..map.range.end,
                format!("{}{}", style.newline, body),
            ));
        } else {
            let inner = render_flow(&missing_gen, style);
            let inner = &inner[1..inner.len() - 1];
            edits.push(Edit::insert(map.range.end - 1, format!(", {inner}")));
        }
        return Some(edits);
    }
    let anchor = insertion_anchor(entries, after)?;
    let col = column(text, entries[0].key_range.start);
    let (at, newline_first) = after_entry(text, anchor);
    let mut content = String::new();
    if newline_first {
        content.push_str(style.newline);
    }
    for (k, g) in &missing {
        render_entry(k, g, col, style, &mut content);
    }
    if newline_first {
        content.truncate(content.len() - style.newline.len());
    }
    edits.push(Edit::insert(at, content));
    Some(edits)
}

/// For `key: {}` written in block context, the column of `key`; `None`
/// when the flow value is not on its key's line in a block mapping.
fn key_column_of_flow_value(text: &str, value_start: usize) -> Option<usize> {
    let ls = line_start(text, value_start);
    let line = &text[ls..value_start];
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let trimmed = trimmed.strip_prefix("- ").map_or(trimmed, |t| {
        // `- key: {}`: the key sits after the dash.
        t
    });
    if !trimmed.trim_end().ends_with(':') {
        return None;
    }
    let dash = line.trim_start().starts_with("- ");
    Some(if dash { indent + 2 } else { indent })
}

/// Edits that append `items` to a sequence.
pub fn append_items(text: &str, style: &Style, seq: &Value, items: &[Gen]) -> Option<Vec<Edit>> {
    if !seq.editable() {
        return None;
    }
    let existing = seq.as_seq()?;
    if seq.flow {
        let parts: Vec<String> = items.iter().map(|g| render_flow(g, style)).collect();
        let sep = if existing.is_empty() { "" } else { ", " };
        return Some(vec![Edit::insert(
            seq.range.end - 1,
            format!("{sep}{}", parts.join(", ")),
        )]);
    }
    let last = existing.last()?;
    let dash_col = column(text, seq.range.start);
    let fake = Entry {
        key: String::new(),
        key_range: last.range.clone(),
        value: None,
        range: last.range.clone(),
    };
    let (at, newline_first) = after_entry(text, &fake);
    let mut content = String::new();
    if newline_first {
        content.push_str(style.newline);
    }
    render_items(items, dash_col, style, &mut content);
    if newline_first {
        content.truncate(content.len() - style.newline.len());
    }
    Some(vec![Edit::insert(at, content)])
}

/// Replace a scalar's value, keeping its quote style.
pub fn replace_scalar(value: &Value, new: &str) -> Option<Edit> {
    if !value.editable() {
        return None;
    }
    let s = value.as_scalar()?;
    let content = match s.style {
        ScalarStyle::Plain => new.to_string(),
        ScalarStyle::Single => format!("'{}'", new.replace('\'', "''")),
        ScalarStyle::Double => format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\"")),
        ScalarStyle::Block => return None,
    };
    Some(Edit::replace(value.range.clone(), content))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::apply::apply_edits;

    fn doc(t: &str) -> (YamlDoc, Style) {
        let d = YamlDoc::parse(t, 0..t.len());
        let s = Style::detect(t, d.root.as_ref());
        (d, s)
    }

    #[test]
    fn navigation_and_scalars() {
        let t = "a: 1\nb:\n  - x\n  - \"y\\\"z\"\nc: {d: [1, 'it''s']}\n";
        let (d, _) = doc(t);
        let root = d.root.unwrap();
        assert_eq!(root.get("a").unwrap().as_i64(), Some(1));
        let b = root.get("b").unwrap().as_seq().unwrap();
        assert_eq!(b[1].as_str(), Some("y\"z"));
        let c = root.path(&["c", "d"]).unwrap().as_seq().unwrap();
        assert_eq!(c[1].as_str(), Some("it's"));
        assert_eq!(&t[root.get("a").unwrap().range.clone()], "1");
    }

    #[test]
    fn style_detection() {
        let (d, s) = doc("a:\n    b:\n        c: 1\n    l:\n    - x\n");
        assert!(d.root.is_some());
        assert_eq!((s.indent, s.seq_offset), (4, 0));
        let (_, s) = doc("a:\n  l:\n    - 'x'\n  m: 'y'\n");
        assert_eq!((s.indent, s.seq_offset, s.quote), (2, 2, Some('\'')));
    }

    #[test]
    fn insert_nested_follows_style() {
        let t = "c:\n    name: x\n    image: y\n    ports:\n    - 80\n    args: [a]\n";
        let (d, s) = doc(t);
        let c = d.root.as_ref().unwrap().get("c").unwrap();
        let want = Gen::at(
            &["securityContext", "capabilities", "drop"],
            Gen::Seq(vec![Gen::str("ALL")]),
        );
        let edits = insert_missing(t, &s, c, &want, &["ports", "image"]).unwrap();
        insta::assert_snapshot!(apply_edits(t, &edits), @r"
        c:
            name: x
            image: y
            ports:
            - 80
            securityContext:
                capabilities:
                    drop:
                    - ALL
            args: [a]
        ");
    }

    #[test]
    fn insert_into_empty_flow_and_no_final_newline() {
        let t = "r:\n  x: 1\n  res: {}\n  y: 2";
        let (d, s) = doc(t);
        let r = d.root.as_ref().unwrap().get("r").unwrap();
        let want = Gen::at(&["res", "limits", "memory"], Gen::str("256Mi"));
        let edits = insert_missing(t, &s, r, &want, &[]).unwrap();
        insta::assert_snapshot!(apply_edits(t, &edits), @r"
        r:
          x: 1
          res:
            limits:
              memory: 256Mi
          y: 2
        ");
        let want = Gen::map(vec![("z", Gen::raw("3"))]);
        let edits = insert_missing(t, &s, r, &want, &[]).unwrap();
        assert_eq!(apply_edits(t, &edits), format!("{t}\n  z: 3"));
    }

    #[test]
    fn crlf_and_sequence_append() {
        let t = "l:\r\n  - a: 1\r\n    b: 2\r\n";
        let (d, s) = doc(t);
        let l = d.root.as_ref().unwrap().get("l").unwrap();
        let item = Gen::map(vec![("a", Gen::raw("3")), ("b", Gen::raw("4"))]);
        let edits = append_items(t, &s, l, &[item]).unwrap();
        assert_eq!(
            apply_edits(t, &edits),
            "l:\r\n  - a: 1\r\n    b: 2\r\n  - a: 3\r\n    b: 4\r\n"
        );
    }

    #[test]
    fn from_tree_matches_parse() {
        let t = "a: 1\n---\nb: {{ .x }}\nc: [1\n";
        for r in yaml::split_documents(t) {
            let masked = yaml::mask_templates(&t[r.clone()]);
            let src = masked.as_deref().unwrap_or(&t[r.clone()]);
            let tree = crate::syntax::parse_tree(&yaml::language(), src, None).unwrap();
            let a = YamlDoc::from_tree(t, r.clone(), &tree);
            let b = YamlDoc::parse(t, r);
            assert_eq!((a.root, a.error_count), (b.root, b.error_count));
        }
    }

    #[test]
    fn anchors_and_merge_keys_are_not_edited() {
        let t = "a: &base\n  x: 1\nb:\n  <<: *base\n  y: 2\nc:\n  z: 3\n";
        let (d, s) = doc(t);
        let root = d.root.as_ref().unwrap();
        let want = Gen::map(vec![("w", Gen::raw("0"))]);
        assert!(insert_missing(t, &s, root.get("a").unwrap(), &want, &[]).is_none());
        assert!(insert_missing(t, &s, root.get("b").unwrap(), &want, &[]).is_none());
        assert!(insert_missing(t, &s, root.get("c").unwrap(), &want, &[]).is_some());
    }

    #[test]
    fn templates_are_masked_and_refused() {
        let t = "{{- if .Values.on }}\na:\n  b: {{ .Values.b }}\n  {{- toYaml .Values.x | nindent 2 }}\n{{- end }}\n";
        let (d, s) = doc(t);
        assert_eq!(d.error_count, 0, "{t}");
        let a = d.root.as_ref().unwrap().get("a").unwrap();
        assert!(a.templated);
        assert!(insert_missing(t, &s, a, &Gen::map(vec![("c", Gen::raw("1"))]), &[]).is_none());
    }
}
