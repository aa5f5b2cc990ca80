//! # apt-cleanup-in-later-run (DF305)
//!
//! ## What it does
//! Flags a RUN that does nothing but clean up (`rm`, `apt-get clean`,
//! `autoremove`, `purge`) and removes `/var/lib/apt/lists` (or runs
//! `apt-get clean`) when the packages were installed by an earlier RUN of
//! the same stage. A RUN that also runs anything else (an install script)
//! may be cleaning up after itself and is left alone.
//!
//! ## Why is this bad?
//! Each RUN is a layer: the lists are already stored in the install's
//! layer, and deleting them later only hides them. The image is as big as
//! without the cleanup, plus one more layer.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl
//! RUN rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## Fix safety
//! Safe, offered when the later RUN does nothing but apt cleanup (`rm` of
//! paths under `/var/lib/apt` or `/var/cache/apt`, `apt-get clean`) and no
//! RUN in between uses apt: the cleanup is appended to the last installing
//! RUN (unless it already cleans) and the later RUN is deleted. The final
//! file system is the same, only smaller.

use super::util::{full_lines, subcommand};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF305",
        name: "apt-cleanup-in-later-run",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &[],
        summary: "apt cleanup in a later RUN does not shrink the image",
        source: include_str!("apt_cleanup_in_later_run.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let ins = ctx.instructions();
    for stage in ctx.stages() {
        let mut last_install: Option<usize> = None;
        let mut apt_since_install = false;
        for idx in stage.from + 1..stage.end {
            if ins[idx].keyword != "RUN" {
                continue;
            }
            let Some(script) = ctx.script(idx) else {
                continue;
            };
            let installs = script
                .commands
                .iter()
                .any(|c| subcommand(c, &["apt-get", "apt", "aptitude"], &["install"]).is_some());
            if installs {
                last_install = Some(idx);
                apt_since_install = false;
                continue;
            }
            // Only a RUN that does nothing but clean up: one that also runs
            // a script may install packages itself and clean up after them.
            let cleans = script.commands.iter().any(is_apt_cleanup)
                && script.commands.iter().all(is_cleanup_step);
            let Some(install_idx) = last_install else {
                continue;
            };
            if !cleans {
                apt_since_install |= script.commands.iter().any(|c| {
                    matches!(
                        c.program(),
                        "apt-get" | "apt" | "aptitude" | "dpkg" | "apt-cache"
                    )
                });
                continue;
            }
            let diag = Diagnostic::new(
                &RULE.meta,
                ins[idx].range.start..ins[idx].args_range.end,
                format!(
                    "apt cleanup in a later RUN does not shrink the image: the lists stay in the layer of line {}",
                    ins[install_idx].start_line + 1
                ),
            );
            let fix = (!apt_since_install)
                .then(|| fix(ctx, install_idx, idx))
                .flatten();
            out.push(match fix {
                Some(f) => diag.with_fix(f),
                None => diag,
            });
        }
    }
}

fn is_apt_path(p: &str) -> bool {
    p.starts_with("/var/lib/apt") || p.starts_with("/var/cache/apt")
}

/// `rm … /var/lib/apt/lists/*` or `apt-get clean`.
fn is_apt_cleanup(c: &Command) -> bool {
    (c.program() == "rm" && c.has_arg(is_apt_path))
        || subcommand(c, &["apt-get", "apt"], &["clean"]).is_some()
}

/// `rm`, or apt removing things (`clean`, `autoclean`, `autoremove`,
/// `purge`, `remove`).
fn is_cleanup_step(c: &Command) -> bool {
    c.program() == "rm"
        || subcommand(
            c,
            &["apt-get", "apt"],
            &["clean", "autoclean", "autoremove", "purge", "remove"],
        )
        .is_some()
}

/// Only apt cleanup: `rm` whose every path is apt's, `apt-get clean`.
fn only_apt_cleanup(c: &Command) -> bool {
    match c.program() {
        "rm" => c.args().iter().all(|a| {
            let v = a.value.as_deref().unwrap_or(&a.text);
            v.starts_with('-') || is_apt_path(v)
        }),
        _ => subcommand(c, &["apt-get", "apt"], &["clean"]).is_some(),
    }
}

fn fix(ctx: &Context, install_idx: usize, cleanup_idx: usize) -> Option<Fix> {
    let ins = ctx.instructions();
    let cleanup = ctx.script(cleanup_idx)?;
    let later = &ins[cleanup_idx];
    if cleanup.has_error
        || !later.flags.is_empty()
        || !later.heredocs.is_empty()
        || !cleanup.commands.iter().all(only_apt_cleanup)
        || cleanup.operators.iter().any(|o| o != "&&" && o != ";")
    {
        return None;
    }
    let install = ctx.script(install_idx)?;
    let mut edits = Vec::new();
    let mut lines = full_lines(ctx.text, later.range.clone());
    if lines.end == ctx.text.len() && !ctx.text.ends_with('\n') {
        lines.start -= ctx.newline.len().min(lines.start);
    }
    edits.push(Edit::delete(lines));
    let already = install.commands.iter().any(is_apt_cleanup);
    if !already {
        let earlier = &ins[install_idx];
        if install.has_error
            || !earlier.heredocs.is_empty()
            || install.operators.last().is_some_and(|o| o == "&")
        {
            return None;
        }
        let end = install.last_statement_end?;
        let text = cleanup
            .commands
            .iter()
            .map(|c| ctx.text[c.range.clone()].to_string())
            .collect::<Vec<_>>()
            .join(" && ");
        if text.contains('\n') {
            return None;
        }
        edits.push(Edit::insert(end, format!(" && {text}")));
    }
    Some(Fix::safe(
        if already {
            "Delete this RUN: the install already cleans up".to_string()
        } else {
            format!(
                "Move the cleanup into the RUN on line {}",
                ins[install_idx].start_line + 1
            )
        },
        edits,
    ))
}
