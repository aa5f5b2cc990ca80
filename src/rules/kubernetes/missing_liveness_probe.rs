//! # missing-liveness-probe (KS031)
//!
//! ## What it does
//! Flags a container of a long-running workload (not a Job or CronJob,
//! not an init container) without a `livenessProbe`.
//!
//! ## Why is this bad?
//! A process that deadlocks or stops serving without exiting stays in
//! service forever: nothing restarts it.
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
//!     livenessProbe:
//!       httpGet: {path: /healthz, port: 8080}
//!       periodSeconds: 10
//!       failureThreshold: 3
//! ```
//!
//! ## Fix safety
//! No fix: the endpoint and its timings are the app's to choose.

use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS031",
    name: "missing-liveness-probe",
    kind: FileKind::Kubernetes,
    severity: Severity::Info,
    fix: FixAvailability::Never,
    aliases: &[
        "kube-linter/no-liveness-probe",
        "checkov/CKV_K8S_8",
        "polaris/livenessProbeMissing",
    ],
    summary: "Container without a liveness probe",
    source: include_str!("missing_liveness_probe.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    super::missing_readiness_probe::probe_check(
        cx,
        out,
        &RULE,
        "livenessProbe",
        "is never restarted when it hangs",
    );
}
