//! # zypper-dist-upgrade (DF135)
//!
//! ## What it does
//! Flags `zypper dist-upgrade` in a RUN.
//!
//! ## Why is this bad?
//! `zypper dist-upgrade` can move the image to a different distribution
//! release; rebuild on an updated base image instead.
//!
//! ## Example
//! ```dockerfile
//! RUN zypper dist-upgrade -y
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM opensuse/leap:15.6
//! ```
//!
//! ## Fix safety
//! No automatic fix: removing the upgrade changes which packages the image
//! ships.
//!
//! Same check as hadolint's `DL3035`.

use super::packages::{is, sub_word, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF135",
        name: "zypper-dist-upgrade",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3035"],
        summary: "`zypper dist-upgrade` in a RUN",
        source: include_str!("zypper_dist_upgrade.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !is(cmd, &["zypper"]) {
            continue;
        }
        if let Some(sub) = sub_word(cmd, &["dist-upgrade", "dup"]) {
            out.push(Diagnostic::new(
                &RULE.meta,
                sub.range.clone(),
                format!(
                    "do not use `{} {}` in an image: upgrade the base image instead",
                    cmd.program(),
                    val(sub)
                ),
            ));
        }
    }
}
