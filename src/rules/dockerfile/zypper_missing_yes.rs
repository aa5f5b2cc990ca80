//! # zypper-missing-yes (DF134)
//!
//! ## What it does
//! Flags `zypper install` (and `in`, `remove`, `rm`, `source-install`, `si`,
//! `patch`) without a
//! non-interactive switch (`--non-interactive`, `-n`, `--no-confirm`, `-y`).
//!
//! ## Why is this bad?
//! A build has no terminal to answer the confirmation prompt: `zypper` aborts
//! and the build fails.
//!
//! ## Example
//! ```dockerfile
//! RUN zypper install httpd
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN zypper install -y httpd
//! ```
//!
//! ## Fix safety
//! Safe: `-y` only answers the prompt the build cannot answer.
//!
//! Same check as hadolint's `DL3034`.

use super::packages::{has_flag, is, sub_word, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF134",
        name: "zypper-missing-yes",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3034"],
        summary: "`zypper install` without `-y`",
        source: include_str!("zypper_missing_yes.rs"),
    },
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !is(cmd, &["zypper"]) || has_flag(cmd, &["non-interactive", "n", "no-confirm", "y"]) {
            continue;
        }
        let Some(sub) = sub_word(
            cmd,
            &[
                "install",
                "in",
                "remove",
                "rm",
                "source-install",
                "si",
                "patch",
            ],
        ) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
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
