//! # missing-healthcheck (DC004)
//!
//! ## What it does
//! Flags a service that other services `depends_on` but that has no
//! `healthcheck`.
//!
//! ## Why is this bad?
//! Its dependants cannot wait for it to be ready (`condition:
//! service_healthy` needs a healthcheck), so they start against a service
//! that is still initialising. Services nobody depends on are not flagged:
//! the image's own `HEALTHCHECK` may cover them.
//!
//! ## Example
//! ```yaml
//! services:
//!   api:
//!     depends_on: [db]
//!   db:
//!     image: postgres:16.4
//! ```
//!
//! ## Use instead
//! ```yaml
//! services:
//!   db:
//!     image: postgres:16.4
//!     healthcheck:
//!       test: ["CMD-SHELL", "pg_isready -U postgres"]
//!       interval: 5s
//!       retries: 10
//! ```
//!
//! ## Fix safety
//! No fix: the right check command depends on the service.

use super::ComposeContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::Value;
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC004",
    name: "missing-healthcheck",
    kind: FileKind::Compose,
    severity: Severity::Info,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "Service others depend on has no healthcheck",
    source: include_str!("missing_healthcheck.rs"),
};

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        if s.value.get("healthcheck").is_some() {
            continue;
        }
        let dependants: Vec<&str> = cx
            .services
            .iter()
            .filter(|o| {
                o.value.get("depends_on").is_some_and(|d| {
                    d.as_seq()
                        .is_some_and(|l| l.iter().any(|i| i.as_str() == Some(s.name)))
                        || d.entry(s.name).is_some()
                })
            })
            .map(|o| o.name)
            .collect();
        if dependants.is_empty() {
            continue;
        }
        let key = cx
            .root
            .get("services")
            .and_then(Value::as_map)
            .and_then(|m| m.iter().find(|e| e.key == s.name))
            .map(|e| e.key_range.clone())
            .unwrap_or(s.value.range.clone());
        out.push(Diagnostic::new(
            &RULE,
            key,
            format!(
                "Service `{}` has no healthcheck, so `{}` cannot wait for it to be ready",
                s.name,
                dependants.join("`, `")
            ),
        ));
    }
}
