//! # liveness-probe-aggressive (KS032)
//!
//! ## What it does
//! Flags a `livenessProbe` with `failureThreshold` below 3 or
//! `periodSeconds` below 10.
//!
//! ## Why is this bad?
//! A liveness failure restarts the container. With a hair trigger, a
//! garbage-collection pause or a slow dependency under load restarts
//! healthy pods, which moves their load to the others, which then fail
//! their probes too: a restart storm that turns a slowdown into an outage.
//!
//! ## Example
//! ```yaml
//! livenessProbe:
//!   httpGet: {path: /healthz, port: 8080}
//!   periodSeconds: 2
//!   failureThreshold: 1
//! ```
//!
//! ## Use instead
//! ```yaml
//! livenessProbe:
//!   httpGet: {path: /healthz, port: 8080}
//!   periodSeconds: 10
//!   failureThreshold: 3
//! ```
//!
//! ## Fix safety
//! Unsafe: a hung process is restarted later than before. The fix raises
//! the value to the Kubernetes default (3 failures, 10 seconds), keeping
//! its quoting.

use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::replace_scalar;
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS032",
    name: "liveness-probe-aggressive",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Always,
    aliases: &[],
    summary: "Liveness probe restarts on the first hiccup",
    source: include_str!("liveness_probe_aggressive.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(probe) = c.value.get("livenessProbe") else {
            continue;
        };
        for (key, min, what) in [
            ("failureThreshold", 3, "one or two failed checks"),
            ("periodSeconds", 10, "checks this frequent"),
        ] {
            let Some(v) = probe.get(key) else { continue };
            let Some(n) = v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            else {
                continue;
            };
            if n >= min {
                continue;
            }
            let Some(edit) = replace_scalar(v, &min.to_string()) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    v.range.clone(),
                    format!(
                        "Liveness `{key}: {n}` on {}: {what} restart the container under a GC pause or a load spike; use at least {min}",
                        c.label()
                    ),
                )
                .with_fix(Fix::new(
                    format!("Set {key}: {min} at {}.livenessProbe.{key}", c.path),
                    Applicability::Unsafe,
                    vec![edit],
                )),
            );
        }
    }
}
