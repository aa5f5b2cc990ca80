//! # apt-update-alone (DF010)
//!
//! ## What it does
//! Flags a RUN that only runs `apt-get update` when the RUN right after it
//! installs packages.
//!
//! ## Why is this bad?
//! Each RUN is a cached layer. The update layer is reused for months while
//! the install layer is rebuilt: installs then fetch package versions that
//! the stale lists name and that the mirror no longer has (404), or miss
//! security updates. The lists also stay in the image.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update
//! RUN apt-get install -y curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y curl
//! ```
//!
//! ## Fix safety
//! Safe: joins the two RUNs with `&&` when nothing but whitespace separates
//! them, neither has flags or heredocs, and the install RUN has no `;` or
//! `||` at its top level (so a failed update still fails the build).

use super::util::subcommand;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF010",
        name: "apt-update-alone",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["checkov/CKV_DOCKER_5", "hadolint/DL3009"],
        summary: "`apt-get update` in a RUN of its own",
        source: include_str!("apt_update_alone.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let ins = ctx.instructions();
    for idx in 0..ins.len().saturating_sub(1) {
        if ins[idx].keyword != "RUN" {
            continue;
        }
        let Some(script) = ctx.script(idx) else {
            continue;
        };
        let only_update = !script.commands.is_empty()
            && script
                .commands
                .iter()
                .all(|c| subcommand(c, &["apt-get", "apt"], &["update"]).is_some());
        if !only_update {
            continue;
        }
        let next = &ins[idx + 1];
        if next.keyword != "RUN" {
            continue;
        }
        let Some(next_script) = ctx.script(idx + 1) else {
            continue;
        };
        let installs = next_script.commands.iter().any(|c| {
            subcommand(
                c,
                &["apt-get", "apt"],
                &["install", "upgrade", "dist-upgrade"],
            )
            .is_some()
        });
        if !installs {
            continue;
        }
        let diag = Diagnostic::new(
            &RULE.meta,
            ins[idx].range.clone(),
            "`apt-get update` in its own RUN is cached apart from the install that needs it: the lists go stale",
        );
        let this = &ins[idx];
        let gap_start = this.args_content_end(ctx.text, ctx.df.escape);
        let gap = &ctx.text[gap_start..next.args_range.start.min(ctx.text.len())];
        let gap_is_plain = gap_start <= next.range.start
            && ctx.text[gap_start..next.range.start].trim().is_empty()
            && !gap.contains('#');
        let mergeable = gap_is_plain
            && this.flags.is_empty()
            && next.flags.is_empty()
            && this.heredocs.is_empty()
            && next.heredocs.is_empty()
            && !script.has_error
            && !next_script.has_error
            && !script.operators.iter().any(|o| o == "&")
            && !next_script
                .operators
                .iter()
                .any(|o| matches!(o.as_str(), ";" | "||" | "&"));
        if mergeable {
            out.push(diag.with_fix(Fix::safe(
                "Join with the next RUN: `apt-get update && …`",
                vec![Edit::replace(gap_start..next.args_range.start, " && ")],
            )));
        } else {
            out.push(diag);
        }
    }
}
