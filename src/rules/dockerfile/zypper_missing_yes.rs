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

use super::packages::flag_missing_yes;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
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
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_missing_yes(
        ctx,
        &RULE.meta,
        &["zypper"],
        &["non-interactive", "n", "no-confirm", "y"],
        &[
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ],
        out,
    );
}
