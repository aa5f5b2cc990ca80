//! # yum-missing-yes (DF130)
//!
//! ## What it does
//! Flags `yum install` (and `groupinstall`, `localinstall`, `reinstall`)
//! without a
//! non-interactive switch (`-y`, `--assumeyes`).
//!
//! ## Why is this bad?
//! A build has no terminal to answer the confirmation prompt: `yum` aborts
//! and the build fails.
//!
//! ## Example
//! ```dockerfile
//! RUN yum install httpd
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN yum install -y httpd
//! ```
//!
//! ## Fix safety
//! Safe: `-y` only answers the prompt the build cannot answer.
//!
//! Same check as hadolint's `DL3030`.

use super::packages::flag_missing_yes;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF130",
        name: "yum-missing-yes",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3030"],
        summary: "`yum install` without `-y`",
        source: include_str!("yum_missing_yes.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_missing_yes(
        ctx,
        &RULE.meta,
        &["yum"],
        &["y", "assumeyes"],
        &["install", "groupinstall", "localinstall", "reinstall"],
        out,
    );
}
