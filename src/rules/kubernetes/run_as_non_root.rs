//! # run-as-non-root (KS010)
//!
//! ## What it does
//! Flags a container that may run as root: neither it nor its pod sets
//! `securityContext.runAsNonRoot: true` or a non-zero `runAsUser`.
//!
//! ## Why is this bad?
//! Most images default to UID 0. A container escape, a writable hostPath
//! or a mounted socket then hands root on the node to an attacker. With
//! `runAsNonRoot: true` the kubelet refuses to start an image that would
//! run as root. Pod Security "restricted" requires it.
//!
//! ## Example
//! ```yaml
//! containers:
//!   - name: web
//!     image: web:2.1.0
//! ```
//!
//! ## Use instead
//! ```yaml
//! containers:
//!   - name: web
//!     image: web:2.1.0
//!     securityContext:
//!       runAsNonRoot: true
//! ```
//!
//! ## Fix safety
//! Unsafe: an image whose `USER` is root (or a name, not a UID) will no
//! longer start. The fix inserts `runAsNonRoot: true` in the container's
//! `securityContext` (created after `image`/`ports` when missing), or
//! turns an explicit `false` into `true`.

use super::util::{at_container, container_fix};
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{replace_scalar, Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS010",
    name: "run-as-non-root",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[
        "kube-linter/run-as-non-root",
        "checkov/CKV_K8S_23",
        "polaris/runAsRootAllowed",
    ],
    summary: "Container may run as root",
    source: include_str!("run_as_non_root.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.is_windows() {
        return;
    }
    let pod_user = cx.pod_security(&["runAsUser"]).and_then(Value::as_i64);
    let pod_non_root = cx.pod_security(&["runAsNonRoot"]).and_then(Value::as_bool);
    for c in &cx.object.containers {
        if cx.keys_unknown(c) {
            continue;
        }
        let own = c.value.path(&["securityContext", "runAsNonRoot"]);
        let own_bool = own.and_then(Value::as_bool);
        let user = c
            .value
            .path(&["securityContext", "runAsUser"])
            .and_then(Value::as_i64)
            .or(pod_user);
        let non_root = own_bool.or(pod_non_root).unwrap_or(false);
        if non_root || user.is_some_and(|u| u > 0) {
            continue;
        }
        if own.is_some_and(|v| v.templated)
            || c.value.get("securityContext").is_some_and(|v| v.templated)
        {
            continue;
        }
        let title = format!(
            "Set runAsNonRoot: true at {}.securityContext.runAsNonRoot",
            c.path
        );
        let mut d = at_container(
            &RULE,
            c,
            own,
            format!(
                "{} may run as root (no `runAsNonRoot: true` or non-zero `runAsUser`): an escape hands root on the node",
                super::missing_resources::capitalize(&c.label())
            ),
        );
        let fix = match own {
            Some(v) if own_bool == Some(false) => {
                replace_scalar(v, "true").map(|e| Fix::new(title, Applicability::Unsafe, vec![e]))
            }
            Some(_) => None,
            None => container_fix(
                cx,
                c,
                Gen::at(&["securityContext", "runAsNonRoot"], Gen::raw("true")),
                title,
                Applicability::Unsafe,
            ),
        };
        if let Some(f) = fix {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}
