//! # memory-limit-equals-request (KS004)
//!
//! ## What it does
//! Flags a container whose memory limit equals its memory request, unless
//! its CPU limit also equals its CPU request (the `Guaranteed` QoS class,
//! which is a deliberate choice).
//!
//! ## Why is this bad?
//! The request is what the process normally uses. With no headroom above
//! it, a garbage-collection spike, a burst of requests or a cache warm-up
//! crosses the limit and the kernel OOM-kills the container.
//!
//! ## Example
//! ```yaml
//! resources:
//!   requests: {cpu: 250m, memory: 512Mi}
//!   limits: {memory: 512Mi}
//! ```
//!
//! ## Use instead
//! ```yaml
//! resources:
//!   requests: {cpu: 250m, memory: 512Mi}
//!   limits: {memory: 768Mi}
//! ```
//!
//! ## Fix safety
//! No fix: the right headroom depends on the application's memory profile.

use super::missing_resources::quantity;
use super::util::at_container;
use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::Value;
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS004",
    name: "memory-limit-equals-request",
    kind: FileKind::Kubernetes,
    severity: Severity::Info,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "Memory limit equal to the request: no headroom",
    source: include_str!("memory_limit_equals_request.rs"),
};

fn q(res: &Value, p: &[&str]) -> Option<f64> {
    quantity(res.path(p)?.as_str()?)
}

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(res) = c.value.get("resources").filter(|r| !r.templated) else {
            continue;
        };
        let (Some(req), Some(lim)) = (
            q(res, &["requests", "memory"]),
            q(res, &["limits", "memory"]),
        ) else {
            continue;
        };
        if (req - lim).abs() > f64::EPSILON * lim.abs().max(1.0) {
            continue;
        }
        let cpu_req = q(res, &["requests", "cpu"]);
        let cpu_lim = q(res, &["limits", "cpu"]);
        if cpu_lim.is_some() && (cpu_req.is_none() || cpu_req == cpu_lim) {
            continue; // Guaranteed QoS on purpose.
        }
        out.push(at_container(
            &RULE,
            c,
            res.path(&["limits", "memory"]),
            format!(
                "Memory limit of {} equals its request: any spike above normal use is an OOM kill; leave headroom",
                c.label()
            ),
        ));
    }
}
