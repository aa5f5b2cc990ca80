//! # apt-instead-of-apt-get (DF127)
//!
//! ## What it does
//! Flags `apt` used in a RUN.
//!
//! ## Why is this bad?
//! `apt` is meant for people at a terminal: its output and command-line
//! interface may change between releases and it warns that it has no stable
//! CLI. Scripts should use `apt-get` and `apt-cache`.
//!
//! ## Example
//! ```dockerfile
//! RUN apt update && apt install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## Fix safety
//! Safe: for `install`, `update`, `upgrade`, `remove`, `purge`, `autoremove`,
//! `clean` and friends `apt-get` takes the same arguments. Other subcommands
//! (`apt list`, `apt search`) have no one-to-one replacement and get no fix.
//!
//! Same check as hadolint's `DL3027`.

use super::packages::val;
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF127",
        name: "apt-instead-of-apt-get",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3027"],
        summary: "`apt` in a RUN instead of `apt-get`",
        source: include_str!("apt_instead_of_apt_get.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

const SAME_IN_APT_GET: &[&str] = &[
    "install",
    "update",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "remove",
    "purge",
    "autoremove",
    "autoclean",
    "clean",
    "source",
    "build-dep",
    "download",
    "reinstall",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if cmd.program() != "apt" {
            continue;
        }
        let Some(name) = cmd.effective().first() else {
            continue;
        };
        let mut d = Diagnostic::new(
            &RULE.meta,
            name.range.clone(),
            "`apt` has no stable command-line interface for scripts: use `apt-get` or `apt-cache`",
        );
        let sub = cmd.subcommand().map(|(_, w)| val(w).to_string());
        let full = if sub.as_deref() == Some("full-upgrade") {
            "dist-upgrade"
        } else {
            ""
        };
        if sub.as_deref().is_some_and(|s| SAME_IN_APT_GET.contains(&s)) && val(name) == "apt" {
            let mut edits = vec![Edit::replace(name.range.clone(), "apt-get")];
            if !full.is_empty() {
                if let Some((_, w)) = cmd.subcommand() {
                    edits.push(Edit::replace(w.range.clone(), full));
                }
            }
            d = d.with_fix(Fix::safe("Replace `apt` with `apt-get`", edits));
        }
        out.push(d);
    }
}
