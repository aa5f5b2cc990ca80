//! # latest-tag (KS001)
//!
//! ## What it does
//! Flags a container image (in any workload, init containers included, and
//! `image.tag` / `image:` in Helm `values.yaml`) that has no tag or the
//! `:latest` tag and no digest.
//!
//! ## Why is this bad?
//! `:latest` is whatever was pushed last. Two nodes can run different code
//! under the same manifest, a rollback rolls back nothing, and the default
//! `imagePullPolicy` for `:latest` is `Always`, so every pod start depends
//! on the registry being up.
//!
//! ## Example
//! ```yaml
//! containers:
//!   - name: web
//!     image: nginx
//! ```
//!
//! ## Use instead
//! ```yaml
//! containers:
//!   - name: web
//!     image: nginx:1.27.2
//! ```
//!
//! ## Fix safety
//! No fix here: which version to pin is the registry's answer, not a text
//! edit. `dfix --write --pin-digests` resolves tags to digests. Images
//! written with a template (`{{ … }}`) or a variable (`$TAG`) are not
//! checked.

use super::util::at_container;
use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS001",
    name: "latest-tag",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    aliases: &[
        "kube-linter/latest-tag",
        "checkov/CKV_K8S_14",
        "polaris/tagNotSpecified",
    ],
    summary: "Image without a tag or with `:latest`",
    source: include_str!("latest_tag.rs"),
};

/// What is wrong with an image reference's tag, if anything.
pub fn tag_problem(image: &str) -> Option<&'static str> {
    let image = image.trim();
    if image.is_empty() || image.contains('$') || image.contains("{{") || image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => Some("has no tag, which means `:latest`"),
        Some((_, "latest")) => Some("uses the `:latest` tag"),
        Some((_, "")) => Some("has an empty tag"),
        _ => None,
    }
}

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(v) = c.value.get("image") else {
            continue;
        };
        if v.templated {
            continue;
        }
        let Some(image) = v.as_str() else { continue };
        if let Some(problem) = tag_problem(image) {
            out.push(at_container(
                &RULE,
                c,
                Some(v),
                format!(
                    "Image `{image}` of {} {problem}: every pull may bring different code; pin a version tag or a digest",
                    c.label()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tag_problem;

    #[test]
    fn tags() {
        assert!(tag_problem("nginx").is_some());
        assert!(tag_problem("nginx:latest").is_some());
        assert!(tag_problem("localhost:5000/app").is_some());
        assert!(tag_problem("localhost:5000/app:1.2").is_none());
        assert!(tag_problem("nginx@sha256:abc").is_none());
        assert!(tag_problem("repo/app:${TAG}").is_none());
    }
}
