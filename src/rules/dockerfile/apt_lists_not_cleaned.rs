//! # apt-lists-not-cleaned (DF012)
//!
//! ## What it does
//! Flags a RUN that runs `apt-get install` or `apt-get update` but does not
//! remove `/var/lib/apt/lists` in the same RUN (a cache mount on that path
//! counts as clean). A RUN that only updates, right before a RUN that
//! installs, is left to `apt-update-alone` (DF010).
//!
//! ## Why is this bad?
//! `apt-get update` downloads tens of MB of package lists. Left in the
//! layer, they ship in every image; removed in a *later* RUN, they still do,
//! because a later layer only hides files of an earlier one.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## Fix safety
//! Safe: appends `&& rm -rf /var/lib/apt/lists/*` after the last command of
//! the RUN (a line before the heredoc terminator for `RUN <<EOF`). Nothing
//! the image runs reads the lists; a later `apt-get install` without
//! `update` would already be broken by stale lists.

use super::util::{has_cache_mount, run_commands, subcommand};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF012",
        name: "apt-lists-not-cleaned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3009"],
        summary: "`apt-get install` without removing `/var/lib/apt/lists` in the same RUN",
        source: include_str!("apt_lists_not_cleaned.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

/// Does the RUN at `idx` remove the apt lists?
pub fn cleans_lists(ctx: &Context, idx: usize) -> bool {
    ctx.script(idx).is_some_and(|s| {
        s.commands.iter().any(|c| {
            (c.program() == "rm" && c.has_arg(|a| a.starts_with("/var/lib/apt/lists")))
                || (c.program() == "find" && c.has_arg(|a| a.starts_with("/var/lib/apt/lists")))
        })
    })
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    for (idx, cmd) in run_commands(ctx) {
        let apt = |subs: &[&str]| subcommand(cmd, &["apt-get", "apt"], subs).is_some();
        if !(apt(&["install"]) || apt(&["update"])) || seen.contains(&idx) {
            continue;
        }
        seen.push(idx);
        if cleans_lists(ctx, idx) || has_cache_mount(ctx, idx, &["/var/lib/apt"]) {
            continue;
        }
        let installs = ctx.script(idx).is_some_and(|s| {
            s.commands
                .iter()
                .any(|c| subcommand(c, &["apt-get", "apt"], &["install"]).is_some())
        });
        // `RUN apt-get update` followed by an installing RUN is
        // apt-update-alone's finding; the fix belongs there.
        if !installs && next_run_installs(ctx, idx) {
            continue;
        }
        let ins = &ctx.instructions()[idx];
        let what = if installs {
            "installs packages"
        } else {
            "runs `apt-get update`"
        };
        let diag = Diagnostic::new(
            &RULE.meta,
            ins.range.start..ins.args_range.end,
            format!("this RUN {what} but leaves /var/lib/apt/lists in the layer"),
        );
        let fix = fix_for(ctx, idx);
        out.push(match fix {
            Some(f) => diag.with_fix(f),
            None => diag,
        });
    }
}

fn next_run_installs(ctx: &Context, idx: usize) -> bool {
    ctx.instructions()
        .get(idx + 1)
        .is_some_and(|next| next.keyword == "RUN")
        && ctx.script(idx + 1).is_some_and(|s| {
            s.commands
                .iter()
                .any(|c| subcommand(c, &["apt-get", "apt"], &["install"]).is_some())
        })
}

fn fix_for(ctx: &Context, idx: usize) -> Option<Fix> {
    let ins = &ctx.instructions()[idx];
    let script = ctx.script(idx)?;
    if script.has_error {
        return None;
    }
    const TITLE: &str = "Remove /var/lib/apt/lists in the same RUN";
    if let Some(h) = ins
        .heredocs
        .first()
        .filter(|h| h.marker_range.start == ins.args_range.start)
    {
        // Script in a heredoc body: add a line before the terminator.
        let indent = if h.strip_tabs { "\t" } else { "" };
        return Some(Fix::safe(
            TITLE,
            vec![Edit::insert(
                h.body_range.end,
                format!("{indent}rm -rf /var/lib/apt/lists/*{}", ctx.newline),
            )],
        ));
    }
    if !ins.heredocs.is_empty() {
        return None;
    }
    let end = script.last_statement_end?;
    // A trailing `&` backgrounds the last command: appending would change it.
    if script.operators.last().is_some_and(|o| o == "&") {
        return None;
    }
    Some(Fix::safe(
        TITLE,
        vec![Edit::insert(end, " && rm -rf /var/lib/apt/lists/*")],
    ))
}
