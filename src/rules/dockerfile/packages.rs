//! Helpers for the package-manager and shell-command rules: flags of a
//! command the way getopt-style tools read them, the package arguments of an
//! install command, and edits that append a command to a RUN.
//!
//! Never touches: diagnostics; every function here is a pure question about
//! one command or one RUN instruction.

use std::ops::Range;

use super::Context;
use crate::engine::{Diagnostic, Edit, Fix, LabelType};
use crate::rules::RuleMeta;
use crate::syntax::shell::{Command, Word};

/// The literal value of a word, or its source text when it holds an expansion.
pub fn val(w: &Word) -> &str {
    w.value.as_deref().unwrap_or(&w.text)
}

/// A RUN, or an `ONBUILD RUN` (whose script `Context::script` also parses).
pub fn is_run(ins: &crate::syntax::dockerfile::Instruction) -> bool {
    ins.keyword == "RUN" || ins.onbuild.as_ref().is_some_and(|o| o.keyword == "RUN")
}

/// Is the command's program (after `sudo`, `env` …) one of `programs`?
pub fn is(cmd: &Command, programs: &[&str]) -> bool {
    programs.contains(&cmd.program())
}

/// Is the command `program … sub …` with `sub` anywhere among its arguments?
pub fn has_sub(cmd: &Command, programs: &[&str], subs: &[&str]) -> bool {
    is(cmd, programs) && cmd.args().iter().any(|w| subs.contains(&val(w)))
}

/// Flag names of the command: `--name[=v]` gives `name`, `-abc` gives `a`,
/// `b`, `c`.
pub fn flags(cmd: &Command) -> Vec<String> {
    let mut out = Vec::new();
    for w in cmd.args() {
        let v = val(w);
        if let Some(long) = v.strip_prefix("--") {
            if !long.is_empty() {
                out.push(long.split('=').next().unwrap_or(long).to_string());
            }
        } else if let Some(short) = v.strip_prefix('-') {
            out.extend(short.chars().take_while(|c| *c != '=').map(String::from));
        }
    }
    out
}

pub fn has_flag(cmd: &Command, names: &[&str]) -> bool {
    flags(cmd).iter().any(|f| names.contains(&f.as_str()))
}

/// Arguments that are not flags, after dropping each flag in `takes_value`
/// together with its separate value word (`-t bookworm`, `--virtual .deps`).
pub fn non_flag_args<'c>(cmd: &'c Command, takes_value: &[&str]) -> Vec<&'c Word> {
    let mut out = Vec::new();
    let args = cmd.args();
    let mut i = 0;
    while i < args.len() {
        let v = val(&args[i]);
        if v.starts_with('-') {
            let name = v.trim_start_matches('-');
            if !v.contains('=') && takes_value.contains(&name) {
                i += 1;
            }
        } else {
            out.push(&args[i]);
        }
        i += 1;
    }
    out
}

/// The packages of `<program> … install …`: non-flag arguments after the
/// first `install` word (further `install` words skipped).
pub fn packages_after<'c>(cmd: &'c Command, sub: &str, takes_value: &[&str]) -> Vec<&'c Word> {
    let args = non_flag_args(cmd, takes_value);
    let Some(p) = args.iter().position(|w| val(w) == sub) else {
        return Vec::new();
    };
    args[p + 1..]
        .iter()
        .copied()
        .skip_while(|w| val(w) == sub)
        .collect()
}

/// The subcommand word `sub` of the command, if present.
pub fn sub_word<'c>(cmd: &'c Command, subs: &[&str]) -> Option<&'c Word> {
    cmd.args().iter().find(|w| subs.contains(&val(w)))
}

/// Index in the script of the first command matching `pred`.
pub fn position(cmds: &[Command], pred: impl Fn(&Command) -> bool) -> Option<usize> {
    cmds.iter().position(pred)
}

/// An edit appending ` && <command>` after the last statement of a RUN.
pub fn append_command(ctx: &Context, idx: usize, command: &str) -> Option<Edit> {
    let script = ctx.script(idx)?;
    if script.has_error {
        return None;
    }
    let end = script.last_statement_end?;
    // A trailing `&` would background the appended command too.
    if script.operators.last().is_some_and(|o| o == "&") {
        return None;
    }
    Some(Edit::insert(end, format!(" && {command}")))
}

/// The leading whitespace of the line holding `offset`.
pub fn indent_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let line = &text[start..offset];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// Edits that delete whole instructions: from the start of the keyword's
/// line through the newline that ends the instruction.
pub fn delete_instruction(ctx: &Context, idx: usize) -> Edit {
    let ins = &ctx.instructions()[idx];
    let start = ins.range.start - indent_at(ctx.text, ins.range.start).len();
    let mut end = ins.range.end;
    let b = ctx.text.as_bytes();
    if end < b.len() && b[end] == b'\r' {
        end += 1;
    }
    if end < b.len() && b[end] == b'\n' {
        end += 1;
    }
    Edit::delete(start..end)
}

/// Keyword text in the same case as the original keyword (`add` → `copy`).
pub fn keyword_like(original: &str, keyword: &str) -> String {
    if original.chars().all(|c| !c.is_ascii_uppercase()) {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_ascii_uppercase()
    }
}

/// The arguments of an instruction (after its flags) as values with
/// ranges: JSON-array items (range inside the quotes) or shell-form words
/// (quotes removed from the value, kept in the range).
pub fn ins_args(ctx: &Context, idx: usize) -> Vec<(String, Range<usize>)> {
    let ins = &ctx.instructions()[idx];
    let text = ctx.text;
    if ins.json.is_some() {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = ins.args_range.start;
        while i < ins.args_range.end {
            if b[i] == b'"' {
                let start = i + 1;
                let mut j = start;
                while j < ins.args_range.end && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(ins.args_range.end);
                let raw = &text[start..end];
                let value = serde_json::from_str::<String>(&format!("\"{raw}\""))
                    .unwrap_or_else(|_| raw.to_string());
                out.push((value, start..end));
                i = end + 1;
            } else {
                i += 1;
            }
        }
        return out;
    }
    super::util::words(text, ins.args_range.clone())
        .into_iter()
        .map(|(w, r)| (super::util::unquote(w), r))
        .collect()
}

/// `LABEL` pairs whose key the configured label schema gives type `ty`:
/// (key, value, range of the value — or of the key when the value is empty).
pub fn schema_labels(ctx: &Context, ty: LabelType) -> Vec<(String, String, Range<usize>)> {
    let wanted: Vec<&str> = ctx
        .config
        .label_schema
        .iter()
        .filter(|(_, t)| *t == ty)
        .map(|(k, _)| k.as_str())
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for ins in ctx.instructions() {
        if ins.keyword != "LABEL" {
            continue;
        }
        for (k, v, key_range) in super::invalid_label_key::label_pairs(ctx.text, ins) {
            if wanted.contains(&k.as_str()) {
                out.push((k, v, key_range));
            }
        }
    }
    out
}

/// One diagnostic for the unpinned packages of an install command: the
/// range is the first such package, the message names them all.
pub fn unpinned(meta: &'static RuleMeta, loose: &[&Word], how: &str) -> Option<Diagnostic> {
    let first = loose.first()?;
    let names: Vec<String> = loose
        .iter()
        .take(4)
        .map(|w| format!("`{}`", w.text))
        .collect();
    let more = if loose.len() > 4 {
        format!(" and {} more", loose.len() - 4)
    } else {
        String::new()
    };
    let verb = if loose.len() == 1 { "is" } else { "are" };
    Some(Diagnostic::new(
        meta,
        first.range.clone(),
        format!(
            "{}{more} {verb} not pinned: use `{how}` so a rebuild installs the same versions",
            names.join(", ")
        ),
    ))
}

/// Flag every `keyword` instruction after the first in a stage (only the
/// last one counts) with a safe fix deleting the earlier, ineffective one.
pub fn flag_repeated_instruction(
    ctx: &Context,
    rule: &'static RuleMeta,
    keyword: &str,
    out: &mut Vec<Diagnostic>,
) {
    // Instructions before the first FROM count as a stage of their own.
    let mut bounds = vec![(
        0,
        ctx.stages()
            .first()
            .map_or(ctx.instructions().len(), |s| s.from),
    )];
    bounds.extend(ctx.stages().iter().map(|s| (s.from, s.end)));
    for (from, end) in bounds {
        let mut prev: Option<usize> = None;
        for idx in from..end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword != keyword {
                continue;
            }
            if let Some(p) = prev {
                let line = ctx.instructions()[p].start_line + 1;
                out.push(
                    Diagnostic::new(
                        rule,
                        ins.keyword_range.clone(),
                        format!("more than one `{keyword}` in this stage: the one on line {line} has no effect"),
                    )
                    .with_fix(Fix::safe(
                        format!("Remove the ineffective `{keyword}` on line {line}"),
                        vec![delete_instruction(ctx, p)],
                    )),
                );
            }
            prev = Some(idx);
        }
    }
}

/// Flag `<program> <sub>` commands (`yum install`, …) that lack every one of
/// `yes_flags`; the safe fix inserts ` -y` after the subcommand.
pub fn flag_missing_yes(
    ctx: &Context,
    rule: &'static RuleMeta,
    programs: &[&str],
    yes_flags: &[&str],
    subs: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    for (_, cmd) in super::util::run_commands(ctx) {
        if !is(cmd, programs) || has_flag(cmd, yes_flags) {
            continue;
        }
        let Some(sub) = sub_word(cmd, subs) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                rule,
                cmd.range.clone(),
                format!(
                    "`{} {}` without `-y` stops at a prompt the build cannot answer",
                    cmd.program(),
                    val(sub)
                ),
            )
            .with_fix(Fix::safe(
                "Add `-y`",
                vec![Edit::insert(sub.range.end, " -y")],
            )),
        );
    }
}

/// What a package-manager cache rule looks for (yum, dnf, zypper, yarn).
pub struct CacheRule {
    pub programs: &'static [&'static str],
    pub installs: &'static [&'static str],
    /// Cache mount targets that make cleaning unnecessary.
    pub cache_dirs: &'static [&'static str],
    /// Does a command clean the cache?
    pub is_clean: fn(&Command) -> bool,
    /// The command the message names.
    pub advice: &'static str,
    /// The command the fix appends; `{prog}` stands for the installing
    /// program (`microdnf clean all`).
    pub clean: &'static str,
}

/// Flag a RUN that installs with `rule.programs` and never cleans the cache
/// afterwards in the same RUN; the safe fix appends the clean command.
pub fn flag_uncleaned_cache(
    ctx: &Context,
    meta: &'static RuleMeta,
    rule: &CacheRule,
    out: &mut Vec<Diagnostic>,
) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if !is_run(ins) || super::util::has_cache_mount(ctx, idx, rule.cache_dirs) {
            continue;
        }
        let Some(script) = ctx.script(idx) else {
            continue;
        };
        let cmds = &script.commands;
        let Some(install) = position(cmds, |c| has_sub(c, rule.programs, rule.installs)) else {
            continue;
        };
        if cmds[install..].iter().any(rule.is_clean) {
            continue;
        }
        let mut d = Diagnostic::new(
            meta,
            cmds[install].range.clone(),
            format!(
                "the package cache stays in this layer: run `{}` after installing, in the same RUN",
                rule.advice
            ),
        );
        let clean = rule.clean.replace("{prog}", cmds[install].program());
        if let Some(edit) = append_command(ctx, idx, &clean) {
            d = d.with_fix(Fix::safe(format!("Append `{clean}`"), vec![edit]));
        }
        out.push(d);
    }
}

/// Flag every schema label of type `ty` whose literal value `valid` rejects
/// (values with `$` are build-time substitutions and are skipped). `what`
/// names the expected format in the message.
pub fn flag_invalid_labels(
    ctx: &Context,
    rule: &'static RuleMeta,
    ty: LabelType,
    valid: fn(&str) -> bool,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (k, v, range) in schema_labels(ctx, ty) {
        if !v.contains('$') && !valid(&v) {
            out.push(Diagnostic::new(
                rule,
                range,
                format!("label `{k}` must be {what}, not `{v}`"),
            ));
        }
    }
}

/// Test helper of the label rules: findings of rule `code` on `text` with a
/// label schema.
#[cfg(test)]
pub fn count_label_findings(
    code: &str,
    text: &str,
    schema: &[(&str, LabelType)],
    strict: bool,
) -> usize {
    let config = crate::engine::LintConfig {
        select: Some(vec![code.into()]),
        label_schema: schema.iter().map(|(k, t)| (k.to_string(), *t)).collect(),
        strict_labels: strict,
        ..crate::engine::LintConfig::default()
    };
    crate::engine::lint(None, text, crate::syntax::FileKind::Dockerfile, &config)
        .diagnostics
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::shell::Script;

    #[test]
    fn flags_and_packages() {
        let s = Script::parse(
            "apk add --no-cache -t .deps --virtual=.x curl git=2.1 && wget -qO- x",
            0,
        );
        let apk = &s.commands[0];
        let pk: Vec<_> = packages_after(apk, "add", &["t", "virtual"])
            .iter()
            .map(|w| val(w).to_string())
            .collect();
        assert_eq!(pk, ["curl", "git=2.1"]);
        assert!(has_flag(&s.commands[1], &["q"]));
        assert!(has_flag(&s.commands[1], &["O"]));
        assert!(!has_flag(&s.commands[1], &["progress"]));
    }

    #[test]
    fn indent() {
        assert_eq!(indent_at("a\n  RUN x", 4), "  ");
        assert_eq!(indent_at("RUN x", 0), "");
    }
}
