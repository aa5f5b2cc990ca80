//! # dnf-missing-yes (DF138)
//!
//! ## What it does
//! Flags `dnf install` (and `groupinstall`, `localinstall`, `reinstall`)
//! without a
//! non-interactive switch (`-y`, `--assumeyes`).
//!
//! ## Why is this bad?
//! A build has no terminal to answer the confirmation prompt: `dnf` aborts
//! and the build fails.
//!
//! ## Example
//! ```dockerfile
//! RUN dnf install httpd
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN dnf install -y httpd
//! ```
//!
//! ## Fix safety
//! Safe: `-y` only answers the prompt the build cannot answer.
//!
//! Same check as hadolint's `DL3038`.

use super::packages::flag_missing_yes;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF138",
        name: "dnf-missing-yes",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3038"],
        summary: "`dnf install` without `-y`",
        source: include_str!("dnf_missing_yes.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_missing_yes(
        ctx,
        &RULE.meta,
        &["dnf", "microdnf"],
        &["y", "assumeyes"],
        &["install", "groupinstall", "localinstall", "reinstall"],
        out,
    );
}
