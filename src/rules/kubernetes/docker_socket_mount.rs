//! # docker-socket-mount (KS022)
//!
//! ## What it does
//! Flags a `hostPath` volume that mounts the container runtime's socket
//! (`/var/run/docker.sock`, containerd's or CRI-O's).
//!
//! ## Why is this bad?
//! Whoever talks to the runtime socket can start a privileged container
//! with the node's root file system mounted: it is root on the node.
//!
//! ## Example
//! ```yaml
//! volumes:
//!   - name: docker
//!     hostPath: {path: /var/run/docker.sock}
//! ```
//!
//! ## Use instead
//! Build images with a daemonless builder (BuildKit rootless, kaniko) and
//! read node data through the Kubernetes API.
//!
//! ## Fix safety
//! No fix: removing the mount breaks the workload that needs it.

use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::Value;
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS022",
    name: "docker-socket-mount",
    kind: FileKind::Kubernetes,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &["kube-linter/docker-sock", "checkov/CKV_K8S_27"],
    summary: "hostPath mount of the container runtime socket",
    source: include_str!("docker_socket_mount.rs"),
};

const SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
];

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    let Some((spec, _)) = &cx.object.pod_spec else {
        return;
    };
    let Some(vols) = spec.get("volumes").and_then(Value::as_seq) else {
        return;
    };
    for v in vols {
        let Some(p) = v.path(&["hostPath", "path"]) else {
            continue;
        };
        let Some(path) = p.as_str() else { continue };
        if SOCKETS.contains(&path.trim_end_matches('/')) {
            out.push(Diagnostic::new(
                &RULE,
                p.range.clone(),
                format!("Mounting `{path}` gives this pod root on the node through the container runtime"),
            ));
        }
    }
}
