//! # apt-get-missing-yes (DF011)
//!
//! ## What it does
//! Flags `apt-get install` without `-y` (or `--yes`, `--assume-yes`, `-qq`).
//!
//! ## Why is this bad?
//! A build has no terminal to answer "Do you want to continue? [Y/n]": apt
//! aborts and the build fails, or hangs in some CI setups.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update && apt-get install curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## Fix safety
//! Safe: `-y` only answers the prompt the build cannot answer.

use super::util::{insert_after, run_commands, subcommand};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF011",
        name: "apt-get-missing-yes",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3014"],
        summary: "`apt-get install` without `-y`",
        source: include_str!("apt_missing_yes.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

/// Does an apt-get argument list answer yes?
pub fn has_yes(cmd: &crate::syntax::shell::Command) -> bool {
    let mut quiet = 0;
    for w in cmd.args() {
        let v = w.value.as_deref().unwrap_or(&w.text);
        // `--force-yes` only overrides safety checks; it does not answer
        // the "Do you want to continue?" prompt.
        if matches!(v, "--yes" | "--assume-yes" | "-qq" | "-q=2" | "--quiet=2") {
            return true;
        }
        if v == "-q" || v == "--quiet" {
            quiet += 1;
        }
        if v.starts_with('-') && !v.starts_with("--") && v.contains('y') {
            return true;
        }
    }
    quiet >= 2
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        let Some(install) = subcommand(cmd, &["apt-get"], &["install"]) else {
            continue;
        };
        if has_yes(cmd) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                "`apt-get install` without `-y` stops at the confirmation prompt the build cannot answer",
            )
            .with_fix(Fix::safe("Add `-y`", vec![insert_after(install, "-y")])),
        );
    }
}
