//! # allow-privilege-escalation (KS011)
//!
//! ## What it does
//! Flags a container whose `securityContext.allowPrivilegeEscalation` is
//! not `false`.
//!
//! ## Why is this bad?
//! Unless it is `false`, a process can gain more privileges than its
//! parent (setuid binaries, file capabilities): the usual second step of
//! an exploit. Pod Security "restricted" requires `false`.
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
//!   allowPrivilegeEscalation: false
//! ```
//!
//! ## Fix safety
//! Unsafe: a program that relies on setuid (`sudo`, `ping` on old images)
//! stops working. No fix for a privileged container, where the API server
//! rejects `allowPrivilegeEscalation: false`.

use super::util::{at_container, container_fix};
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{replace_scalar, Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS011",
    name: "allow-privilege-escalation",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[
        "kube-linter/privilege-escalation-container",
        "checkov/CKV_K8S_20",
        "polaris/privilegeEscalationAllowed",
    ],
    summary: "Container allows privilege escalation",
    source: include_str!("allow_privilege_escalation.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.is_windows() {
        return;
    }
    for c in &cx.object.containers {
        if cx.keys_unknown(c) {
            continue;
        }
        if c.value.get("securityContext").is_some_and(|v| v.templated) {
            continue;
        }
        let own = c
            .value
            .path(&["securityContext", "allowPrivilegeEscalation"]);
        let own_bool = own.and_then(Value::as_bool);
        if own_bool == Some(false) || own.is_some_and(|v| v.templated) {
            continue;
        }
        let privileged = c
            .value
            .path(&["securityContext", "privileged"])
            .and_then(Value::as_bool)
            == Some(true);
        let title = format!(
            "Set allowPrivilegeEscalation: false at {}.securityContext.allowPrivilegeEscalation",
            c.path
        );
        let mut d = at_container(
            &RULE,
            c,
            own,
            format!(
                "{} allows privilege escalation (setuid binaries can gain root); set `allowPrivilegeEscalation: false`",
                super::missing_resources::capitalize(&c.label())
            ),
        );
        let fix = if privileged {
            None
        } else {
            match own {
                Some(v) if own_bool == Some(true) => replace_scalar(v, "false")
                    .map(|e| Fix::new(title, Applicability::Unsafe, vec![e])),
                Some(_) => None,
                None => container_fix(
                    cx,
                    c,
                    Gen::at(
                        &["securityContext", "allowPrivilegeEscalation"],
                        Gen::raw("false"),
                    ),
                    title,
                    Applicability::Unsafe,
                ),
            }
        };
        if let Some(f) = fix {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}
