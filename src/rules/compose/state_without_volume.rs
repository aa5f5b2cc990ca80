//! # state-without-volume (DC002)
//!
//! ## What it does
//! Flags a database service (postgres, mysql, mariadb, mongo, redis,
//! elasticsearch, …, recognised by its image) that mounts nothing at the
//! image's data directory.
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
//! `<service>-data` (declared under the top-level `volumes`), and the
//! existing container's data is not moved there.

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

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        let Some(base) = s.image_base() else { continue };
        let Some((_, data, _)) = database(&base) else {
            continue;
        };
        if data.is_empty() {
            continue;
        }
        let vols = s.value.get("volumes");
        let covered = vols.and_then(Value::as_seq).is_some_and(|l| {
            l.iter().any(|v| {
                target(v).is_some_and(|t| {
                    let t = t.trim_end_matches('/');
                    !t.is_empty() && (data.starts_with(t) || t.starts_with(data))
                })
            })
        });
        if covered || vols.is_some_and(|v| v.as_seq().is_none()) {
            continue;
        }
        let image = s.value.get("image").expect("image_base read it");
        let mut d = Diagnostic::new(
            &RULE,
            image.range.clone(),
            format!(
                "Service `{}` keeps its data in the container at `{data}`: `docker compose down` deletes it; mount a volume there",
                s.name
            ),
        );
        if let Some(f) = fix(cx, s, vols, data) {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}

fn fix(cx: &ComposeContext, s: &super::Service, vols: Option<&Value>, data: &str) -> Option<Fix> {
    let name = format!("{}-data", s.name);
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
