//! # apt-install-recommends (DF013)
//!
//! ## What it does
//! Flags `apt-get install` without `--no-install-recommends`.
//!
//! ## Why is this bad?
//! Recommended packages are pulled in by default: documentation, X11
//! libraries, compilers "just in case". They bloat the image (hundreds of MB
//! are common), slow every pull during a scale-up and widen the attack
//! surface.
//!
//! ## Example
//! ```dockerfile
//! RUN apt-get update && apt-get install -y python3-pip
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apt-get update && apt-get install -y --no-install-recommends python3-pip
//! ```
//!
//! ## Fix safety
//! Unsafe: a program may rely on a package that was only recommended.

use super::util::{insert_after, run_commands, subcommand};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF013",
        name: "apt-install-recommends",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3015"],
        summary: "`apt-get install` without `--no-install-recommends`",
        source: include_str!("apt_install_recommends.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        let Some(install) = subcommand(cmd, &["apt-get"], &["install"]) else {
            continue;
        };
        let off = cmd.has_arg(|a| {
            a == "--no-install-recommends"
                || a.contains("Install-Recommends=false")
                || a.contains("Install-Recommends=0")
                || a.contains("Install-Recommends=\"false\"")
        });
        if off {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                "`apt-get install` without `--no-install-recommends` also installs every recommended package",
            )
            .with_fix(Fix::unsafe_(
                "Add `--no-install-recommends`",
                vec![insert_after(install, "--no-install-recommends")],
            )),
        );
    }
}
