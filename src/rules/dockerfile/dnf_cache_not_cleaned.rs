//! # dnf-cache-not-cleaned (DF140)
//!
//! ## What it does
//! Flags a RUN that installs (or upgrades) with `dnf` but does not run `dnf
//! clean all`
//! after it in the same RUN. A BuildKit cache mount on the package cache
//! (`--mount=type=cache,target=/var/cache/dnf`) satisfies the rule.
//!
//! ## Why is this bad?
//! The package manager's cache stays in the layer: tens to hundreds of MB
//! shipped in every image that nobody uses. Cleaning in a later RUN does not
//! help, the earlier layer keeps the files.
//!
//! ## Example
//! ```dockerfile
//! RUN dnf install -y httpd-2.4.57
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN dnf install -y httpd-2.4.57 && dnf clean all
//! ```
//!
//! ## Fix safety
//! Safe: `dnf clean all` is appended at the end of the RUN, after every command
//! that could still need the cache. No fix when the RUN ends in a background
//! `&` or does not parse.
//!
//! Same check as hadolint's `DL3040`.

use super::packages::{append_command, has_sub, is, is_run, position};
use super::util::has_cache_mount;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF140",
        name: "dnf-cache-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3040"],
        summary: "`dnf install` without `dnf clean all` afterwards",
        source: include_str!("dnf_cache_not_cleaned.rs"),
    },
    check,
};

fn is_clean(cmd: &Command) -> bool {
    has_sub(cmd, &["dnf", "microdnf"], &["clean"]) && cmd.has_arg(|a| a == "all")
        || (is(cmd, &["rm"])
            && cmd.has_arg(|a| a.starts_with("/var/cache/yum") || a.starts_with("/var/cache/dnf")))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if !is_run(ins) || has_cache_mount(ctx, idx, &["/var/cache/dnf", "/var/cache/yum"]) {
            continue;
        }
        let Some(script) = ctx.script(idx) else {
            continue;
        };
        let cmds = &script.commands;
        let Some(install) = position(cmds, |c| {
            has_sub(c, &["dnf", "microdnf"], &["install", "upgrade"])
        }) else {
            continue;
        };
        if cmds[install..].iter().any(is_clean) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE.meta,
            cmds[install].range.clone(),
            "the package cache stays in this layer: run `dnf clean all` after installing, in the same RUN",
        );
        let clean = format!("{} clean all", cmds[install].program());
        if let Some(edit) = append_command(ctx, idx, &clean) {
            d = d.with_fix(Fix::safe(format!("Append `{clean}`"), vec![edit]));
        }
        out.push(d);
    }
}
