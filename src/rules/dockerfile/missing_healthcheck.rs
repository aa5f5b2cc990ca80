//! # missing-healthcheck (DF157)
//!
//! ## What it does
//! Flags a file whose final stage has no `HEALTHCHECK` (nor inherits one
//! from an earlier stage it is built FROM). Opt-in, as in hadolint: select it
//! explicitly.
//!
//! ## Why is this bad?
//! Without a health check, Docker and Swarm only know whether the process
//! runs, not whether it serves.
//!
//! ## Example
//! ```dockerfile
//! FROM nginx:1.27
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM nginx:1.27
//! HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
//! ```
//!
//! ## Fix safety
//! No automatic fix: the probe depends on the service.
//!
//! Same check as hadolint's `DL3057`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF157",
        name: "missing-healthcheck",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3057"],
        summary: "Final stage without `HEALTHCHECK`",
        source: include_str!("missing_healthcheck.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let stages = ctx.stages();
    let Some(last) = stages.last() else { return };
    // Follow `FROM <earlier stage>` links: a HEALTHCHECK there is inherited.
    let mut stage = last;
    for _ in 0..stages.len() {
        let own = ctx.instructions()[stage.from..stage.end]
            .iter()
            .any(|i| i.keyword == "HEALTHCHECK");
        if own {
            return;
        }
        let parent = stage.image.as_ref().map(|(i, _)| i.to_ascii_lowercase());
        match stages
            .iter()
            .filter(|s| s.from < stage.from)
            .rev()
            .find(|s| s.name.is_some() && s.name == parent)
        {
            Some(p) => stage = p,
            None => break,
        }
    }
    let from = &ctx.instructions()[last.from];
    out.push(Diagnostic::new(
        &RULE.meta,
        from.keyword_range.clone(),
        "the final image has no `HEALTHCHECK`",
    ));
}
