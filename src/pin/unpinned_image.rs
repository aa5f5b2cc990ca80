//! # image-not-pinned-to-digest (DF060, KS060, DC060)
//!
//! ## What it does
//! With `--pin-digests`, resolves every image reference — Dockerfile
//! `FROM` (and the `ARG` default that feeds one), Kubernetes `image:`,
//! compose `image:` — through its registry and flags the ones without a
//! digest. Nothing is reported without `--pin-digests`: diagnostics never
//! need the network.
//!
//! ## Why is this bad?
//! A tag is a pointer the publisher can move at any time. Two builds (or two
//! nodes pulling the same Deployment) can get different images under the
//! same name, and a compromised or careless push reaches production without
//! any change on your side. A digest names exactly one image.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim@sha256:<digest of the index the tag names today>
//! ```
//!
//! ## Fix safety
//! Safe: the digest written is the one the tag resolves to now (the digest
//! of the multi-arch index when there is one, so every platform keeps
//! working), and the tag stays for readers. The digest is checked against
//! the sha256 of the manifest the registry returned.

use crate::engine::Severity;
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static DOCKERFILE: RuleMeta = RuleMeta {
    code: "DF060",
    name: "image-not-pinned-to-digest",
    kind: FileKind::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Always,
    aliases: &[],
    summary: "Base image not pinned to a digest (with --pin-digests)",
    source: include_str!("unpinned_image.rs"),
};

pub static KUBERNETES: RuleMeta = RuleMeta {
    code: "KS060",
    name: "k8s-image-not-pinned-to-digest",
    kind: FileKind::Kubernetes,
    severity: Severity::Info,
    fix: FixAvailability::Always,
    aliases: &[],
    summary: "Container image not pinned to a digest (with --pin-digests)",
    source: include_str!("unpinned_image.rs"),
};

pub static COMPOSE: RuleMeta = RuleMeta {
    code: "DC060",
    name: "compose-image-not-pinned-to-digest",
    kind: FileKind::Compose,
    severity: Severity::Info,
    fix: FixAvailability::Always,
    aliases: &[],
    summary: "Service image not pinned to a digest (with --pin-digests)",
    source: include_str!("unpinned_image.rs"),
};
