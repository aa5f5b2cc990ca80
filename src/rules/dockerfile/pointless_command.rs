//! # pointless-command (DF101)
//!
//! ## What it does
//! Flags commands that make no sense while building an image: `ssh`,
//! `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`,
//! `ifconfig`.
//!
//! ## Why is this bad?
//! A build has no terminal and no running services: these commands fail,
//! hang, or act on the build container that is thrown away.
//!
//! ## Example
//! ```dockerfile
//! RUN service nginx start
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["nginx", "-g", "daemon off;"]
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL3001`.

use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF101",
        name: "pointless-command",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3001"],
        summary: "Interactive or host commands in a RUN",
        source: include_str!("pointless_command.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

const POINTLESS: &[&str] = &[
    "ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        let p = cmd.program();
        if POINTLESS.contains(&p) {
            out.push(Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                format!("`{p}` makes no sense while building an image"),
            ));
        }
    }
}
