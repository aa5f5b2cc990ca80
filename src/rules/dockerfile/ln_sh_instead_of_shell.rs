//! # ln-sh-instead-of-shell (DF175)
//!
//! ## What it does
//! Flags `ln … /bin/sh` in a RUN: replacing the default shell by a link.
//!
//! ## Why is this bad?
//! Relinking `/bin/sh` changes the shell of every script in the image, not
//! only of the build; `SHELL` changes the shell the build uses and nothing
//! else.
//!
//! ## Example
//! ```dockerfile
//! RUN ln -sf /bin/bash /bin/sh
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! SHELL ["/bin/bash", "-c"]
//! ```
//!
//! ## Fix safety
//! No automatic fix: scripts in the image may rely on the new `/bin/sh`.
//!
//! Same check as hadolint's `DL4005`.

use super::packages::val;
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF175",
        name: "ln-sh-instead-of-shell",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL4005"],
        summary: "`ln` over `/bin/sh` instead of `SHELL`",
        source: include_str!("ln_sh_instead_of_shell.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if cmd.program() == "ln" && cmd.args().iter().any(|w| val(w) == "/bin/sh") {
            out.push(Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                "relinking `/bin/sh` changes the shell of the whole image: use `SHELL` to change the build's shell",
            ));
        }
    }
}
