//! # secret-data-committed (KS041)
//!
//! ## What it does
//! Flags a `kind: Secret` whose `data` or `stringData` holds values.
//!
//! ## Why is this bad?
//! Base64 is an encoding, not encryption: whoever can read the repository
//! can read the secret, forever (it stays in the history after you delete
//! it).
//!
//! ## Example
//! ```yaml
//! kind: Secret
//! data:
//!   password: aHVudGVyMg==
//! ```
//!
//! ## Use instead
//! A `SealedSecret` (sealed-secrets), an `ExternalSecret`
//! (external-secrets) or a Secret created by the deployment pipeline from
//! a vault, never committed.
//!
//! ## Fix safety
//! No fix: the secret must be rotated and moved, not rewritten.

use super::DocContext;
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS041",
    name: "secret-data-committed",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "Secret with plain data committed to the repository",
    source: include_str!("secret_data_committed.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.object.kind != "Secret" {
        return;
    }
    for key in ["data", "stringData"] {
        let Some(e) = cx.object.root.entry(key) else {
            continue;
        };
        let Some(map) = e.value.as_ref().and_then(|v| v.as_map()) else {
            continue;
        };
        let literal = map.iter().any(|p| {
            p.value
                .as_ref()
                .is_some_and(|v| !v.templated && v.as_str().is_some_and(|s| !s.trim().is_empty()))
        });
        if literal {
            out.push(Diagnostic::new(
                &RULE,
                e.key_range.clone(),
                format!(
                    "Secret `{}` commits its `{key}` to the repository (base64 is not encryption); use sealed-secrets or external-secrets",
                    cx.object.name.unwrap_or("?")
                ),
            ));
        }
    }
}
