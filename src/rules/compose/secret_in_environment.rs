//! # compose-secret-in-environment (DC005)
//!
//! ## What it does
//! Flags a service `environment` entry whose name says it holds a
//! credential (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, …) and
//! whose value is written literally rather than taken from the
//! environment (`${DB_PASSWORD}`).
//!
//! ## Why is this bad?
//! The credential lives in the repository and its history, and
//! `docker inspect` shows it to anyone on the host.
//!
//! ## Example
//! ```yaml
//! environment:
//!   POSTGRES_PASSWORD: hunter2
//! ```
//!
//! ## Use instead
//! ```yaml
//! environment:
//!   POSTGRES_PASSWORD_FILE: /run/secrets/db_password
//! secrets:
//!   - db_password
//! ```
//!
//! ## Fix safety
//! No fix: the secret has to be moved out of the file and rotated.

use super::ComposeContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::kubernetes::env_literal_secret::{literal_value, secret_name};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC005",
    name: "compose-secret-in-environment",
    kind: FileKind::Compose,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "Credential written literally in `environment`",
    source: include_str!("secret_in_environment.rs"),
};

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    for s in &cx.services {
        let Some(env) = s.value.get("environment") else {
            continue;
        };
        let mut found: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        if let Some(map) = env.as_map() {
            for e in map {
                let Some(v) = &e.value else { continue };
                if secret_name(&e.key) && v.as_str().is_some_and(literal_value) {
                    found.push((e.key.clone(), v.range.clone()));
                }
            }
        } else if let Some(items) = env.as_seq() {
            for i in items {
                let Some((k, v)) = i.as_str().and_then(|t| t.split_once('=')) else {
                    continue;
                };
                if secret_name(k) && literal_value(v) {
                    found.push((k.to_string(), i.range.clone()));
                }
            }
        }
        for (name, range) in found {
            out.push(Diagnostic::new(
                &RULE,
                range,
                format!("`{name}` of service `{}` is a credential written in the file; pass it with `${{{name}}}` or a compose secret", s.name),
            ));
        }
    }
}
