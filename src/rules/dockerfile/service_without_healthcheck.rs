//! # service-without-healthcheck (DF306)
//!
//! ## What it does
//! Reports a final stage that `EXPOSE`s a port (a service) but has no
//! `HEALTHCHECK`, neither in the stage nor in an earlier stage of this
//! file it builds on.
//!
//! ## Why is this bad?
//! Without a health check, Docker and compose (`depends_on: condition:
//! service_healthy`) only know that the process is alive, not that it
//! answers: a hung server keeps receiving traffic. Kubernetes ignores
//! `HEALTHCHECK` (it uses probes), so this is only information.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! EXPOSE 8080
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! EXPOSE 8080
//! HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
//!   CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8080/health')"
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Fix safety
//! No fix: the health endpoint and the tool to query it depend on the app.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF306",
        name: "service-without-healthcheck",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &[],
        summary: "Service image without a `HEALTHCHECK`",
        source: include_str!("service_without_healthcheck.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let stages = ctx.stages();
    let Some(last) = stages.last() else {
        return;
    };
    // The chain of stages the final one builds on, within this file.
    let mut chain = vec![last];
    let mut current = last;
    while let Some((image, _)) = &current.image {
        let image = image.to_ascii_lowercase();
        match stages[..stages.len() - 1]
            .iter()
            .rev()
            .find(|s| s.name.as_deref() == Some(image.as_str()))
        {
            Some(parent) if !chain.iter().any(|c| c.from == parent.from) => {
                chain.push(parent);
                current = parent;
            }
            _ => break,
        }
    }
    let ins = ctx.instructions();
    let has = |kw: &str| {
        chain
            .iter()
            .any(|s| ins[s.from..s.end].iter().any(|i| i.keyword == kw))
    };
    if has("HEALTHCHECK") || !has("EXPOSE") {
        return;
    }
    let from = &ins[last.from];
    out.push(Diagnostic::new(
        &RULE.meta,
        from.range.start..from.args_range.end,
        "this service image has no HEALTHCHECK: Docker cannot tell a hung server from a healthy one",
    ));
}
