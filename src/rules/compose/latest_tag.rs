//! # compose-latest-tag (DC001)
//!
//! ## What it does
//! Flags a service `image` without a tag or with `:latest` (and no digest).
//! Services that also have `build:` are skipped: there `image` names what
//! the build produces.
//!
//! ## Why is this bad?
//! `docker compose pull` brings whatever was pushed last: the stack that
//! worked yesterday may not start today, and nobody can tell which version
//! ran.
//!
//! ## Example
//! ```yaml
//! services:
//!   db:
//!     image: postgres
//! ```
//!
//! ## Use instead
//! ```yaml
//! services:
//!   db:
//!     image: postgres:16.4
//! ```
//!
//! ## Fix safety
//! No fix: the version to pin comes from the registry
//! (`dfix --write --pin-digests`). Images using `${VARIABLES}` are not
//! checked.

use super::ComposeContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::kubernetes::latest_tag::tag_problem;
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC001",
    name: "compose-latest-tag",
    kind: FileKind::Compose,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "Service image without a tag or with `:latest`",
    source: include_str!("latest_tag.rs"),
};

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        if s.value.get("build").is_some() {
            continue;
        }
        let Some(v) = s.value.get("image") else {
            continue;
        };
        let Some(image) = v.as_str() else { continue };
        if let Some(p) = tag_problem(image) {
            out.push(Diagnostic::new(
                &RULE,
                v.range.clone(),
                format!("Image `{image}` of service `{}` {p}: every pull may bring different code; pin a version tag", s.name),
            ));
        }
    }
}
