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
    /// Index of the first word after wrappers (`sudo`, `env` …), and that
    /// word's base name: computed once, read by every rule.
    skip: usize,
    program: String,
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
        &self.words[self.skip.min(self.words.len())..]
    }

    fn effective_start(words: &[Word]) -> usize {
        let mut i = 0;
        loop {
            let Some(first) = words.get(i) else { return i };
            let name = first.value.as_deref().unwrap_or(&first.text);
            let name = name.rsplit('/').next().unwrap_or(name);
            match name {
                "sudo" | "nice" | "nohup" | "time" | "exec" | "command" => {
                    i += 1;
                    while words.get(i).is_some_and(|x| x.text.starts_with('-')) {
                        i += 1;
                    }
                }
                "env" => {
                    i += 1;
                    while words
                        .get(i)
                        .is_some_and(|x| x.text.starts_with('-') || x.text.contains('='))
                    {
                        i += 1;
                    }
                }
                _ => return i,
            }
        }
    }

    pub fn program(&self) -> &str {
        &self.program
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
                "-o" | "-c"
                    | "-t"
                    | "-X"
                    | "--option"
                    | "--target-release"
                    // pip's global options before the subcommand
                    | "--trusted-host"
                    | "--index-url"
                    | "--extra-index-url"
                    | "--proxy"
                    | "--cert"
                    | "--log"
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
    /// Every `|` / `|&` of a pipeline, at any depth (subshells, `if`
    /// bodies, command substitutions included).
    pub pipes: Vec<Range<usize>>,
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
        collect(root, masked, base, &mut script);
        script
    }
}

impl Script {
    /// `parse`, memoised per thread by the masked text: a RUN that did not
    /// change since the last lint (the language server re-lints on every
    /// keystroke; `fix_text` re-lints after every round) is not parsed again.
    /// The cache is bounded: it is emptied when it holds too many scripts.
    pub fn parse_cached(masked: &str, base: usize) -> Script {
        use std::cell::RefCell;
        use std::collections::HashMap;
        const MAX_ENTRIES: usize = 4096;
        thread_local! {
            static CACHE: RefCell<HashMap<String, Script>> = RefCell::new(HashMap::new());
        }
        let hit = CACHE.with(|c| c.borrow().get(masked).cloned());
        let script = match hit {
            Some(s) => s,
            None => {
                let s = Script::parse(masked, 0);
                CACHE.with(|c| {
                    let mut c = c.borrow_mut();
                    if c.len() >= MAX_ENTRIES {
                        c.clear();
                    }
                    c.insert(masked.to_string(), s.clone());
                });
                s
            }
        };
        script.shifted(base)
    }

    /// The same script with every offset moved by `base`.
    fn shifted(mut self, base: usize) -> Script {
        self.shift_by(base as isize);
        self
    }

    /// Move every offset by `by` bytes (the script's RUN moved in an edited
    /// text; the language server keeps scripts between lints).
    pub fn shift_by(&mut self, by: isize) {
        if by == 0 {
            return;
        }
        let at = |o: usize| (o as isize + by) as usize;
        let shift = |r: &mut Range<usize>| *r = at(r.start)..at(r.end);
        // Exhaustive patterns: a new offset field must be shifted here too.
        let Script {
            commands,
            last_statement_end,
            operators: _,
            has_error: _,
            pipes,
        } = self;
        for cmd in commands.iter_mut() {
            let Command {
                range,
                env,
                words,
                skip: _,
                program: _,
            } = cmd;
            shift(range);
            for w in env.iter_mut().chain(words.iter_mut()) {
                let Word {
                    range,
                    text: _,
                    value: _,
                } = w;
                shift(range);
            }
        }
        if let Some(e) = last_statement_end {
            *e = at(*e);
        }
        for p in pipes.iter_mut() {
            shift(p);
        }
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

/// Commands (and the `|` of pipelines) at any depth, in one walk.
fn collect(node: tree_sitter::Node, src: &str, base: usize, script: &mut Script) {
    if node.kind() == "pipeline" {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if matches!(child.kind(), "|" | "|&") {
                script
                    .pipes
                    .push(child.start_byte() + base..child.end_byte() + base);
            }
        }
    }
    if node.kind() == "command" {
        let mut cmd = Command {
            range: node.start_byte() + base..node.end_byte() + base,
            env: Vec::new(),
            words: Vec::new(),
            skip: 0,
            program: String::new(),
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
            cmd.skip = Command::effective_start(&cmd.words);
            cmd.program = cmd
                .words
                .get(cmd.skip)
                .map(|w| {
                    let name = w.value.as_deref().unwrap_or(&w.text);
                    name.rsplit('/').next().unwrap_or(name).to_string()
                })
                .unwrap_or_default();
            script.commands.push(cmd);
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
            collect(child, src, base, script);
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
    fn cached_parse_equals_parse_at_any_base() {
        for src in [
            "apt-get update && apt-get install -y curl",
            "cd /x; make || exit 1",
            "curl -s x | sh && (a | b)",
        ] {
            for base in [0, 7, 1000] {
                let a = Script::parse(src, base);
                let b = Script::parse_cached(src, base);
                assert_eq!(a.commands, b.commands);
                assert_eq!(a.operators, b.operators);
                assert_eq!(a.last_statement_end, b.last_statement_end);
                assert_eq!(a.has_error, b.has_error);
                assert_eq!(a.pipes, b.pipes);
            }
        }
    }

    #[test]
    fn value_options_before_the_subcommand() {
        let s = Script::parse("pip --trusted-host pypi.org install checkov", 0);
        assert_eq!(s.commands[0].subcommand().unwrap().1.text, "install");
    }

    #[test]
    fn sudo_is_skipped() {
        let s = Script::parse("sudo -E apt-get install x", 0);
        assert_eq!(s.commands[0].program(), "apt-get");
    }
}
