//! # service-selector-no-match (KS050)
//!
//! ## What it does
//! In a file that defines both Services and workloads, flags a Service
//! whose `selector` matches the pod template labels of none of them.
//! Files without workloads are not checked: the pods live elsewhere.
//! Labels that controllers add to pods (`statefulset.kubernetes.io/pod-name`,
//! `pod-template-hash`, …) are left out of the comparison.
//!
//! ## Why is this bad?
//! The Service has no endpoints: every request to it is refused, usually
//! after a label was renamed on one side only.
//!
//! ## Example
//! ```yaml
//! kind: Service
//! spec:
//!   selector: {app: web}
//! ---
//! kind: Deployment
//! spec:
//!   template:
//!     metadata:
//!       labels: {app: webapp}
//! ```
//!
//! ## Use instead
//! Make the selector a subset of the pod template's labels.
//!
//! ## Fix safety
//! No fix: which side is wrong is not knowable from the text.

use super::Summary;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS050",
    name: "service-selector-no-match",
    kind: FileKind::Kubernetes,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &["kube-linter/dangling-service"],
    summary: "Service selector matches no pod template in the file",
    source: include_str!("service_selector_no_match.rs"),
};

/// Pod labels set by controllers, not by the pod template.
const CONTROLLER_LABELS: &[&str] = &[
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "controller-revision-hash",
    "pod-template-hash",
    "pod-template-generation",
    "batch.kubernetes.io/job-name",
    "batch.kubernetes.io/controller-uid",
    "job-name",
    "controller-uid",
];

pub fn check_all(summaries: &[Summary], out: &mut Vec<Diagnostic>) {
    let workloads: Vec<&Summary> = summaries
        .iter()
        .filter(|s| s.template_labels.is_some())
        .collect();
    if workloads.is_empty() {
        return;
    }
    for svc in summaries {
        let Some((selector, range)) = &svc.selector else {
            continue;
        };
        // Labels that controllers put on pods themselves never appear in a
        // template: a selector on them matches what the template has.
        let written: Vec<&(String, String)> = selector
            .iter()
            .filter(|(k, _)| !CONTROLLER_LABELS.contains(&k.as_str()))
            .collect();
        if written.is_empty() {
            continue;
        }
        let matched = workloads.iter().any(|w| {
            let labels = w.template_labels.as_deref().unwrap_or_default();
            (w.namespace.is_none() || svc.namespace.is_none() || w.namespace == svc.namespace)
                && written.iter().all(|kv| labels.contains(kv))
        });
        if matched {
            continue;
        }
        let wanted: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let d = Diagnostic::new(
            &RULE,
            range.clone(),
            format!(
                "Service `{}` selects `{}`, which no pod template in this file carries: it will have no endpoints",
                svc.name.as_deref().unwrap_or("?"),
                wanted.join(",")
            ),
        );
        if !super::ignored(&d, &svc.ignores) {
            out.push(d);
        }
    }
}
