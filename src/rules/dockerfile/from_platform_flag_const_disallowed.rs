//! # from-platform-flag-const-disallowed (DF213)
//!
//! ## What it does
//! Flags `FROM --platform=linux/amd64 …` with a constant platform, unless
//! the stage name mentions that platform's OS or architecture (a stage
//! deliberately built for one platform, e.g. `AS build-amd64`).
//!
//! ## Why is this bad?
//! A constant platform pins the stage to one architecture: the image runs
//! under emulation (slowly) or not at all on others, and multi-platform
//! builds silently produce the same binary for every target.
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=linux/amd64 golang:1.22 AS build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM --platform=$BUILDPLATFORM golang:1.22 AS build
//! ARG TARGETOS TARGETARCH
//! RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
//! ```
//!
//! ## Fix safety
//! No fix: building for `$BUILDPLATFORM` needs a cross-compiling build
//! step, which only the author can write.

use super::util::from_as;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF213",
        name: "from-platform-flag-const-disallowed",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["buildkit/FromPlatformFlagConstDisallowed"],
        summary: "`FROM --platform` with a constant value",
        source: include_str!("from_platform_flag_const_disallowed.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "FROM") {
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        let Some(value) = flag.value.as_deref() else {
            continue;
        };
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        if value.is_empty() || value.contains('$') {
            continue;
        }
        let stage = from_as(ctx, ins).map(|(_, (n, _))| n.to_ascii_lowercase());
        let mentioned = stage.is_some_and(|s| {
            value
                .split('/')
                .any(|part| !part.is_empty() && s.contains(&part.to_ascii_lowercase()))
        });
        if mentioned {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE.meta,
            flag.range.clone(),
            format!(
                "`--platform={value}` pins this stage to one platform; use `$BUILDPLATFORM` or `$TARGETPLATFORM`"
            ),
        ));
    }
}
