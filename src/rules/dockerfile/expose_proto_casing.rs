//! # expose-proto-casing (DF210)
//!
//! ## What it does
//! Flags an `EXPOSE` protocol written with upper-case letters
//! (`EXPOSE 53/UDP`).
//!
//! ## Why is this bad?
//! Protocols are lower case everywhere else (`docker run -p`, compose,
//! Kubernetes); BuildKit accepts the upper case but warns.
//!
//! ## Example
//! ```dockerfile
//! EXPOSE 8080/TCP
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! EXPOSE 8080/tcp
//! ```
//!
//! ## Fix safety
//! Safe: BuildKit lower-cases the protocol itself.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF210",
        name: "expose-proto-casing",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/ExposeProtoCasing"],
        summary: "`EXPOSE` protocol not in lower case",
        source: include_str!("expose_proto_casing.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "EXPOSE") {
        for (w, r) in words(ctx.text, ins.args_range.clone()) {
            let Some(slash) = w.rfind('/') else {
                continue;
            };
            let proto = &w[slash + 1..];
            if proto.contains('$') || proto == proto.to_ascii_lowercase() {
                continue;
            }
            let pr = r.start + slash + 1..r.end;
            let lower = proto.to_ascii_lowercase();
            out.push(
                Diagnostic::new(
                    &RULE.meta,
                    pr.clone(),
                    format!("protocol `{proto}` should be lower case"),
                )
                .with_fix(Fix::safe(
                    format!("Write `{lower}`"),
                    vec![Edit::replace(pr, lower.clone())],
                )),
            );
        }
    }
}
