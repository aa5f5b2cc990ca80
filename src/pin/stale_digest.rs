//! # stale-image-digest (DF061, KS061, DC061)
//!
//! ## What it does
//! With `--pin-digests`, checks every `image:tag@sha256:…` against what the
//! tag resolves to now, and every digest-only `image@sha256:…` against the
//! registry: flags a digest the tag has moved away from (stale) and one the
//! registry no longer holds (deleted or garbage-collected).
//!
//! ## Why is this bad?
//! A stale pin silently misses the security fixes the tag has received since
//! it was written — the tag in the file suggests you run what it names, but
//! you run an older image. A digest the registry dropped breaks every new
//! pull, typically at the worst moment (a node replacement, a scale-up).
//!
//! ## Example
//! ```dockerfile
//! FROM nginx:1.27@sha256:<digest of last year's 1.27 build>
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM nginx:1.27@sha256:<digest 1.27 resolves to today>
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe`): replacing the digest changes the image that runs.
//! A digest the registry no longer holds has no automatic fix.

use crate::engine::Severity;
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static DOCKERFILE: RuleMeta = RuleMeta {
    code: "DF061",
    name: "stale-image-digest",
    kind: FileKind::Dockerfile,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "Pinned digest is stale or gone (with --pin-digests)",
    source: include_str!("stale_digest.rs"),
};

pub static KUBERNETES: RuleMeta = RuleMeta {
    code: "KS061",
    name: "k8s-stale-image-digest",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "Pinned container image digest is stale or gone (with --pin-digests)",
    source: include_str!("stale_digest.rs"),
};

pub static COMPOSE: RuleMeta = RuleMeta {
    code: "DC061",
    name: "compose-stale-image-digest",
    kind: FileKind::Compose,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "Pinned service image digest is stale or gone (with --pin-digests)",
    source: include_str!("stale_digest.rs"),
};
