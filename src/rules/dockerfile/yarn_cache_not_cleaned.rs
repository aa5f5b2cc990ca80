//! # yarn-cache-not-cleaned (DF160)
//!
//! ## What it does
//! Flags a RUN that installs with `yarn` but does not run `yarn cache clean`
//! after it in the same RUN. A BuildKit cache mount on the package cache
//! (`--mount=type=cache,target=/usr/local/share/.cache/yarn`) satisfies the
//! rule.
//!
//! ## Why is this bad?
//! The package manager's cache stays in the layer: tens to hundreds of MB
//! shipped in every image that nobody uses. Cleaning in a later RUN does not
//! help, the earlier layer keeps the files.
//!
//! ## Example
//! ```dockerfile
//! RUN yarn install -y httpd-2.4.57
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN yarn install -y httpd-2.4.57 && yarn cache clean
//! ```
//!
//! ## Fix safety
//! Safe: `yarn cache clean` is appended at the end of the RUN, after every
//! command that could still need the cache. No fix when the RUN ends in a
//! background `&` or does not parse.
//!
//! Same check as hadolint's `DL3060`.

use super::packages::{append_command, has_sub, is_run, position};
use super::util::has_cache_mount;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF160",
        name: "yarn-cache-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3060"],
        summary: "`yarn install` without `yarn cache clean` afterwards",
        source: include_str!("yarn_cache_not_cleaned.rs"),
    },
    check,
};

fn is_clean(cmd: &Command) -> bool {
    has_sub(cmd, &["yarn"], &["cache"]) && cmd.has_arg(|a| a == "clean")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if !is_run(ins)
            || has_cache_mount(
                ctx,
                idx,
                &[
                    "/usr/local/share/.cache/yarn",
                    "/root/.cache/yarn",
                    "/root/.yarn",
                ],
            )
        {
            continue;
        }
        let Some(script) = ctx.script(idx) else {
            continue;
        };
        let cmds = &script.commands;
        let Some(install) = position(cmds, |c| has_sub(c, &["yarn"], &["install"])) else {
            continue;
        };
        if cmds[install..].iter().any(is_clean) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE.meta,
            cmds[install].range.clone(),
            "the package cache stays in this layer: run `yarn cache clean` after installing, in the same RUN",
        );
        if let Some(edit) = append_command(ctx, idx, "yarn cache clean") {
            d = d.with_fix(Fix::safe("Append `yarn cache clean`", vec![edit]));
        }
        out.push(d);
    }
}
