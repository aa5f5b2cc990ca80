//! # hpa-target-without-cpu-request (KS005)
//!
//! ## What it does
//! Flags a HorizontalPodAutoscaler that scales on CPU utilisation when the
//! workload it targets (a Deployment, StatefulSet or ReplicaSet in the same
//! file) has a container without a CPU request. `autoscaling/v1` without a
//! target scales on 80% CPU by default, so it counts.
//!
//! ## Why is this bad?
//! Utilisation is usage divided by request. Without a request the HPA
//! reports `<unknown>` and never scales: the outage it was meant to absorb
//! happens anyway.
//!
//! ## Example
//! ```yaml
//! kind: HorizontalPodAutoscaler
//! spec:
//!   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
//!   metrics:
//!     - type: Resource
//!       resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
//! ---
//! kind: Deployment   # web, whose containers have no resources.requests.cpu
//! ```
//!
//! ## Use instead
//! Give every container of `web` a `resources.requests.cpu` (KS003's fix).
//!
//! ## Fix safety
//! No fix of its own: KS003 inserts the request in the workload.

use std::ops::Range;

use super::Summary;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::Value;
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS005",
    name: "hpa-target-without-cpu-request",
    kind: FileKind::Kubernetes,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "HPA on CPU targets a workload without CPU requests",
    source: include_str!("hpa_target_without_cpu_request.rs"),
};

/// For an HPA scaling on CPU utilisation: target kind, name, and the range
/// of the target's name.
pub fn hpa_cpu_target(root: &Value) -> Option<(String, String, Range<usize>)> {
    let spec = root.get("spec")?;
    let target = spec.get("scaleTargetRef")?;
    let kind = target.get_str("kind")?.to_string();
    let name_v = target.get("name").filter(|v| !v.templated)?;
    let name = name_v.as_str()?.to_string();
    let api = root.get_str("apiVersion").unwrap_or_default();
    let on_cpu = if api == "autoscaling/v1" {
        true
    } else {
        spec.get("metrics")
            .and_then(Value::as_seq)
            .is_some_and(|ms| {
                ms.iter().any(|m| {
                    m.get_str("type") == Some("Resource")
                        && m.path(&["resource", "name"]).and_then(Value::as_str) == Some("cpu")
                        && (m
                            .path(&["resource", "target", "type"])
                            .and_then(Value::as_str)
                            == Some("Utilization")
                            || m.path(&["resource", "targetAverageUtilization"]).is_some())
                })
            })
    };
    on_cpu.then_some((kind, name, name_v.range.clone()))
}

pub fn check_all(summaries: &[Summary], out: &mut Vec<Diagnostic>) {
    for hpa in summaries {
        let Some((kind, name, range)) = &hpa.hpa_cpu_target else {
            continue;
        };
        let target = summaries.iter().find(|s| {
            s.kind == *kind
                && s.name.as_deref() == Some(name)
                && s.template_labels.is_some()
                && (s.namespace.is_none()
                    || hpa.namespace.is_none()
                    || s.namespace == hpa.namespace)
        });
        let Some(target) = target else { continue };
        if target.all_request_cpu {
            continue;
        }
        let d = Diagnostic::new(
            &RULE,
            range.clone(),
            format!(
                "This HPA scales on CPU utilisation, but {kind} `{name}` has a container without a CPU request: the HPA cannot compute utilisation and will never scale"
            ),
        );
        if !super::ignored(&d, &hpa.ignores) {
            out.push(d);
        }
    }
}
