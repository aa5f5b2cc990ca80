//! # depends-on-not-healthy (DC003)
//!
//! ## What it does
//! Flags a `depends_on` entry that does not wait for
//! `condition: service_healthy` although the service it names has a
//! healthcheck.
//!
//! ## Why is this bad?
//! Plain `depends_on` only waits for the container to *start*. The app
//! then connects to a database that is still initialising, crashes, and
//! the stack comes up only on the second try — or never, in CI.
//!
//! ## Example
//! ```yaml
//! services:
//!   api:
//!     depends_on:
//!       - db
//!   db:
//!     image: postgres:16.4
//!     healthcheck:
//!       test: ["CMD", "pg_isready"]
//! ```
//!
//! ## Use instead
//! ```yaml
//! services:
//!   api:
//!     depends_on:
//!       db:
//!         condition: service_healthy
//! ```
//!
//! ## Fix safety
//! Unsafe: start-up now waits for the healthcheck, and fails if it never
//! passes. A list is rewritten into the long form (other entries get
//! `condition: service_started`, which is what the list meant); a list
//! with comments inside is left alone. In the long form the `condition` is
//! inserted or replaced.

use super::ComposeContext;
use crate::engine::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{
    column, insert_missing, line_start, render_entry, render_flow, replace_scalar, Gen, Value,
};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC003",
    name: "depends-on-not-healthy",
    kind: FileKind::Compose,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "`depends_on` does not wait for the dependency's healthcheck",
    source: include_str!("depends_on_not_healthy.rs"),
};

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        let Some(entry) = s.value.entry("depends_on") else {
            continue;
        };
        let Some(deps) = &entry.value else { continue };
        let healthy = |name: &str| cx.service(name).is_some_and(|d| d.has_healthcheck());
        let path = format!("{}.depends_on", s.path);
        if let Some(items) = deps.as_seq() {
            let names: Vec<Option<&str>> = items.iter().map(Value::as_str).collect();
            let flagged: Vec<&Value> = items
                .iter()
                .filter(|i| i.as_str().is_some_and(healthy))
                .collect();
            if flagged.is_empty() {
                continue;
            }
            let fix = list_fix(cx, entry, deps, &names, &healthy, &path);
            for (n, item) in flagged.into_iter().enumerate() {
                let mut d = diag(item, s.name, item.as_str().unwrap_or_default());
                if n == 0 {
                    if let Some(f) = fix.clone() {
                        d = d.with_fix(f);
                    }
                }
                out.push(d);
            }
        } else if let Some(map) = deps.as_map() {
            for e in map {
                if !healthy(&e.key) {
                    continue;
                }
                let cond = e.value.as_ref().and_then(|v| v.get("condition"));
                if cond.and_then(Value::as_str) == Some("service_healthy") {
                    continue;
                }
                let title = format!("Wait for service_healthy at {path}.{}.condition", e.key);
                let mut d = diag_range(e.key_range.clone(), s.name, &e.key);
                let edits = match (cond, &e.value) {
                    (Some(c), _) => replace_scalar(c, "service_healthy").map(|e| vec![e]),
                    (None, Some(v)) if v.as_map().is_some() => insert_missing(
                        cx.text,
                        &cx.style,
                        v,
                        &Gen::map(vec![("condition", Gen::str("service_healthy"))]),
                        &[],
                    ),
                    (None, _) => insert_missing(
                        cx.text,
                        &cx.style,
                        deps,
                        &Gen::map(vec![(
                            e.key.as_str(),
                            Gen::map(vec![("condition", Gen::str("service_healthy"))]),
                        )]),
                        &[],
                    ),
                };
                if let Some(edits) = edits.filter(|e| !e.is_empty()) {
                    d = d.with_fix(Fix::new(title, Applicability::Unsafe, edits));
                }
                out.push(d);
            }
        }
    }
}

fn diag(item: &Value, service: &str, dep: &str) -> Diagnostic {
    diag_range(item.range.clone(), service, dep)
}

fn diag_range(range: std::ops::Range<usize>, service: &str, dep: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        range,
        format!(
            "`{service}` starts as soon as `{dep}` has started, not when it is healthy; use `condition: service_healthy`"
        ),
    )
}

/// Rewrite a `depends_on` list into the long form.
fn list_fix(
    cx: &ComposeContext,
    entry: &crate::syntax::yaml_tree::Entry,
    deps: &Value,
    names: &[Option<&str>],
    healthy: &dyn Fn(&str) -> bool,
    path: &str,
) -> Option<Fix> {
    if !deps.editable() || cx.text[deps.range.clone()].contains('#') {
        return None;
    }
    let names: Vec<&str> = names.iter().copied().collect::<Option<_>>()?;
    let long = Gen::Map(
        names
            .iter()
            .map(|n| {
                let cond = if healthy(n) {
                    "service_healthy"
                } else {
                    "service_started"
                };
                (n.to_string(), Gen::map(vec![("condition", Gen::str(cond))]))
            })
            .collect(),
    );
    let title = format!("Use the long form with service_healthy at {path}");
    if deps.flow {
        return Some(Fix::new(
            title,
            Applicability::Unsafe,
            vec![Edit::replace(
                deps.range.clone(),
                render_flow(&long, &cx.style),
            )],
        ));
    }
    // Block list: its lines become the long form's lines.
    let start = line_start(cx.text, deps.range.start);
    if !cx.text[start..deps.range.start].trim().is_empty() {
        return None;
    }
    let key_col = column(cx.text, entry.key_range.start);
    let mut body = String::new();
    render_entry("x", &long, key_col, &cx.style, &mut body);
    let body = body.split_once(cx.style.newline)?.1;
    let body = body.strip_suffix(cx.style.newline).unwrap_or(body);
    Some(Fix::new(
        title,
        Applicability::Unsafe,
        vec![Edit::replace(start..deps.range.end, body.to_string())],
    ))
}
