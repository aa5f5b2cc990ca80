//! # missing-readiness-probe (KS030)
//!
//! ## What it does
//! Flags a container of a long-running workload (not a Job or CronJob,
//! not an init container) without a `readinessProbe`.
//!
//! ## Why is this bad?
//! Without one, a pod receives traffic the moment its process starts —
//! before it has connected to its database or warmed its caches — and
//! keeps receiving it while it is overloaded. Rolling updates then cause
//! errors every time.
//!
//! ## Example
//! ```yaml
//! containers:
//!   - name: api
//!     image: api:1.4.0
//! ```
//!
//! ## Use instead
//! ```yaml
//! containers:
//!   - name: api
//!     image: api:1.4.0
//!     readinessProbe:
//!       httpGet: {path: /ready, port: 8080}
//! ```
//!
//! ## Fix safety
//! No fix: only the app knows what "ready" means and on which port.

use super::util::at_container;
use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS030",
    name: "missing-readiness-probe",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    aliases: &[
        "kube-linter/no-readiness-probe",
        "checkov/CKV_K8S_9",
        "polaris/readinessProbeMissing",
    ],
    summary: "Container without a readiness probe",
    source: include_str!("missing_readiness_probe.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    probe_check(
        cx,
        out,
        &RULE,
        "readinessProbe",
        "gets traffic before it is ready",
    );
}

pub fn probe_check(
    cx: &DocContext,
    out: &mut Vec<Diagnostic>,
    rule: &'static RuleMeta,
    key: &str,
    why: &str,
) {
    if cx.object.is_batch() {
        return;
    }
    for c in cx.object.app_containers() {
        if cx.keys_unknown(c) {
            continue;
        }
        if c.value.templated || c.value.get(key).is_some() {
            continue;
        }
        out.push(at_container(
            rule,
            c,
            None,
            format!(
                "{} has no `{key}`: it {why}",
                super::missing_resources::capitalize(&c.label())
            ),
        ));
    }
}
