//! Helpers shared by Dockerfile rules: words of an instruction, image
//! references, variable substitution, package-manager command lookup.

use std::collections::HashMap;
use std::ops::Range;

use super::Context;
use crate::engine::Edit;
use crate::syntax::dockerfile::Instruction;
use crate::syntax::shell::{Command, Word};

/// Whitespace-separated words of `text[r]` with their ranges; quotes keep
/// spaces inside a word. Continuation escapes and comment lines are skipped.
pub fn words(text: &str, r: Range<usize>) -> Vec<(&str, Range<usize>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = r.start;
    // A range that starts on a continuation line (`ENV \` then
    // `    # comment`) starts at a line start too.
    let line_start = text[..r.start].rfind('\n').map_or(0, |p| p + 1);
    let mut at_line_start = text[line_start..r.start].trim().is_empty();
    while i < r.end {
        let c = b[i];
        if c == b'\n' {
            at_line_start = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if at_line_start && c == b'#' {
            while i < r.end && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        at_line_start = false;
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
        let w = &text[s..i];
        // a lone continuation escape is not a word
        if w == "\\" || w == "`" {
            continue;
        }
        out.push((w, s..i));
    }
    out
}

pub fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Substitute `$VAR`, `${VAR}`, `${VAR:-default}` from `vars`. `None` when a
/// variable has no known value.
pub fn substitute(s: &str, vars: &HashMap<String, Option<String>>) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('$') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let (name, default, consumed) = if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}')?;
            let body = &inner[..end];
            let (name, default) = match body.find(":-").or_else(|| body.find('-')) {
                Some(i) => {
                    let skip = if body[i..].starts_with(":-") { 2 } else { 1 };
                    (&body[..i], Some(&body[i + skip..]))
                }
                None => (body, None),
            };
            (name, default, end + 2)
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], None, end)
        };
        match vars.get(name).cloned().flatten().filter(|v| !v.is_empty()) {
            Some(v) => out.push_str(&v),
            None => out.push_str(default?),
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    Some(out)
}

/// A parsed image reference `[registry/]path[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        let last_slash = rest.rfind('/').map(|p| p + 1).unwrap_or(0);
        match rest[last_slash..].rfind(':') {
            Some(c) => ImageRef {
                name: rest[..last_slash + c].to_string(),
                tag: Some(rest[last_slash + c + 1..].to_string()),
                digest,
            },
            None => ImageRef {
                name: rest.to_string(),
                tag: None,
                digest,
            },
        }
    }

    /// Last path component, lower-cased: `docker.io/library/python` → `python`.
    pub fn short_name(&self) -> String {
        self.name
            .rsplit('/')
            .next()
            .unwrap_or(&self.name)
            .to_ascii_lowercase()
    }
}

/// Every simple command of the RUN instructions (`ONBUILD RUN` included),
/// with the instruction index.
pub fn run_commands<'c>(ctx: &'c Context) -> impl Iterator<Item = (usize, &'c Command)> + 'c {
    ctx.instructions()
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            i.keyword == "RUN" || i.onbuild.as_ref().is_some_and(|o| o.keyword == "RUN")
        })
        .filter_map(|(n, _)| ctx.script(n).map(|s| (n, s)))
        .flat_map(|(n, s)| s.commands.iter().map(move |c| (n, c)))
}

/// Is `cmd` `<program> <sub>` (e.g. `apt-get install`)? Returns the
/// subcommand word.
pub fn subcommand<'c>(cmd: &'c Command, programs: &[&str], subs: &[&str]) -> Option<&'c Word> {
    if !programs.contains(&cmd.program()) {
        return None;
    }
    let (_, w) = cmd.subcommand()?;
    let v = w.value.as_deref().unwrap_or(&w.text);
    subs.contains(&v).then_some(w)
}

/// Insert ` flag` right after `word`.
pub fn insert_after(word: &Word, flag: &str) -> Edit {
    Edit::insert(word.range.end, format!(" {flag}"))
}

/// The RUN an instruction runs: itself, or the one `ONBUILD` wraps.
pub fn run_of(ins: &Instruction) -> &Instruction {
    match &ins.onbuild {
        Some(inner) if ins.keyword == "ONBUILD" => inner,
        _ => ins,
    }
}

/// Does a RUN (or `ONBUILD RUN`) have a `--mount=type=cache` whose target
/// starts with one of `targets`?
pub fn has_cache_mount(ctx: &Context, idx: usize, targets: &[&str]) -> bool {
    run_of(&ctx.instructions()[idx]).flags.iter().any(|f| {
        f.name == "mount"
            && f.value.as_deref().is_some_and(|v| {
                v.contains("type=cache")
                    && v.split(',').any(|kv| {
                        kv.split_once('=').is_some_and(|(k, p)| {
                            matches!(k, "target" | "dst" | "destination")
                                && targets.iter().any(|t| p.trim_matches('"').starts_with(t))
                        })
                    })
            })
    })
}

/// Is `program` (a path or name, e.g. `/bin/bash`) a POSIX-style shell
/// whose scripts the shell parser understands?
pub fn is_posix_shell(program: &str) -> bool {
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    matches!(
        base,
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh" | "busybox" | "env"
    )
}

/// `# hadolint shell=NAME` anywhere in the file: is NAME a POSIX shell?
/// As in hadolint, it decides for the whole file.
pub fn shell_pragma(df: &crate::syntax::dockerfile::Dockerfile) -> Option<bool> {
    df.comments.iter().find_map(|c| {
        let rest = c.text.strip_prefix("hadolint")?.trim_start();
        let v = rest.strip_prefix("shell")?.trim_start().strip_prefix('=')?;
        v.split_whitespace().next().map(is_posix_shell)
    })
}

/// `r` widened to whole lines: from the start of its first line to the end
/// of its last line, newline included. Deleting it removes the lines.
pub fn full_lines(text: &str, r: Range<usize>) -> Range<usize> {
    let start = text[..r.start].rfind('\n').map_or(0, |p| p + 1);
    let end = text[r.end..]
        .find('\n')
        .map_or(text.len(), |p| r.end + p + 1);
    start..end
}

/// Build arguments BuildKit defines in every build.
pub const BUILTIN_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "BUILDKIT_SYNTAX",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "SOURCE_DATE_EPOCH",
];

/// Variable references (`$NAME`, `${NAME}`, `${NAME:-x}`) in `s`: each
/// name with the byte range of the whole reference in `s`. `$$` and an
/// escaped `\$` are not references.
pub fn var_refs(s: &str, escape: u8) -> Vec<(&str, Range<usize>)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == escape {
            i += 2;
            continue;
        }
        if b[i] != b'$' || i + 1 >= b.len() {
            i += 1;
            continue;
        }
        let start = i;
        if b[i + 1] == b'{' {
            let name_start = i + 2;
            let mut j = name_start;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            let close = s[j..].find('}').map(|p| j + p + 1).unwrap_or(b.len());
            if j > name_start {
                out.push((&s[name_start..j], start..close));
            }
            i = close;
        } else {
            let name_start = i + 1;
            let mut j = name_start;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            if j > name_start && !b[name_start].is_ascii_digit() {
                out.push((&s[name_start..j], start..j));
            }
            i = j.max(i + 1);
        }
    }
    out
}

/// A word of the source with its range.
pub type SourceWord<'t> = (&'t str, Range<usize>);

/// `AS name` of a FROM: the `AS` word and the name word, with ranges.
pub fn from_as<'t>(
    ctx: &Context<'t>,
    from: &crate::syntax::dockerfile::Instruction,
) -> Option<(SourceWord<'t>, SourceWord<'t>)> {
    let words = words(ctx.text, from.args_range.clone());
    if words.len() >= 3 && words[1].0.eq_ignore_ascii_case("as") {
        Some((words[1].clone(), words[2].clone()))
    } else {
        None
    }
}

/// Levenshtein distance, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The keys an `ENV`/`ARG`/`LABEL` instruction declares, with their
/// ranges (legacy `ENV k v` declares one).
pub fn keys<'t>(
    ctx: &Context<'t>,
    ins: &crate::syntax::dockerfile::Instruction,
) -> Vec<(&'t str, std::ops::Range<usize>)> {
    let ws = words(ctx.text, ins.args_range.clone());
    let legacy = ins.keyword == "ENV" && ws.first().is_some_and(|(w, _)| !w.contains('='));
    let ws = if legacy {
        &ws[..ws.len().min(1)]
    } else {
        &ws[..]
    };
    ws.iter()
        .map(|(w, r)| {
            let k = w.split('=').next().unwrap_or(w);
            (k, r.start..r.start + k.len())
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_a_comment_on_the_first_continuation_line() {
        let text = "ENV \\\n    # c\n    A=1 \\\n    B=2\n";
        let start = text.find("    #").unwrap();
        let ws: Vec<&str> = words(text, start..text.len() - 1)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(ws, vec!["A=1", "B=2"]);
    }

    #[test]
    fn variable_references() {
        let refs: Vec<_> = var_refs("a:${V:-1}-$W \\$X $1", b'\\')
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(refs, vec!["V", "W"]);
        assert_eq!(edit_distance("VERSION", "VERSOIN"), 2);
    }

    #[test]
    fn image_refs() {
        assert_eq!(ImageRef::parse("python").tag, None);
        assert_eq!(ImageRef::parse("python:3.12").tag.as_deref(), Some("3.12"));
        let r = ImageRef::parse("localhost:5000/app/x:1@sha256:abc");
        assert_eq!(r.name, "localhost:5000/app/x");
        assert_eq!(r.tag.as_deref(), Some("1"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(ImageRef::parse("localhost:5000/app").tag, None);
    }

    #[test]
    fn substitution() {
        let mut vars = HashMap::new();
        vars.insert("V".to_string(), Some("3.12".to_string()));
        vars.insert("E".to_string(), None);
        assert_eq!(
            substitute("python:${V}", &vars).as_deref(),
            Some("python:3.12")
        );
        assert_eq!(
            substitute("python:$V-slim", &vars).as_deref(),
            Some("python:3.12-slim")
        );
        assert_eq!(
            substitute("x:${E:-latest}", &vars).as_deref(),
            Some("x:latest")
        );
        assert_eq!(substitute("x:$E", &vars), None);
    }
}
