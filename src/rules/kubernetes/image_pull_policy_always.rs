//! # image-pull-policy-always (KS002)
//!
//! ## What it does
//! Flags `imagePullPolicy: Always` on a container whose image is pinned to a
//! version tag or a digest. Configurable either way with
//! `image_pull_policy` in the Kubernetes settings: `"if-not-present"` (the
//! default, described here), `"always"` (flag pinned images whose policy is
//! not `Always`, for clusters that rely on the pull to re-check registry
//! credentials; the fix sets or inserts `imagePullPolicy: Always` after
//! `image`, unsafe), or `"any"` (silent).
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
use crate::engine::{Applicability, Diagnostic, Fix, PullPolicyPreference, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{insert_missing, replace_scalar, Gen, Value};
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
    match cx.config.image_pull_policy {
        PullPolicyPreference::Any => {}
        PullPolicyPreference::IfNotPresent => check_if_not_present(cx, out),
        PullPolicyPreference::Always => check_always(cx, out),
    }
}

/// The container's image when it is pinned (a version tag or a digest).
fn pinned_image<'a>(c: &super::Container<'a>) -> Option<&'a Value> {
    let image = c.value.get("image").filter(|v| !v.templated)?;
    let name = image.as_str()?;
    (!name.contains('$') && tag_problem(name).is_none()).then_some(image)
}

fn check_if_not_present(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(policy) = c.value.get("imagePullPolicy") else {
            continue;
        };
        if policy.as_str() != Some("Always") {
            continue;
        }
        let Some(name) = pinned_image(c).and_then(Value::as_str) else {
            continue;
        };
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

fn check_always(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(image) = pinned_image(c) else {
            continue;
        };
        let policy = c.value.get("imagePullPolicy");
        if policy.is_some_and(|p| p.as_str() == Some("Always") || p.templated) {
            continue;
        }
        let title = format!("Set imagePullPolicy: Always at {}.imagePullPolicy", c.path);
        let mut d = Diagnostic::new(
            &RULE,
            policy.unwrap_or(image).range.clone(),
            format!(
                "Pinned image of {} is not pulled on every start (`imagePullPolicy: Always` is the configured policy)",
                c.label()
            ),
        );
        let fix = match policy {
            Some(p) => replace_scalar(p, "Always").map(|e| Fix::unsafe_(title, vec![e])),
            None => insert_missing(
                cx.text,
                cx.style(),
                c.value,
                &Gen::map(vec![("imagePullPolicy", Gen::str("Always"))]),
                &["image"],
            )
            .filter(|e| !e.is_empty())
            .map(|e| Fix::unsafe_(title, e)),
        };
        if let Some(f) = fix {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}
