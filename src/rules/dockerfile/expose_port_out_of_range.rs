//! # expose-port-out-of-range (DF111)
//!
//! ## What it does
//! Flags an `EXPOSE` port (or port range) above 65535.
//!
//! ## Why is this bad?
//! Ports are 16-bit: the build fails or the port is silently unusable.
//!
//! ## Example
//! ```dockerfile
//! EXPOSE 80800
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! EXPOSE 8080
//! ```
//!
//! ## Fix safety
//! No automatic fix: the intended port is unknown.
//!
//! Same check as hadolint's `DL3011`.

use super::packages::ins_args;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF111",
        name: "expose-port-out-of-range",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3011"],
        summary: "`EXPOSE` port outside 0–65535",
        source: include_str!("expose_port_out_of_range.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "EXPOSE" {
            continue;
        }
        for (w, range) in ins_args(ctx, idx) {
            let port = w.split('/').next().unwrap_or("");
            let bad = port.split('-').any(|p| {
                !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_digit())
                    && p.parse::<u64>().map_or(true, |n| n > 65535)
            });
            if bad {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!("port `{w}` is outside the valid range 0-65535"),
                ));
            }
        }
    }
}
