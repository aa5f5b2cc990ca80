//! # pip-no-cache-dir (DF015)
//!
//! ## What it does
//! Flags `pip install` (also `pip3`, `python -m pip`) without
//! `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set in the stage or a
//! BuildKit cache mount holds pip's cache.
//!
//! ## Why is this bad?
//! pip keeps every downloaded wheel in `~/.cache/pip`, inside the layer:
//! often hundreds of MB shipped in the image and never used again.
//!
//! ## Example
//! ```dockerfile
//! RUN pip install -r requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN pip install --no-cache-dir -r requirements.txt
//! ```
//!
//! ## Fix safety
//! Safe: the installed packages are the same.

use super::util::{has_cache_mount, insert_after, run_commands, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::{Command, Word};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF015",
        name: "pip-no-cache-dir",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3042"],
        summary: "`pip install` without `--no-cache-dir`",
        source: include_str!("pip_no_cache_dir.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

/// The `install` word of a pip invocation.
fn pip_install(cmd: &Command) -> Option<&Word> {
    let args = cmd.args();
    let prog = cmd.program();
    let rest: &[Word] = if prog == "pip" || prog.starts_with("pip3") || prog == "pip2" {
        args
    } else if prog.starts_with("python") {
        let m = args.iter().position(|w| w.text == "-m")?;
        let module = args.get(m + 1)?;
        if !matches!(module.text.as_str(), "pip" | "pip3") {
            return None;
        }
        &args[m + 2..]
    } else {
        return None;
    };
    // pip's global options that take a separate value come before the
    // subcommand: `pip --trusted-host pypi.org install x`.
    let mut i = 0;
    while let Some(w) = rest.get(i) {
        if !w.text.starts_with('-') {
            return (w.text == "install").then_some(w);
        }
        if matches!(
            w.text.as_str(),
            "--trusted-host" | "--index-url" | "--extra-index-url" | "--proxy" | "--cert" | "--log"
        ) {
            i += 1;
        }
        i += 1;
    }
    None
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, cmd) in run_commands(ctx) {
        let Some(install) = pip_install(cmd) else {
            continue;
        };
        if cmd.has_arg(|a| a == "--no-cache-dir" || a == "--no-cache") {
            continue;
        }
        if cmd
            .env
            .iter()
            .any(|w| w.text.starts_with("PIP_NO_CACHE_DIR="))
        {
            continue;
        }
        if has_cache_mount(ctx, idx, &["/root/.cache", "~/.cache", "/home/"]) {
            continue;
        }
        if env_in_stage(ctx, idx) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                "`pip install` without `--no-cache-dir` keeps pip's download cache in the layer",
            )
            .with_fix(Fix::safe(
                "Add `--no-cache-dir`",
                vec![insert_after(install, "--no-cache-dir")],
            )),
        );
    }
}

/// `ENV PIP_NO_CACHE_DIR=…` earlier in the same stage (or before any FROM).
fn env_in_stage(ctx: &Context, idx: usize) -> bool {
    for ins in ctx.instructions()[..idx].iter().rev() {
        if (ins.keyword == "ENV" || ins.keyword == "ARG")
            && words(ctx.text, ins.args_range.clone())
                .iter()
                .any(|(w, _)| w.starts_with("PIP_NO_CACHE_DIR"))
        {
            return true;
        }
        if ins.keyword == "FROM" {
            return false;
        }
    }
    false
}
