//! # shell-form-cmd (DF002)
//!
//! ## What it does
//! Flags `CMD` and `ENTRYPOINT` in shell form (`CMD python main.py`).
//!
//! ## Why is this bad?
//! Shell form runs `/bin/sh -c "python main.py"`: the shell is PID 1 and
//! does not forward SIGTERM to the application. On `docker stop` or a
//! Kubernetes rollout the app never hears the signal, keeps serving until
//! the grace period ends, then is SIGKILLed mid-request: broken
//! transactions, corrupted state, 30-second deploys.
//!
//! ## Example
//! ```dockerfile
//! CMD python main.py
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["python", "main.py"]
//! ```
//!
//! ## Fix safety
//! Safe when the command has no shell syntax (only plain and simply quoted
//! words) and the stage keeps the default shell: exec form runs the same
//! program with the same arguments. Unsafe when the command is one simple
//! command that needs the shell for variables or quoting: the fix keeps the
//! shell but makes it `exec` the program, so the program becomes PID 1.
//! With operators (`&&`, pipes, redirections) only a suggestion is shown.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::dockerfile::logical_text;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF002",
        name: "shell-form-cmd",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/JSONArgsRecommended", "hadolint/DL3025"],
        summary: "`CMD`/`ENTRYPOINT` in shell form: signals do not reach the app",
        source: include_str!("shell_form_cmd.rs"),
    },
    check,
    scope: super::Scope::File,
};

/// How a shell-form command can be written in exec form.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// Plain words: exec form is exactly equivalent.
    Plain(Vec<String>),
    /// One command that needs the shell (variables, globs, quoting).
    SingleCommand,
    /// Lists, pipes, redirections, subshells.
    Compound,
}

const BUILTINS: &[&str] = &[
    "cd", "export", "source", ".", "if", "for", "while", "case", "exec", "set", "ulimit", "trap",
    "eval", "umask", "unset", "[", "test", "{", "(", "!", "echo",
];

fn classify(cmd: &str) -> Shape {
    let b = cmd.as_bytes();
    if b.iter().any(|c| {
        matches!(
            c,
            b'&' | b'|' | b';' | b'<' | b'>' | b'(' | b')' | b'`' | b'\n'
        )
    }) {
        return Shape::Compound;
    }
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut plain = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                let Some(end) = cmd[i + 1..].find('\'') else {
                    return Shape::Compound;
                };
                cur.push_str(&cmd[i + 1..i + 1 + end]);
                i += end + 1;
            }
            '"' => {
                in_word = true;
                let Some(end) = cmd[i + 1..].find('"') else {
                    return Shape::Compound;
                };
                let inner = &cmd[i + 1..i + 1 + end];
                if inner.contains(['$', '\\', '`']) {
                    plain = false;
                }
                cur.push_str(inner);
                i += end + 1;
            }
            c if c.is_ascii_alphanumeric() || "-_./:=@%+,^".contains(c) || !c.is_ascii() => {
                in_word = true;
                cur.push(c);
                if !c.is_ascii() {
                    // push the whole char
                    let ch = cmd[i..].chars().next().unwrap_or(' ');
                    cur.pop();
                    cur.push(ch);
                    i += ch.len_utf8() - 1;
                }
            }
            _ => {
                in_word = true;
                plain = false;
                cur.push(c);
            }
        }
        i += 1;
    }
    if in_word {
        words.push(cur);
    }
    if words.is_empty() {
        return Shape::Compound;
    }
    if words[0].contains('=') || BUILTINS.contains(&words[0].as_str()) {
        plain = false;
    }
    if plain {
        Shape::Plain(words)
    } else {
        Shape::SingleCommand
    }
}

fn json_array(items: &[String]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_default())
        .collect();
    format!("[{}]", parts.join(", "))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let ins = ctx.instructions();
    let mut custom_shell = false;
    for i in ins {
        match i.keyword.as_str() {
            "FROM" => custom_shell = false,
            "SHELL" => custom_shell = true,
            _ => {}
        }
        if !matches!(i.keyword.as_str(), "CMD" | "ENTRYPOINT")
            || i.json.is_some()
            || i.args_range.is_empty()
        {
            continue;
        }
        let logical = logical_text(ctx.text, i.args_range.clone(), ctx.df.escape);
        let end = i.args_content_end(ctx.text, ctx.df.escape);
        let has_comment = ctx
            .df
            .comments
            .iter()
            .any(|c| c.range.start > i.args_range.start && c.range.start < end);
        let msg = format!(
            "{} in shell form runs under `/bin/sh -c`: the shell is PID 1 and SIGTERM never reaches the app",
            i.keyword
        );
        let diag = Diagnostic::new(&RULE.meta, i.range.start..end, msg);
        let range = i.args_range.start..end;
        let windows = ctx.df.escape == b'`';
        let fix = if has_comment {
            None
        } else {
            match classify(&logical) {
                Shape::Plain(w) => {
                    let title = "Convert to exec form";
                    let edit = vec![Edit::replace(range, json_array(&w))];
                    Some(if custom_shell || windows {
                        Fix::unsafe_(format!("{title} (a SHELL instruction is in effect)"), edit)
                    } else {
                        Fix::safe(title, edit)
                    })
                }
                Shape::SingleCommand if !custom_shell && !windows => {
                    let ws = words(&logical, 0..logical.len());
                    let n_assign = ws.iter().take_while(|(w, _)| w.contains('=') && !w.starts_with('=')).count();
                    let body = if ws.first().is_some_and(|(w, _)| *w == "exec") {
                        logical.clone()
                    } else if n_assign > 0 && n_assign < ws.len() {
                        let at = ws[n_assign].1.start;
                        format!("{}exec {}", &logical[..at], &logical[at..])
                    } else {
                        format!("exec {logical}")
                    };
                    Some(Fix::unsafe_(
                        "Use exec form with `sh -c \"exec …\"` so the app becomes PID 1",
                        vec![Edit::replace(range, json_array(&["/bin/sh".into(), "-c".into(), body]))],
                    ))
                }
                _ if !custom_shell && !windows => Some(Fix::suggestion(
                    "Exec form keeping the shell (signals still stop at the shell: move this logic into an entrypoint script that ends with `exec`)",
                    vec![Edit::replace(
                        range,
                        json_array(&["/bin/sh".into(), "-c".into(), logical.clone()]),
                    )],
                )),
                _ => None,
            }
        };
        out.push(match fix {
            Some(f) => diag.with_fix(f),
            None => diag,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            classify("python main.py"),
            Shape::Plain(vec!["python".into(), "main.py".into()])
        );
        assert_eq!(
            classify("echo \"hello world\""),
            Shape::SingleCommand,
            "echo is a builtin in sh"
        );
        assert_eq!(
            classify("node 'a b' \"c\""),
            Shape::Plain(vec!["node".into(), "a b".into(), "c".into()])
        );
        assert_eq!(
            classify("gunicorn -b 0.0.0.0:$PORT app"),
            Shape::SingleCommand
        );
        assert_eq!(classify("a && b"), Shape::Compound);
        assert_eq!(classify("FOO=1 node x"), Shape::SingleCommand);
    }
}
