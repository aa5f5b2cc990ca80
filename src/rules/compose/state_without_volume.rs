//! # state-without-volume (DC002)
//!
//! ## What it does
//! Flags a database service (postgres, mysql, mariadb, mongo, redis,
//! elasticsearch, …, recognised by its image) that mounts nothing at the
//! image's data directory, and any service whose environment names a state
//! directory (`UPLOAD_DIR=/app/uploads`, `SESSION_PATH`, `MEDIA_ROOT`,
//! `DATA_DIR`, …: an absolute path outside `/tmp`) with no volume there.
//!
//! ## Why is this bad?
//! The data lives in the container's writable layer: `docker compose down`,
//! a re-created container or an image upgrade deletes it.
//!
//! ## Example
//! ```yaml
//! services:
//!   db:
//!     image: postgres:16.4
//! ```
//!
//! ## Use instead
//! ```yaml
//! services:
//!   db:
//!     image: postgres:16.4
//!     volumes:
//!       - db-data:/var/lib/postgresql/data
//! volumes:
//!   db-data:
//! ```
//!
//! ## Fix safety
//! Unsafe: data written from now on goes to a named volume
//! (`<service>-data` for a database, `<service>-<last path part>`
//! otherwise, declared under the top-level `volumes`), and the existing
//! container's data is not moved there.

use super::{database, ComposeContext};
use crate::engine::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{append_items, insert_missing, Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC002",
    name: "state-without-volume",
    kind: FileKind::Compose,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "Database keeps its data in the container",
    source: include_str!("state_without_volume.rs"),
};

/// The container path of a volume entry (short or long syntax).
fn target(v: &Value) -> Option<String> {
    if let Some(s) = v.as_str() {
        let parts: Vec<&str> = s.split(':').collect();
        return Some(match parts.len() {
            1 => parts[0].to_string(),
            _ => parts[1].to_string(),
        });
    }
    v.get_str("target").map(str::to_string)
}

/// Environment variables whose value is where an app keeps state.
const STATE_VARS: &[&str] = &[
    "UPLOAD",
    "SESSION",
    "MEDIA_ROOT",
    "STORAGE_PATH",
    "STORAGE_DIR",
    "DATA_DIR",
    "DATA_PATH",
];

/// Absolute container paths the service keeps state in: the database's
/// data directory, and paths named by state-like environment variables.
/// Each with the range to report and the volume name to propose.
fn state_paths(s: &super::Service) -> Vec<(String, std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    if let Some((_, data, _)) = s.image_base().and_then(|b| database(&b)) {
        if !data.is_empty() {
            let image = s.value.get("image").expect("image_base read it");
            out.push((
                data.to_string(),
                image.range.clone(),
                format!("{}-data", s.name),
            ));
        }
    }
    let Some(env) = s.value.get("environment") else {
        return out;
    };
    let mut pairs: Vec<(String, String, std::ops::Range<usize>)> = Vec::new();
    if let Some(m) = env.as_map() {
        for e in m {
            if let Some(v) = e
                .value
                .as_ref()
                .and_then(|v| v.as_str().map(|t| (t, v.range.clone())))
            {
                pairs.push((e.key.clone(), v.0.to_string(), v.1));
            }
        }
    } else if let Some(items) = env.as_seq() {
        for i in items {
            if let Some((k, v)) = i.as_str().and_then(|t| t.split_once('=')) {
                pairs.push((k.to_string(), v.to_string(), i.range.clone()));
            }
        }
    }
    for (k, v, range) in pairs {
        let upper = k.to_ascii_uppercase();
        let path = v.trim().trim_end_matches('/');
        if !STATE_VARS.iter().any(|p| upper.contains(p))
            || !path.starts_with('/')
            || path.len() < 2
            || path.starts_with("/tmp")
            || path.contains('$')
        {
            continue;
        }
        let base: String = path
            .rsplit('/')
            .next()
            .unwrap_or("data")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        out.push((path.to_string(), range, format!("{}-{base}", s.name)));
    }
    out
}

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        let vols = s.value.get("volumes");
        if vols.is_some_and(|v| v.as_seq().is_none()) {
            continue;
        }
        for (data, range, name) in state_paths(s) {
            let data = data.as_str();
            let covered = vols.and_then(Value::as_seq).is_some_and(|l| {
                l.iter().any(|v| {
                    target(v).is_some_and(|t| {
                        let t = t.trim_end_matches('/');
                        !t.is_empty() && (data.starts_with(t) || t.starts_with(data))
                    })
                })
            });
            if covered {
                continue;
            }
            let mut d = Diagnostic::new(
                &RULE,
                range,
                format!(
                    "Service `{}` keeps state in the container at `{data}`: `docker compose down` deletes it; mount a volume there",
                    s.name
                ),
            );
            if let Some(f) = fix(cx, s, vols, data, &name) {
                d = d.with_fix(f);
            }
            out.push(d);
        }
    }
}

fn fix(
    cx: &ComposeContext,
    s: &super::Service,
    vols: Option<&Value>,
    data: &str,
    name: &str,
) -> Option<Fix> {
    let name = name.to_string();
    let top = cx.root.get("volumes");
    if top.is_some_and(|t| t.entry(&name).is_some()) {
        return None;
    }
    let mount = Gen::Str(format!("{name}:{data}"));
    let mut edits: Vec<Edit> = match vols {
        Some(v) => append_items(cx.text, &cx.style, v, &[mount])?,
        None => insert_missing(
            cx.text,
            &cx.style,
            s.value,
            &Gen::map(vec![("volumes", Gen::Seq(vec![mount]))]),
            &["ports", "environment", "image"],
        )?,
    };
    let declare = match top {
        Some(t) if t.as_map().is_some() => insert_missing(
            cx.text,
            &cx.style,
            t,
            &Gen::Map(vec![(name.clone(), Gen::raw("{}"))]),
            &[],
        )?,
        Some(t) if t.is_null() || t.range.is_empty() => return None,
        Some(_) => return None,
        None => insert_missing(
            cx.text,
            &cx.style,
            cx.root,
            &Gen::map(vec![(
                "volumes",
                Gen::Map(vec![(name.clone(), Gen::raw("{}"))]),
            )]),
            &["services"],
        )?,
    };
    edits.extend(declare);
    Some(Fix::new(
        format!("Mount a named volume at {}.volumes, volumes.{name}", s.path),
        Applicability::Unsafe,
        edits,
    ))
}
