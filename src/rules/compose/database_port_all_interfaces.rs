//! # database-port-all-interfaces (DC007)
//!
//! ## What it does
//! Flags a published port of a database service (recognised by its image
//! or by a well-known database port such as 5432, 3306, 6379, 27017) that
//! is bound to all interfaces: `"5432:5432"`, `"0.0.0.0:5432:5432"`, or a
//! long-syntax entry without `host_ip`.
//!
//! ## Why is this bad?
//! Docker publishes ports around the host firewall (it writes its own
//! iptables rules), so the database is reachable from the whole network —
//! a classic source of ransomed MongoDB and Redis instances.
//!
//! ## Example
//! ```yaml
//! ports:
//!   - "5432:5432"
//! ```
//!
//! ## Use instead
//! ```yaml
//! ports:
//!   - "127.0.0.1:5432:5432"
//! ```
//!
//! ## Fix safety
//! Unsafe: other machines (and other containers that use the host's
//! address) lose access. The fix binds to `127.0.0.1`, keeping the quoting;
//! a bare number becomes a quoted `"127.0.0.1::PORT"`.

use super::{database, ComposeContext, DATABASES};
use crate::engine::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{insert_missing, replace_scalar, Gen, ScalarStyle, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC007",
    name: "database-port-all-interfaces",
    kind: FileKind::Compose,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "Database port published on all interfaces",
    source: include_str!("database_port_all_interfaces.rs"),
};

/// The container port of a short-syntax mapping: `8080:80/tcp` → 80.
fn container_port(spec: &str) -> Option<u16> {
    let no_proto = spec.split('/').next()?;
    let last = no_proto.rsplit(':').next()?;
    last.split('-').next()?.trim().parse().ok()
}

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        let Some(ports) = s.value.get("ports").and_then(Value::as_seq) else {
            continue;
        };
        let db_image = s.image_base().and_then(|b| database(&b)).is_some();
        for (i, p) in ports.iter().enumerate() {
            if p.templated {
                continue;
            }
            let path = format!("{}.ports[{i}]", s.path);
            if let Some(spec) = p.as_str() {
                let Some(port) = container_port(spec) else {
                    continue;
                };
                if !db_image && !DATABASES.iter().any(|(_, _, dp)| *dp == port) {
                    continue;
                }
                if spec.contains('$') || spec.starts_with('[') {
                    continue;
                }
                let colons = spec.split('/').next().unwrap_or("").matches(':').count();
                let new = match colons {
                    0 => format!("127.0.0.1::{spec}"),
                    1 => format!("127.0.0.1:{spec}"),
                    2 if spec.starts_with("0.0.0.0:") => format!("127.0.0.1{}", &spec[7..]),
                    _ => continue,
                };
                let mut d = Diagnostic::new(
                    &RULE,
                    p.range.clone(),
                    format!("Database port `{spec}` of service `{}` is published on every interface of the host, around its firewall; bind it to 127.0.0.1", s.name),
                );
                let scalar = p.as_scalar().expect("as_str read it");
                let edit = if scalar.style == ScalarStyle::Plain && colons == 0 {
                    Some(Edit::replace(p.range.clone(), format!("\"{new}\"")))
                } else {
                    replace_scalar(p, &new)
                };
                if let Some(e) = edit {
                    d = d.with_fix(Fix::new(
                        format!("Bind to 127.0.0.1 at {path}"),
                        Applicability::Unsafe,
                        vec![e],
                    ));
                }
                out.push(d);
            } else if p.as_map().is_some() {
                let Some(target) = p.get("target") else {
                    continue;
                };
                let port = target
                    .as_i64()
                    .or_else(|| target.as_str().and_then(|t| t.parse().ok()));
                let Some(port) = port.and_then(|p| u16::try_from(p).ok()) else {
                    continue;
                };
                if !db_image && !DATABASES.iter().any(|(_, _, dp)| *dp == port) {
                    continue;
                }
                if p.get("published").is_none() {
                    continue;
                }
                let host_ip = p.get("host_ip");
                if host_ip.is_some_and(|h| h.as_str() != Some("0.0.0.0")) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    &RULE,
                    host_ip.unwrap_or(target).range.clone(),
                    format!("Database port {port} of service `{}` is published on every interface of the host, around its firewall; set `host_ip: 127.0.0.1`", s.name),
                );
                let edits = match host_ip {
                    Some(h) => replace_scalar(h, "127.0.0.1").map(|e| vec![e]),
                    None => insert_missing(
                        cx.text,
                        &cx.style,
                        p,
                        &Gen::map(vec![("host_ip", Gen::str("127.0.0.1"))]),
                        &["published", "target"],
                    ),
                };
                if let Some(edits) = edits.filter(|e| !e.is_empty()) {
                    d = d.with_fix(Fix::new(
                        format!("Bind to 127.0.0.1 at {path}.host_ip"),
                        Applicability::Unsafe,
                        edits,
                    ));
                }
                out.push(d);
            }
        }
    }
}
