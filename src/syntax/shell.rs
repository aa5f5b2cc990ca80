//! Shell text of RUN instructions, heredoc bodies and shell-form CMD /
//! ENTRYPOINT, parsed with tree-sitter-bash.
//!
//! Owns: turning a byte range of a Dockerfile into simple commands (name,
//! arguments, the operator that joins them to the next one) whose ranges map
//! back into the Dockerfile exactly. Continuations and comment lines inside
//! them are blanked with same-length masking (see
//! `dockerfile::mask_continuations`), so no offset table is needed.
//! Never touches: rules or fixes.

use std::ops::Range;

/// A word of a command, with its unquoted value when it has no expansions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    /// Source text of the word.
    pub text: String,
    /// The literal value with quotes removed; `None` when it holds an
    /// expansion or command substitution.
    pub value: Option<String>,
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub range: Range<usize>,
    /// Leading `NAME=value` assignments.
    pub env: Vec<Word>,
    /// The words: `words[0]` is the command name.
    pub words: Vec<Word>,
}

impl Command {
    /// Name with any leading path removed (`/usr/bin/apt-get` → `apt-get`).
    pub fn name(&self) -> &str {
        let w = self
            .words
            .first()
            .map(|w| w.value.as_deref().unwrap_or(&w.text))
            .unwrap_or("");
        w.rsplit('/').next().unwrap_or(w)
    }

    /// Words after the name, skipping wrappers like `sudo`, `env`, `nice`.
    pub fn effective(&self) -> &[Word] {
        let mut w = &self.words[..];
        loop {
            let Some(first) = w.first() else { return w };
            let name = first.value.as_deref().unwrap_or(&first.text);
            let name = name.rsplit('/').next().unwrap_or(name);
            match name {
                "sudo" | "nice" | "nohup" | "time" | "exec" | "command" => {
                    w = &w[1..];
                    while w.first().is_some_and(|x| x.text.starts_with('-')) {
                        w = &w[1..];
                    }
                }
                "env" => {
                    w = &w[1..];
                    while w
                        .first()
                        .is_some_and(|x| x.text.starts_with('-') || x.text.contains('='))
                    {
                        w = &w[1..];
                    }
                }
                _ => return w,
            }
        }
    }

    pub fn program(&self) -> &str {
        let w = self.effective();
        let Some(first) = w.first() else { return "" };
        let name = first.value.as_deref().unwrap_or(&first.text);
        name.rsplit('/').next().unwrap_or(name)
    }

    /// Arguments after the program (after wrappers).
    pub fn args(&self) -> &[Word] {
        let w = self.effective();
        if w.is_empty() {
            w
        } else {
            &w[1..]
        }
    }

    /// The first argument not starting with `-`, and its index in `args()`.
    pub fn subcommand(&self) -> Option<(usize, &Word)> {
        let args = self.args();
        let mut i = 0;
        while i < args.len() {
            let t = &args[i].text;
            if !t.starts_with('-') {
                return Some((i, &args[i]));
            }
            // options that take a separate value
            if matches!(
                t.as_str(),
                "-o" | "-c" | "-t" | "-X" | "--option" | "--target-release"
            ) {
                i += 1;
            }
            i += 1;
        }
        None
    }

    pub fn has_arg(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.args()
            .iter()
            .any(|w| pred(w.value.as_deref().unwrap_or(&w.text)))
    }
}

/// A parsed shell script.
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub commands: Vec<Command>,
    /// End of the last top-level statement (where `&& more` can be appended).
    pub last_statement_end: Option<usize>,
    /// Top-level separators between statements (`&&`, `||`, `;`, `|`, `&`).
    pub operators: Vec<String>,
    /// The parse had errors.
    pub has_error: bool,
}

impl Script {
    /// Parse `masked` (text of the same length as the original range) whose
    /// first byte sits at `base` in the Dockerfile.
    pub fn parse(masked: &str, base: usize) -> Script {
        let lang: tree_sitter::Language = tree_sitter_bash::LANGUAGE.into();
        let Some(tree) = super::parse_tree(&lang, masked, None) else {
            return Script::default();
        };
        let root = tree.root_node();
        let mut script = Script {
            has_error: root.has_error(),
            ..Script::default()
        };
        let mut cursor = root.walk();
        let mut last = None;
        for child in root.named_children(&mut cursor) {
            if child.kind() != "comment" {
                last = Some(child.end_byte());
            }
        }
        script.last_statement_end = last.map(|e| e + base);
        collect_operators(root, masked, &mut script.operators);
        collect(root, masked, base, &mut script.commands);
        script
    }
}

fn collect_operators(node: tree_sitter::Node, src: &str, out: &mut Vec<String>) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if !child.is_named() {
            let t = &src[child.byte_range()];
            if matches!(t, "&&" | "||" | ";" | "|" | "&" | "|&") {
                out.push(t.to_string());
            }
        } else if matches!(child.kind(), "list" | "pipeline") {
            collect_operators(child, src, out);
        }
    }
}

fn collect(node: tree_sitter::Node, src: &str, base: usize, out: &mut Vec<Command>) {
    if node.kind() == "command" {
        let mut cmd = Command {
            range: node.start_byte() + base..node.end_byte() + base,
            env: Vec::new(),
            words: Vec::new(),
        };
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "variable_assignment" => cmd.env.push(word(child, src, base)),
                "command_name" => cmd.words.push(word(child, src, base)),
                k if k.ends_with("redirect") => {}
                "comment" => {}
                _ => {
                    if !cmd.words.is_empty() {
                        cmd.words.push(word(child, src, base));
                    }
                }
            }
        }
        if !cmd.words.is_empty() {
            out.push(cmd);
        }
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        // Leaves that cannot hold a command: skip the walk below them.
        if !matches!(
            child.kind(),
            "word"
                | "number"
                | "raw_string"
                | "variable_name"
                | "comment"
                | "string_content"
                | "ansi_c_string"
                | "special_variable_name"
                | "file_descriptor"
                | "heredoc_start"
                | "heredoc_end"
        ) {
            collect(child, src, base, out);
        }
    }
}

fn word(node: tree_sitter::Node, src: &str, base: usize) -> Word {
    let text = &src[node.byte_range()];
    Word {
        range: node.start_byte() + base..node.end_byte() + base,
        text: text.to_string(),
        value: literal_value(node, src),
    }
}

/// The literal value of a word when it has no expansion.
fn literal_value(node: tree_sitter::Node, src: &str) -> Option<String> {
    match node.kind() {
        "word" | "number" => Some(unescape_bare(&src[node.byte_range()])),
        "raw_string" => {
            let t = &src[node.byte_range()];
            Some(
                t.get(1..t.len().saturating_sub(1))
                    .unwrap_or("")
                    .to_string(),
            )
        }
        "string" => {
            let mut out = String::new();
            let mut cursor = node.walk();
            for c in node.named_children(&mut cursor) {
                if c.kind() != "string_content" {
                    return None;
                }
                out.push_str(&src[c.byte_range()]);
            }
            Some(out)
        }
        "command_name" | "concatenation" => {
            let mut out = String::new();
            let mut cursor = node.walk();
            let mut pos = node.start_byte();
            for c in node.named_children(&mut cursor) {
                if c.start_byte() > pos {
                    out.push_str(&src[pos..c.start_byte()]);
                }
                out.push_str(&literal_value(c, src)?);
                pos = c.end_byte();
            }
            if pos < node.end_byte() {
                out.push_str(&src[pos..node.end_byte()]);
            }
            Some(out)
        }
        _ => None,
    }
}

fn unescape_bare(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_ranges() {
        let src = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \"curl\" 'x y' && rm -rf /var/lib/apt/lists/*";
        let s = Script::parse(src, 10);
        assert_eq!(s.commands.len(), 3);
        let c = &s.commands[1];
        assert_eq!(c.program(), "apt-get");
        assert_eq!(c.env.len(), 1);
        assert_eq!(c.subcommand().unwrap().1.text, "install");
        let vals: Vec<_> = c.args().iter().map(|w| w.value.clone().unwrap()).collect();
        assert_eq!(vals, ["install", "-y", "curl", "x y"]);
        assert_eq!(
            &src[c.words[0].range.start - 10..c.words[0].range.end - 10],
            "apt-get"
        );
        assert_eq!(s.operators, ["&&", "&&"]);
        assert_eq!(s.last_statement_end, Some(src.len() + 10));
    }

    #[test]
    fn sudo_is_skipped() {
        let s = Script::parse("sudo -E apt-get install x", 0);
        assert_eq!(s.commands[0].program(), "apt-get");
    }
}
