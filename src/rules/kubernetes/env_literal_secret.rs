//! # env-literal-secret (KS040)
//!
//! ## What it does
//! Flags an `env` entry whose name says it holds a credential
//! (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`,
//! `*ACCESS_KEY*`, `*CREDENTIAL*`) and whose `value` is a literal.
//!
//! ## Why is this bad?
//! The credential is now in the repository, its history and every CI log
//! that prints the manifest, and anyone with read access to the object
//! (`kubectl get deploy -o yaml`) can read it; Secrets have their own,
//! narrower RBAC and can be encrypted at rest.
//!
//! ## Example
//! ```yaml
//! env:
//!   - name: DB_PASSWORD
//!     value: hunter2
//! ```
//!
//! ## Use instead
//! ```yaml
//! env:
//!   - name: DB_PASSWORD
//!     valueFrom:
//!       secretKeyRef:
//!         name: api-secrets
//!         key: db-password
//! ```
//!
//! ## Fix safety
//! Suggestion only: the fix replaces `value` with a `secretKeyRef` to a
//! Secret named `<object>-secrets` (key: the variable's name in
//! kebab-case), which someone must create before the pod can start.

use super::DocContext;
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{column, render_entry, Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS040",
    name: "env-literal-secret",
    kind: FileKind::Kubernetes,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    aliases: &[
        "kube-linter/env-var-secret",
        "polaris/sensitiveContainerEnvVar",
    ],
    summary: "Credential written literally in `env`",
    source: include_str!("env_literal_secret.rs"),
};

/// Does a variable name say it holds a credential?
pub fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    const PARTS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ];
    PARTS.iter().any(|p| n.contains(p))
        && !n.ends_with("_FILE")
        && !n.ends_with("_PATH")
        && !n.ends_with("_NAME")
}

/// A literal that could be a credential (not empty, not a reference).
pub fn literal_value(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty() && !v.starts_with("$(") && !v.starts_with("${") && !v.contains("{{")
}

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    for c in &cx.object.containers {
        let Some(env) = c.value.get("env").and_then(Value::as_seq) else {
            continue;
        };
        for item in env {
            let (Some(name), Some(entry)) = (item.get_str("name"), item.entry("value")) else {
                continue;
            };
            let Some(v) = entry.value.as_ref().filter(|v| !v.templated) else {
                continue;
            };
            if !secret_name(name) || !v.as_str().is_some_and(literal_value) {
                continue;
            }
            let mut d = Diagnostic::new(
                &RULE,
                v.range.clone(),
                format!(
                    "`{name}` of {} is a credential written in the manifest; read it from a Secret with `valueFrom.secretKeyRef`",
                    c.label()
                ),
            );
            if !item.flow && item.editable() {
                let secret = format!("{}-secrets", cx.object.name.unwrap_or("app"));
                let key = name.to_ascii_lowercase().replace('_', "-");
                let col = column(cx.text, entry.key_range.start);
                let mut s = String::new();
                render_entry(
                    "valueFrom",
                    &Gen::map(vec![(
                        "secretKeyRef",
                        Gen::map(vec![("name", Gen::Str(secret)), ("key", Gen::Str(key))]),
                    )]),
                    col,
                    cx.style(),
                    &mut s,
                );
                let s = s[col..].trim_end_matches(['\n', '\r']).to_string();
                d = d.with_fix(Fix::suggestion(
                    format!("Read it from a Secret at {}.env.valueFrom", c.path),
                    vec![Edit::replace(entry.range.clone(), s)],
                ));
            }
            out.push(d);
        }
    }
}
