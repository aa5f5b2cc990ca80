//! # wget-without-progress (DF147)
//!
//! ## What it does
//! Flags `wget` without `--progress=…`, `-q`/`--quiet`, `-nv`/`--no-verbose`
//! or an output log (`-o`, `-a`).
//!
//! ## Why is this bad?
//! wget's default progress bar, when there is no terminal, prints a line per
//! few kilobytes: downloading a large file bloats the build log by megabytes
//! and slows down CI log viewers.
//!
//! ## Example
//! ```dockerfile
//! RUN wget https://example.com/big.tar.gz
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN wget --progress=dot:giga https://example.com/big.tar.gz
//! ```
//!
//! ## Fix safety
//! Safe: `--progress=dot:giga` only changes what wget prints.
//!
//! Same check as hadolint's `DL3047`.

use super::packages::has_flag;
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF147",
        name: "wget-without-progress",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3047"],
        summary: "`wget` without `--progress`",
        source: include_str!("wget_without_progress.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if cmd.program() != "wget" {
            continue;
        }
        if has_flag(
            cmd,
            &[
                "progress",
                "q",
                "quiet",
                "o",
                "output-file",
                "a",
                "append-output",
                "no-verbose",
            ],
        ) || cmd.has_arg(|a| a == "-nv")
        {
            continue;
        }
        let Some(name) = cmd.effective().first() else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                name.range.clone(),
                "`wget` without `--progress` floods the build log with progress lines",
            )
            .with_fix(Fix::safe(
                "Add `--progress=dot:giga`",
                vec![Edit::insert(name.range.end, " --progress=dot:giga")],
            )),
        );
    }
}
