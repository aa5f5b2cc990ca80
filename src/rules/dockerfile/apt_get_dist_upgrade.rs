//! # apt-get-dist-upgrade (DF105)
//!
//! ## What it does
//! Flags `apt-get dist-upgrade` in a RUN.
//!
//! ## Why is this bad?
//! `dist-upgrade` can pull a different distribution release into the image
//! and remove packages; the base image's maintainers already publish updated
//! images. Rebuilds become unpredictable.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update && apt-get dist-upgrade -y
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm-20240513
//! ```
//!
//! ## Fix safety
//! No automatic fix: removing the upgrade changes which packages the image ships.
//!
//! Same check as hadolint's `DL3005`.

use super::packages::{is, sub_word, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF105",
        name: "apt-get-dist-upgrade",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3005"],
        summary: "`apt-get dist-upgrade` in a RUN",
        source: include_str!("apt_get_dist_upgrade.rs"),
    },
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !is(cmd, &["apt-get"]) {
            continue;
        }
        if let Some(sub) = sub_word(cmd, &["dist-upgrade"]) {
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
