//! # service-selector-no-match (KS050)
//!
//! ## What it does
//! In a file that defines both Services and workloads, flags a Service
//! whose `selector` matches the pod template labels of none of them.
//! Files without workloads are not checked: the pods live elsewhere.
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
        let matched = workloads.iter().any(|w| {
            let labels = w.template_labels.as_deref().unwrap_or_default();
            (w.namespace.is_none() || svc.namespace.is_none() || w.namespace == svc.namespace)
                && selector.iter().all(|kv| labels.contains(kv))
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
