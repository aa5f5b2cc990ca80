//! # zypper-cache-not-cleaned (DF136)
//!
//! ## What it does
//! Flags a RUN that installs with `zypper` but does not run `zypper clean`
//! after it in the same RUN. A BuildKit cache mount on the package cache
//! (`--mount=type=cache,target=/var/cache/zypp`) satisfies the rule.
//!
//! ## Why is this bad?
//! The package manager's cache stays in the layer: tens to hundreds of MB
//! shipped in every image that nobody uses. Cleaning in a later RUN does not
//! help, the earlier layer keeps the files.
//!
//! ## Example
//! ```dockerfile
//! RUN zypper install -y httpd-2.4.57
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN zypper install -y httpd-2.4.57 && zypper clean
//! ```
//!
//! ## Fix safety
//! Safe: `zypper clean` is appended at the end of the RUN, after every command
//! that could still need the cache. No fix when the RUN ends in a background
//! `&` or does not parse.
//!
//! Same check as hadolint's `DL3036`.

use super::packages::{append_command, has_sub, is, is_run, position};
use super::util::has_cache_mount;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF136",
        name: "zypper-cache-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3036"],
        summary: "`zypper install` without `zypper clean` afterwards",
        source: include_str!("zypper_cache_not_cleaned.rs"),
    },
    check,
};

fn is_clean(cmd: &Command) -> bool {
    has_sub(cmd, &["zypper"], &["clean", "cc"])
        || (is(cmd, &["rm"]) && cmd.has_arg(|a| a.starts_with("/var/cache/zypp")))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if !is_run(ins) || has_cache_mount(ctx, idx, &["/var/cache/zypp"]) {
            continue;
        }
        let Some(script) = ctx.script(idx) else {
            continue;
        };
        let cmds = &script.commands;
        let Some(install) = position(cmds, |c| has_sub(c, &["zypper"], &["install", "in"])) else {
            continue;
        };
        if cmds[install..].iter().any(is_clean) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE.meta,
            cmds[install].range.clone(),
            "the package cache stays in this layer: run `zypper clean` after installing, in the same RUN",
        );
        if let Some(edit) = append_command(ctx, idx, "zypper clean") {
            d = d.with_fix(Fix::safe("Append `zypper clean`", vec![edit]));
        }
        out.push(d);
    }
}
