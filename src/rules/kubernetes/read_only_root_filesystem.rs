//! # read-only-root-filesystem (KS014)
//!
//! ## What it does
//! Flags a container whose `securityContext.readOnlyRootFilesystem` is not
//! `true`.
//!
//! ## Why is this bad?
//! A writable root file system lets an intruder drop tools and persist
//! changes to binaries, and lets the app fill the node's disk with files
//! nobody knows about. State belongs in volumes.
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
//!       readOnlyRootFilesystem: true
//!     volumeMounts:
//!       - name: tmp
//!         mountPath: /tmp
//! volumes:
//!   - name: tmp
//!     emptyDir: {}
//! ```
//!
//! ## Fix safety
//! Unsafe: an app that writes outside `/tmp` (caches, pid files, uploads)
//! fails. The fix sets `readOnlyRootFilesystem: true` and, unless the
//! container already mounts something at `/tmp`, mounts an `emptyDir`
//! volume named `tmp` there (adding the volume to the pod once). No fix
//! when a volume named `tmp` exists that is not an `emptyDir`.

use super::util::{at_container, container_fix};
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{append_items, insert_missing, Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS014",
    name: "read-only-root-filesystem",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[
        "kube-linter/no-read-only-root-fs",
        "checkov/CKV_K8S_22",
        "polaris/notReadOnlyRootFilesystem",
    ],
    summary: "Container with a writable root file system",
    source: include_str!("read_only_root_filesystem.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.is_windows() {
        return;
    }
    let Some((spec, spec_path)) = &cx.object.pod_spec else {
        return;
    };
    for c in &cx.object.containers {
        if cx.keys_unknown(c) {
            continue;
        }
        if c.value.get("securityContext").is_some_and(|v| v.templated) {
            continue;
        }
        let own = c.value.path(&["securityContext", "readOnlyRootFilesystem"]);
        if own.and_then(Value::as_bool) == Some(true) || own.is_some_and(|v| v.templated) {
            continue;
        }
        let mut d = at_container(
            &RULE,
            c,
            own,
            format!(
                "{} has a writable root file system; make it read-only and keep state in volumes",
                super::missing_resources::capitalize(&c.label())
            ),
        );
        if own.is_none() {
            if let Some(f) = fix(cx, c, spec, spec_path) {
                d = d.with_fix(f);
            }
        }
        out.push(d);
    }
}

fn fix(cx: &DocContext, c: &super::Container, spec: &Value, spec_path: &str) -> Option<Fix> {
    let mounts = c.value.get("volumeMounts");
    let has_tmp = mounts.and_then(Value::as_seq).is_some_and(|m| {
        m.iter().any(|v| {
            v.get_str("mountPath")
                .is_some_and(|p| p.trim_end_matches('/') == "/tmp")
        })
    });
    let mut paths = vec![format!("{}.securityContext.readOnlyRootFilesystem", c.path)];
    let mut want = vec![(
        "securityContext",
        Gen::map(vec![("readOnlyRootFilesystem", Gen::raw("true"))]),
    )];
    let mut edits: Vec<Edit> = Vec::new();
    if !has_tmp {
        let vols = spec.get("volumes");
        let existing = vols
            .and_then(Value::as_seq)
            .and_then(|s| s.iter().find(|v| v.get_str("name") == Some("tmp")));
        if let Some(v) = existing {
            v.get("emptyDir")?;
        }
        let mount = Gen::map(vec![
            ("name", Gen::str("tmp")),
            ("mountPath", Gen::str("/tmp")),
        ]);
        match mounts {
            Some(m) if m.as_seq().is_some() => {
                edits.extend(append_items(cx.text, cx.style(), m, &[mount])?)
            }
            Some(_) => return None,
            None => want.push(("volumeMounts", Gen::Seq(vec![mount]))),
        }
        paths.push(format!("{}.volumeMounts", c.path));
        if existing.is_none() {
            let volume = Gen::map(vec![
                ("name", Gen::str("tmp")),
                ("emptyDir", Gen::raw("{}")),
            ]);
            let vol_edits = match vols {
                Some(v) if v.as_seq().is_some() => append_items(cx.text, cx.style(), v, &[volume])?,
                Some(_) => return None,
                None => insert_missing(
                    cx.text,
                    cx.style(),
                    spec,
                    &Gen::map(vec![("volumes", Gen::Seq(vec![volume]))]),
                    &["containers"],
                )?,
            };
            edits.extend(vol_edits);
            paths.push(format!("{spec_path}.volumes"));
        }
    }
    let f = container_fix(cx, c, Gen::map(want), String::new(), Applicability::Unsafe)?;
    // Container edits first: at a shared offset they belong before the
    // pod-level `volumes:`.
    let mut all = f.edits;
    all.extend(edits);
    let mut fix = Fix::new(
        format!(
            "Make the root file system read-only at {}",
            paths.join(", ")
        ),
        Applicability::Unsafe,
        all,
    );
    fix.edits.dedup();
    Some(fix)
}
