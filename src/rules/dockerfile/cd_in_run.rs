//! # cd-in-run (DF103)
//!
//! ## What it does
//! Flags `cd` in a RUN.
//!
//! ## Why is this bad?
//! A `cd` lasts only until the end of its RUN; later instructions silently
//! run somewhere else. `WORKDIR` states the directory once, for every
//! following instruction, and creates it when missing.
//!
//! ## Example
//! ```dockerfile
//! RUN cd /app && make
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! WORKDIR /app
//! RUN make
//! ```
//!
//! ## Fix safety
//! No automatic fix: moving the `cd` into a `WORKDIR` also changes the
//! directory of every later instruction.
//!
//! Same check as hadolint's `DL3003`.

use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF103",
        name: "cd-in-run",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3003"],
        summary: "`cd` in a RUN instead of `WORKDIR`",
        source: include_str!("cd_in_run.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if cmd.name() == "cd" {
            out.push(Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                "`cd` lasts only until the end of this RUN: use `WORKDIR` to switch directories",
            ));
        }
    }
}
