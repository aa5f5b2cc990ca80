//! # image-pull-policy-always (KS002)
//!
//! ## What it does
//! Flags `imagePullPolicy: Always` on a container whose image is pinned to a
//! version tag or a digest. Configurable: `allow_pull_policy_always` in the
//! Kubernetes settings turns it off.
//!
//! ## Why is this bad?
//! With a pinned image, `Always` buys nothing but a registry round-trip on
//! every pod start: slower scale-ups, and pods that cannot start while the
//! registry (or Docker Hub's rate limit) says no.
//!
//! ## Example
//! ```yaml
//! image: nginx:1.27.2
//! imagePullPolicy: Always
//! ```
//!
//! ## Use instead
//! ```yaml
//! image: nginx:1.27.2
//! imagePullPolicy: IfNotPresent
//! ```
//!
//! ## Fix safety
//! Safe when the image is pinned by digest (the content cannot change).
//! Unsafe for a tag: someone may re-push the tag and rely on `Always` to
//! pick it up. The quoting of the value is kept.

use super::latest_tag::tag_problem;
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::replace_scalar;
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS002",
    name: "image-pull-policy-always",
    kind: FileKind::Kubernetes,
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "`imagePullPolicy: Always` on a pinned image",
    source: include_str!("image_pull_policy_always.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.config.allow_pull_policy_always {
        return;
    }
    for c in &cx.object.containers {
        let Some(policy) = c.value.get("imagePullPolicy") else {
            continue;
        };
        if policy.as_str() != Some("Always") {
            continue;
        }
        let Some(image) = c.value.get("image").filter(|v| !v.templated) else {
            continue;
        };
        let Some(name) = image.as_str() else { continue };
        if name.contains('$') || tag_problem(name).is_some() {
            continue;
        }
        let applicability = if name.contains("@sha256:") {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        let mut d = Diagnostic::new(
            &RULE,
            policy.range.clone(),
            format!(
                "`imagePullPolicy: Always` on pinned image `{name}` ({}): every pod start waits on the registry for nothing",
                c.label()
            ),
        );
        if let Some(edit) = replace_scalar(policy, "IfNotPresent") {
            d = d.with_fix(Fix::new(
                format!(
                    "Set imagePullPolicy: IfNotPresent at {}.imagePullPolicy",
                    c.path
                ),
                applicability,
                vec![edit],
            ));
        }
        out.push(d);
    }
}
