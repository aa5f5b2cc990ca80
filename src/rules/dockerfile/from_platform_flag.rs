//! # from-platform-flag (DF129)
//!
//! ## What it does
//! Flags `FROM --platform=<value>` unless the value follows the build
//! (`$BUILDPLATFORM`) or the target (`$TARGETPLATFORM`) platform.
//! `--platform=linux/$ARCH` is flagged too: it still pins the OS and hides
//! the platform from `docker build --platform`.
//!
//! ## Why is this bad?
//! A hard-coded platform builds an image for one architecture no matter
//! what `docker build --platform` asks for: multi-platform builds silently
//! ship the wrong binaries (or run them emulated).
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=linux/amd64 debian:bookworm
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM --platform=$BUILDPLATFORM debian:bookworm
//! ```
//!
//! ## Fix safety
//! No automatic fix: whether the stage should follow the build or the target
//! platform is the author's choice.
//!
//! Same check as hadolint's `DL3029` and BuildKit's
//! `FromPlatformFlagConstDisallowed`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF129",
        name: "from-platform-flag",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &[
            "hadolint/DL3029",
            "buildkit/FromPlatformFlagConstDisallowed",
        ],
        summary: "`FROM --platform` with a fixed value",
        source: include_str!("from_platform_flag.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "FROM" {
            continue;
        }
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        let v = flag.value.as_deref().unwrap_or("");
        if !(v.contains("BUILDPLATFORM") || v.contains("TARGETPLATFORM")) {
            out.push(Diagnostic::new(
                &RULE.meta,
                flag.range.clone(),
                format!(
                    "`--platform={v}` pins the stage to one platform whatever the build targets"
                ),
            ));
        }
    }
}
