//! # privileged-container (KS020)
//!
//! ## What it does
//! Flags `securityContext.privileged: true` on a container.
//!
//! ## Why is this bad?
//! A privileged container sees every device of the node and can load
//! kernel modules: a compromise of the app is a compromise of the node.
//!
//! ## Example
//! ```yaml
//! securityContext:
//!   privileged: true
//! ```
//!
//! ## Use instead
//! ```yaml
//! securityContext:
//!   capabilities:
//!     add: ["NET_ADMIN"]   # only what the workload needs
//! ```
//!
//! ## Fix safety
//! No fix: which capabilities the workload really needs is for its owner
//! to decide.

use super::util::at_container;
use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS020",
    name: "privileged-container",
    kind: FileKind::Kubernetes,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &[
        "kube-linter/privileged-container",
        "checkov/CKV_K8S_16",
        "polaris/runAsPrivileged",
    ],
    summary: "Privileged container",
    source: include_str!("privileged_container.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(v) = c.value.path(&["securityContext", "privileged"]) else {
            continue;
        };
        if v.as_bool() == Some(true) {
            out.push(at_container(
                &RULE,
                c,
                Some(v),
                format!(
                    "{} runs privileged: it has every device and capability of the node",
                    super::missing_resources::capitalize(&c.label())
                ),
            ));
        }
    }
}
