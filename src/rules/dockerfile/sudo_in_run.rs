//! # sudo-in-run (DF104)
//!
//! ## What it does
//! Flags `sudo` in a RUN.
//!
//! ## Why is this bad?
//! A build runs as the current `USER`; `sudo` needs a TTY, a sudoers entry
//! and often a password, and hides which user really runs the command. Switch
//! with `USER` (or use `gosu`/`su-exec` in an entrypoint).
//!
//! ## Example
//! ```dockerfile
//! USER app
//! RUN sudo apt-get install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! USER root
//! RUN apt-get install -y curl
//! USER app
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right `USER` switch depends on the image.
//!
//! Same check as hadolint's `DL3004`.

use super::packages::val;
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF104",
        name: "sudo-in-run",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3004"],
        summary: "`sudo` in a RUN",
        source: include_str!("sudo_in_run.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        // Only the wrappers before the program can be `sudo`, not arguments.
        let wrappers = &cmd.words[..cmd.words.len() - cmd.effective().len()];
        if let Some(w) = wrappers
            .iter()
            .find(|w| val(w).rsplit('/').next() == Some("sudo"))
        {
            out.push(Diagnostic::new(
                &RULE.meta,
                w.range.clone(),
                "`sudo` in a build hides which user runs the command: switch with `USER` instead",
            ));
        }
    }
}
