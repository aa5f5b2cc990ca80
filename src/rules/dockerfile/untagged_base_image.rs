//! # untagged-base-image (DF001)
//!
//! ## What it does
//! Flags a `FROM` whose image has no tag or the `latest` tag, also when the
//! image comes from an `ARG` default. `scratch` and earlier stage names are
//! not images and are never flagged; neither is an image pinned by digest.
//!
//! ## Why is this bad?
//! `latest` moves. A rebuild six months later silently picks up a new
//! distribution release, a new OpenSSL, a new libc — and the build succeeds
//! while the service fails at runtime (`GLIBC_2.34 not found`). Builds stop
//! being reproducible and rollbacks stop rolling back.
//!
//! ## Example
//! ```dockerfile
//! FROM python:latest
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.11.9-slim-bookworm
//! ```
//!
//! ## Fix safety
//! No automatic fix yet: which version to pin is the author's choice. Digest
//! pinning (`--pin-digests`) resolves the tag through the registry.

use super::util::{substitute, ImageRef};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF001",
        name: "untagged-base-image",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3006", "hadolint/DL3007"],
        summary: "Base image without a tag or with `latest`",
        source: include_str!("untagged_base_image.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let args = ctx.global_args();
    let mut earlier_stages: Vec<String> = Vec::new();
    for stage in ctx.stages() {
        let Some((image, range)) = stage.image.clone() else {
            continue;
        };
        let resolved = if image.contains('$') {
            match substitute(&image, &args) {
                Some(v) => v,
                None => {
                    push_stage(&mut earlier_stages, stage.name.as_deref());
                    continue;
                }
            }
        } else {
            image.clone()
        };
        let lower = resolved.to_ascii_lowercase();
        if lower == "scratch" || earlier_stages.contains(&lower) || resolved.is_empty() {
            push_stage(&mut earlier_stages, stage.name.as_deref());
            continue;
        }
        let r = ImageRef::parse(&resolved);
        let via = if resolved != image {
            format!(" (`{image}` resolves to `{resolved}` through its ARG default)")
        } else {
            String::new()
        };
        if r.digest.is_none() {
            match r.tag.as_deref() {
                None => out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!(
                        "`{}` has no tag, so it means `latest`{via}: pin a version tag so rebuilds are reproducible",
                        r.name
                    ),
                )),
                Some(t) if t.eq_ignore_ascii_case("latest") => out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!("`{resolved}` uses the moving `latest` tag{via}: pin a version tag so rebuilds are reproducible"),
                )),
                _ => {}
            }
        }
        push_stage(&mut earlier_stages, stage.name.as_deref());
    }
}

fn push_stage(stages: &mut Vec<String>, name: Option<&str>) {
    if let Some(n) = name {
        stages.push(n.to_ascii_lowercase());
    }
}
