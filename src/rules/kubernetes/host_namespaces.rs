//! # host-namespaces (KS021)
//!
//! ## What it does
//! Flags `hostNetwork: true`, `hostPID: true` or `hostIPC: true` in a pod
//! spec.
//!
//! ## Why is this bad?
//! The pod shares the node's network stack, process table or IPC
//! namespace: it can sniff other pods' traffic, signal or inspect the
//! node's processes, and bind ports that collide with the node's.
//!
//! ## Example
//! ```yaml
//! spec:
//!   hostNetwork: true
//! ```
//!
//! ## Use instead
//! ```yaml
//! spec:
//!   containers: [...]   # with a Service or hostPort only where needed
//! ```
//!
//! ## Fix safety
//! No fix: node agents (CNI, monitoring) need these on purpose.

use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS021",
    name: "host-namespaces",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    aliases: &[
        "kube-linter/host-network",
        "kube-linter/host-pid",
        "kube-linter/host-ipc",
        "checkov/CKV_K8S_17",
        "checkov/CKV_K8S_18",
        "checkov/CKV_K8S_19",
        "polaris/hostNetworkSet",
        "polaris/hostPIDSet",
        "polaris/hostIPCSet",
    ],
    summary: "Pod shares the node's network, PID or IPC namespace",
    source: include_str!("host_namespaces.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    let Some((spec, _)) = &cx.object.pod_spec else {
        return;
    };
    for (key, what) in [
        ("hostNetwork", "network stack"),
        ("hostPID", "process table"),
        ("hostIPC", "IPC namespace"),
    ] {
        if let Some(v) = spec.get(key) {
            if v.as_bool() == Some(true) {
                out.push(Diagnostic::new(
                    &RULE,
                    v.range.clone(),
                    format!("`{key}: true` shares the node's {what} with this pod"),
                ));
            }
        }
    }
}
