//! Inline pragmas: `# dfix: ignore[CODE,…]`, hadolint's `# hadolint
//! ignore=…` (next instruction), `# hadolint global ignore=…` (whole file)
//! and `# hadolint stage ignore=…` (the build stage it sits in, or the one
//! the `FROM` right below it opens), BuildKit's `# check=skip=…` and
//! `# check=error=true` directives. A selector matches a rule by code, alias
//! (`DL3008` or `hadolint/DL3008`), or name. (`# hadolint shell=…` is read
//! by the Dockerfile rule context: it decides whether RUN text is parsed as
//! POSIX shell.)

use std::borrow::Cow;

use super::Diagnostic;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::{FileKind, LineIndex};

/// Codes named by an ignore comment, if the comment is one.
/// `Some(vec![])` means "every rule".
pub fn parse_pragma(comment: &str) -> Option<Vec<String>> {
    let c = comment.trim_start_matches('#').trim();
    if let Some(rest) = c.strip_prefix("dfix:") {
        let rest = rest.trim();
        let rest = rest.strip_prefix("ignore")?.trim();
        if rest.is_empty() {
            return Some(Vec::new());
        }
        let inner = rest.strip_prefix('[')?.split(']').next()?;
        return Some(split_codes(inner));
    }
    if let Some(rest) = c.strip_prefix("hadolint") {
        let rest = rest.trim();
        let rest = rest.strip_prefix("ignore=")?;
        return Some(split_codes(rest));
    }
    None
}

fn split_codes(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn global_pragma(comment: &str) -> Option<Vec<String>> {
    scoped_pragma(comment, "global")
}

fn stage_pragma(comment: &str) -> Option<Vec<String>> {
    scoped_pragma(comment, "stage")
}

/// `# hadolint <scope> ignore=A,B` (spaces around `=` allowed).
fn scoped_pragma(comment: &str, scope: &str) -> Option<Vec<String>> {
    let c = comment.trim_start_matches('#').trim();
    let rest = c.strip_prefix("hadolint")?.trim().strip_prefix(scope)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim().strip_prefix("ignore")?.trim_start();
    Some(split_codes(rest.strip_prefix('=')?))
}

/// The parts of a `# check=` directive value: `skip=A,B;error=true`.
fn check_directive(df: &Dockerfile) -> (Vec<String>, bool) {
    let mut skip = Vec::new();
    let mut error = false;
    for d in df.directives.iter().filter(|d| d.name == "check") {
        for part in d.value.split(';') {
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            match k.trim().to_ascii_lowercase().as_str() {
                "skip" if v.trim().eq_ignore_ascii_case("all") => skip.push("buildkit/".into()),
                "skip" => skip.extend(split_codes(v)),
                "error" => error = v.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
    }
    (skip, error)
}

/// `# check=error=true`: BuildKit fails the build on any check, so dfix
/// reports BuildKit's checks as errors.
pub fn apply_severity_pragmas(
    text: &str,
    kind: FileKind,
    diags: &mut [Diagnostic],
    parsed: Option<&Dockerfile>,
) {
    if kind != FileKind::Dockerfile {
        return;
    }
    // Directives sit in the leading comment lines: skip the parse otherwise.
    let leading_check = text
        .trim_start_matches('\u{feff}')
        .lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .any(|l| l.to_ascii_lowercase().contains("check"));
    if !leading_check {
        return;
    }
    let df = model(text, parsed);
    if !check_directive(&df).1 {
        return;
    }
    for d in diags.iter_mut() {
        if d.rule.has_alias_prefix("buildkit/") {
            d.severity = super::Severity::Error;
        }
    }
}

fn matches(d: &Diagnostic, codes: &[String]) -> bool {
    codes.is_empty() || codes.iter().any(|c| d.rule.matches(c))
}

///
/// `parsed`: the Dockerfile's model when the caller has it (else it is
/// parsed here, when the text holds a pragma).
pub fn apply_inline_ignores(
    text: &str,
    kind: FileKind,
    diags: &mut Vec<Diagnostic>,
    parsed: Option<&Dockerfile>,
) {
    if diags.is_empty() || !text.contains('#') {
        return;
    }
    match kind {
        FileKind::Dockerfile => dockerfile_ignores(text, diags, parsed),
        _ => line_ignores(text, diags),
    }
}

/// The caller's model of `text`, or a fresh parse.
fn model<'d>(text: &str, parsed: Option<&'d Dockerfile>) -> Cow<'d, Dockerfile> {
    parsed.map_or_else(|| Cow::Owned(Dockerfile::parse(text)), Cow::Borrowed)
}

fn dockerfile_ignores(text: &str, diags: &mut Vec<Diagnostic>, parsed: Option<&Dockerfile>) {
    if !text.contains("ignore") && !text.contains("check=") {
        return;
    }
    let df = model(text, parsed);
    let idx = LineIndex::new(text);
    // The comment starting each line that has one (comments are in text
    // order, so their lines ascend).
    let comment_lines: Vec<(usize, &str)> = df
        .comments
        .iter()
        .map(|c| (idx.line_of(c.range.start), c.text.as_str()))
        .collect();
    let comment_at_line = |line: usize| -> Option<&str> {
        let i = comment_lines.partition_point(|&(l, _)| l < line);
        comment_lines
            .get(i)
            .filter(|&&(l, _)| l == line)
            .map(|&(_, t)| t)
    };
    let mut global: Vec<String> = Vec::new();
    for c in &df.comments {
        if let Some(codes) = global_pragma(&c.text) {
            global.extend(codes);
        }
    }
    global.extend(check_directive(&df).0);
    // Stage pragmas: (first byte of the stage's scope, selectors). A pragma
    // in the comment block right above a FROM belongs to the stage that
    // FROM opens; any other belongs to the stage it sits in.
    let froms: Vec<&crate::syntax::dockerfile::Instruction> = df
        .instructions
        .iter()
        .filter(|i| i.keyword == "FROM")
        .collect();
    let stage_of = |offset: usize| -> usize {
        froms
            .partition_point(|f| f.range.start <= offset)
            .saturating_sub(1)
    };
    let mut stage_ignores: Vec<(usize, Vec<String>)> = Vec::new();
    for c in &df.comments {
        let Some(codes) = stage_pragma(&c.text) else {
            continue;
        };
        let line = idx.line_of(c.range.start);
        // Walk down the comment block: does a FROM follow right after it?
        let mut next = line + 1;
        while comment_at_line(next).is_some() {
            next += 1;
        }
        let stage = match froms.iter().position(|f| f.start_line == next) {
            Some(n) => n,
            None => stage_of(c.range.start),
        };
        stage_ignores.push((stage, codes));
    }
    // Per instruction: the block of comment lines right above it.
    diags.retain(|d| {
        if d.rule.code.ends_with("000") || d.rule.code == "DF003" {
            return true; // syntax errors cannot be ignored
        }
        if !global.is_empty()
            && global.iter().any(|g| {
                d.rule.matches(g) || (g == "buildkit/" && d.rule.has_alias_prefix("buildkit/"))
            })
        {
            return false;
        }
        if !stage_ignores.is_empty() {
            let stage = stage_of(d.range.start);
            if stage_ignores
                .iter()
                .any(|(s, codes)| *s == stage && matches(d, codes))
            {
                return false;
            }
        }
        // The instruction the finding starts in (instructions are in text
        // order and do not overlap).
        let after = df
            .instructions
            .partition_point(|i| i.range.start <= d.range.start);
        let Some(instr) = after
            .checked_sub(1)
            .map(|n| &df.instructions[n])
            .filter(|i| d.range.start <= i.range.end)
        else {
            return true;
        };
        let mut line = instr.start_line;
        while line > 0 {
            line -= 1;
            let Some(c) = comment_at_line(line) else {
                break;
            };
            if let Some(codes) = parse_pragma(c) {
                if matches(d, &codes) {
                    return false;
                }
            }
        }
        true
    });
}

/// YAML and other line-based files: a pragma at the end of the line or on
/// the line right above the diagnostic.
fn line_ignores(text: &str, diags: &mut Vec<Diagnostic>) {
    let idx = LineIndex::new(text);
    let line_text = |l: usize| -> &str {
        let s = idx.line_start(l);
        let e = if l + 1 < idx.line_count() {
            idx.line_start(l + 1)
        } else {
            text.len()
        };
        &text[s..e]
    };
    diags.retain(|d| {
        if d.rule.code.ends_with("000") {
            return true;
        }
        let line = idx.line_of(d.range.start);
        let mut candidates = vec![line_text(line)];
        if line > 0 {
            candidates.push(line_text(line - 1));
        }
        for l in candidates {
            if let Some(p) = l.find("# dfix:") {
                if let Some(codes) = parse_pragma(&l[p..]) {
                    if matches(d, &codes) {
                        return false;
                    }
                }
            }
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas() {
        assert_eq!(
            parse_pragma("# dfix: ignore[DF012, DL3008]"),
            Some(vec!["DF012".into(), "DL3008".into()])
        );
        assert_eq!(
            parse_pragma("# hadolint ignore=DL3008,DL3015"),
            Some(vec!["DL3008".into(), "DL3015".into()])
        );
        assert_eq!(parse_pragma("# dfix: ignore"), Some(vec![]));
        assert_eq!(parse_pragma("# just a comment"), None);
        assert_eq!(
            global_pragma("# hadolint global ignore=DL3006"),
            Some(vec!["DL3006".into()])
        );
        assert_eq!(
            stage_pragma("# hadolint stage ignore = DL3006, DL3008"),
            Some(vec!["DL3006".into(), "DL3008".into()])
        );
        assert_eq!(stage_pragma("# hadolint stageignore=DL3006"), None);
        assert_eq!(parse_pragma("# hadolint stage ignore=DL3006"), None);
    }
}
