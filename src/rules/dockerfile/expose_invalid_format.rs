//! # expose-invalid-format (DF211)
//!
//! ## What it does
//! Flags an `EXPOSE` port with an IP address or a host-port mapping
//! (`EXPOSE 127.0.0.1:80:80`, `EXPOSE 8080:80`).
//!
//! ## Why is this bad?
//! `EXPOSE` documents the container's ports; publishing them on the host is
//! decided at run time (`docker run -p`). BuildKit drops the host part and
//! warns that it will become an error.
//!
//! ## Example
//! ```dockerfile
//! EXPOSE 8080:80/tcp
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! EXPOSE 80/tcp
//! ```
//!
//! ## Fix safety
//! Safe: only the container port (and protocol) is kept, which is all that
//! BuildKit records in the image anyway.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF211",
        name: "expose-invalid-format",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/ExposeInvalidFormat"],
        summary: "`EXPOSE` with an IP address or a host port",
        source: include_str!("expose_invalid_format.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "EXPOSE") {
        for (w, r) in words(ctx.text, ins.args_range.clone()) {
            if w.contains('$') || w.starts_with(['"', '\'']) {
                continue;
            }
            let (spec, proto) = match w.rfind('/') {
                Some(p) => (&w[..p], &w[p..]),
                None => (w, ""),
            };
            let Some(colon) = spec.rfind(':') else {
                continue;
            };
            let container = &spec[colon + 1..];
            if container.is_empty() {
                continue;
            }
            let what = if spec.matches(':').count() >= 2 || spec.contains('.') || spec.contains('[')
            {
                "an IP address"
            } else {
                "a host port"
            };
            let keep = format!("{container}{proto}");
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    r.clone(),
                    format!("`EXPOSE {w}` names {what}: EXPOSE takes only the container port"),
                )
                .with_fix(Fix::safe(
                    format!("Write `{keep}`"),
                    vec![Edit::replace(r, keep.clone())],
                )),
            );
        }
    }
}
