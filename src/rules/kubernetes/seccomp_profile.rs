//! # seccomp-profile (KS013)
//!
//! ## What it does
//! Flags a container with no seccomp profile (`RuntimeDefault` or
//! `Localhost`) set on it or on its pod, or with `Unconfined`.
//!
//! ## Why is this bad?
//! Without a profile the container may call every system call of the
//! node's kernel, including the rarely used ones most kernel exploits go
//! through. `RuntimeDefault` blocks those and breaks almost nothing. Pod
//! Security "restricted" requires it.
//!
//! ## Example
//! ```yaml
//! securityContext:
//!   runAsNonRoot: true
//! ```
//!
//! ## Use instead
//! ```yaml
//! securityContext:
//!   runAsNonRoot: true
//!   seccompProfile:
//!     type: RuntimeDefault
//! ```
//!
//! ## Fix safety
//! Unsafe: an app that uses an unusual system call fails with `EPERM`. The
//! fix inserts `seccompProfile.type: RuntimeDefault` in the container's
//! `securityContext`; an explicit `Unconfined` is left to its author.

use super::util::{at_container, container_fix};
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS013",
    name: "seccomp-profile",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &["checkov/CKV_K8S_31"],
    summary: "Container without a seccomp profile",
    source: include_str!("seccomp_profile.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.is_windows() {
        return;
    }
    let pod = cx
        .pod_security(&["seccompProfile", "type"])
        .and_then(Value::as_str);
    for c in &cx.object.containers {
        if cx.keys_unknown(c) {
            continue;
        }
        if c.value.get("securityContext").is_some_and(|v| v.templated) {
            continue;
        }
        let own_v = c.value.path(&["securityContext", "seccompProfile", "type"]);
        let effective = own_v.and_then(Value::as_str).or(pod);
        if matches!(effective, Some("RuntimeDefault" | "Localhost")) {
            continue;
        }
        let mut d = at_container(
            &RULE,
            c,
            own_v,
            format!(
                "{} runs without a seccomp profile: every system call of the kernel is open to it; use `RuntimeDefault`",
                super::missing_resources::capitalize(&c.label())
            ),
        );
        if effective.is_none()
            && c.value
                .path(&["securityContext", "seccompProfile"])
                .is_none()
        {
            if let Some(f) = container_fix(
                cx,
                c,
                Gen::at(
                    &["securityContext", "seccompProfile", "type"],
                    Gen::str("RuntimeDefault"),
                ),
                format!(
                    "Set seccompProfile type RuntimeDefault at {}.securityContext.seccompProfile.type",
                    c.path
                ),
                Applicability::Unsafe,
            ) {
                d = d.with_fix(f);
            }
        }
        out.push(d);
    }
}
