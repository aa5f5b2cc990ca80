//! # undefined-var (DF207)
//!
//! ## What it does
//! Flags `$NAME` in an instruction the builder expands (`ADD`, `COPY`,
//! `ENV`, `ARG`, `EXPOSE`, `LABEL`, `STOPSIGNAL`, `USER`, `VOLUME`,
//! `WORKDIR`) when nothing defines `NAME` before it in the stage:
//! - a global ARG (declared before the first `FROM`) used in a stage that
//!   does not redeclare it with `ARG NAME`: it expands to the empty string;
//! - a name one or two edits away from a defined one (a typo);
//! - any other name, in a stage built on `scratch` (there is no base image
//!   environment to come from).
//!
//! Other names may come from the base image's environment (`$PATH`,
//! `$GOPATH`, `$JAVA_HOME`), which dfix does not fetch, so they are not
//! reported. `RUN`, `CMD` and `ENTRYPOINT` are expanded by the shell at run
//! time and are left alone.
//!
//! ## Why is this bad?
//! An undefined variable silently expands to the empty string:
//! `WORKDIR /opt/$APP_NAME` becomes `/opt/`, `COPY app-$VERSION.jar .`
//! looks for `app-.jar`.
//!
//! ## Example
//! ```dockerfile
//! ARG VERSION=1.4.2
//! FROM eclipse-temurin:21-jre
//! COPY build/app-${VERSION}.jar /app.jar
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG VERSION=1.4.2
//! FROM eclipse-temurin:21-jre
//! ARG VERSION
//! COPY build/app-${VERSION}.jar /app.jar
//! ```
//!
//! ## Fix safety
//! For a global ARG, the fix inserts `ARG NAME` after the stage's `FROM`;
//! for a typo, it renames the reference. Both are unsafe: the expansion
//! changes from empty to a value, so what the image contains changes.

use std::collections::HashMap;
use std::ops::Range;

use super::util::keys;
use super::util::{edit_distance, full_lines, var_refs, BUILTIN_ARGS};
use super::{Context, Rule, Stage};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF207",
        name: "undefined-var",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["buildkit/UndefinedVar"],
        summary: "Variable used before any ARG or ENV defines it",
        source: include_str!("undefined_var.rs"),
    },
    check,
    scope: super::Scope::File,
};

/// Instructions whose arguments the builder expands.
const EXPANDED: &[&str] = &[
    "ADD",
    "ARG",
    "COPY",
    "ENV",
    "EXPOSE",
    "LABEL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let global = ctx.global_args();
    let ins = ctx.instructions();
    let stages = ctx.stages();
    // ENV names defined by each stage (inherited by stages built on it).
    let mut stage_env: Vec<Vec<String>> = Vec::new();
    for (n, stage) in stages.iter().enumerate() {
        let parent = stage.image.as_ref().and_then(|(img, _)| {
            let img = img.to_ascii_lowercase();
            stages[..n]
                .iter()
                .rposition(|s| s.name.as_deref() == Some(img.as_str()))
        });
        let mut defined: Vec<String> = parent.map(|p| stage_env[p].clone()).unwrap_or_default();
        let mut env_names: Vec<String> = defined.clone();
        let from_scratch = root_is_scratch(stages, n);
        let mut inserted_arg: Vec<String> = Vec::new();
        for instr in &ins[stage.from + 1..stage.end] {
            if EXPANDED.contains(&instr.keyword.as_str()) {
                let spans = std::iter::once(instr.args_range.clone())
                    .chain(instr.flags.iter().map(|f| f.range.clone()));
                // No `$`, no reference: skip the masking.
                for span in spans.filter(|s| ctx.text[s.clone()].contains('$')) {
                    let masked = mask_single_quotes(&ctx.text[span.clone()]);
                    for (name, r) in var_refs(&masked, ctx.df.escape) {
                        if defined.iter().any(|d| d == name) || BUILTIN_ARGS.contains(&name) {
                            continue;
                        }
                        let range = span.start + r.start..span.start + r.end;
                        if let Some(d) = report(
                            ctx,
                            name,
                            range,
                            &defined,
                            &global,
                            from_scratch,
                            stage.from,
                            &mut inserted_arg,
                        ) {
                            out.push(d);
                        }
                    }
                }
            }
            if instr.keyword == "ARG" || instr.keyword == "ENV" {
                for (k, _) in keys(ctx, instr) {
                    defined.push(k.to_string());
                    if instr.keyword == "ENV" {
                        env_names.push(k.to_string());
                    }
                }
            }
        }
        stage_env.push(env_names);
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    ctx: &Context,
    name: &str,
    range: Range<usize>,
    defined: &[String],
    global: &HashMap<String, Option<String>>,
    from_scratch: bool,
    from_idx: usize,
    inserted_arg: &mut Vec<String>,
) -> Option<Diagnostic> {
    if global.contains_key(name) {
        let from = &ctx.instructions()[from_idx];
        let d = Diagnostic::new(
            &RULE.meta,
            range,
            format!(
                "`{name}` is a global ARG: a stage sees it only after `ARG {name}`; here it expands to an empty string"
            ),
        );
        // One insertion per name and stage, so fixes do not collide.
        if inserted_arg.iter().any(|n| n == name) || from.onbuild.is_some() {
            return Some(d);
        }
        inserted_arg.push(name.to_string());
        let line_end = full_lines(ctx.text, from.range.clone()).end;
        let at_eof_without_newline = line_end == ctx.text.len() && !ctx.text.ends_with('\n');
        let insert = if at_eof_without_newline {
            format!("{}ARG {name}", ctx.newline)
        } else {
            format!("ARG {name}{}", ctx.newline)
        };
        return Some(d.with_fix(Fix::unsafe_(
            format!("Declare `ARG {name}` in this stage"),
            vec![Edit::insert(line_end, insert)],
        )));
    }
    if IMAGE_ENV.contains(&name) {
        return None;
    }
    let candidates = defined
        .iter()
        .map(String::as_str)
        .chain(global.keys().map(String::as_str));
    let close = candidates
        .filter(|c| is_typo_of(name, c))
        .min_by_key(|c| (edit_distance(c, name), c.to_string()));
    match close {
        Some(c) => {
            let name_start = range.start + ctx.text[range.clone()].find(name).unwrap_or(0);
            Some(
                Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!("`{name}` is not defined before this line (did you mean `{c}`?)"),
                )
                .with_fix(Fix::unsafe_(
                    format!("Use `{c}`"),
                    vec![Edit::replace(name_start..name_start + name.len(), c)],
                )),
            )
        }
        None if from_scratch => Some(Diagnostic::new(
            &RULE.meta,
            range,
            format!("`{name}` is not defined before this line: it expands to an empty string"),
        )),
        None => None,
    }
}

/// Variables almost every base image sets: never reported as typos.
const IMAGE_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "HOSTNAME",
    "TERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "USER",
    "PWD",
    "SHELL",
    "TZ",
    "GOPATH",
    "GOROOT",
    "JAVA_HOME",
    "GEM_HOME",
    "CARGO_HOME",
    "RUSTUP_HOME",
];

/// Is `name` a plausible misspelling of `defined`? One edit for short
/// names, two from eight characters on.
pub fn is_typo_of(name: &str, defined: &str) -> bool {
    let max = if name.len() >= 8 { 2 } else { 1 };
    name.len() >= 4 && name != defined && edit_distance(name, defined) <= max
}

/// Does stage `n` (through the stages it builds on) start from `scratch`?
fn root_is_scratch(stages: &[Stage], n: usize) -> bool {
    let mut current = n;
    for _ in 0..stages.len() {
        let Some((img, _)) = &stages[current].image else {
            return false;
        };
        let img = img.to_ascii_lowercase();
        if img == "scratch" {
            return true;
        }
        match stages[..current]
            .iter()
            .rposition(|s| s.name.as_deref() == Some(img.as_str()))
        {
            Some(p) => current = p,
            None => return false,
        }
    }
    false
}

/// Blank out single-quoted text (the builder does not expand it), keeping
/// byte offsets.
fn mask_single_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_single = false;
    let mut in_double = false;
    for c in s.chars() {
        match c {
            '\'' if !in_double => {
                in_single = !in_single;
                out.push(' ');
            }
            '"' if !in_single => {
                in_double = !in_double;
                out.push(c);
            }
            _ if in_single => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            _ => out.push(c),
        }
    }
    out
}
