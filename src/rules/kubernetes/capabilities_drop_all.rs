//! # capabilities-drop-all (KS012)
//!
//! ## What it does
//! Flags a container whose `securityContext.capabilities.drop` does not
//! contain `ALL`.
//!
//! ## Why is this bad?
//! Containers start with a default set of Linux capabilities (`NET_RAW`,
//! `CHOWN`, `SETUID`, …) that most apps never use and attackers love
//! (`NET_RAW` allows ARP/DNS spoofing inside the cluster). Dropping `ALL`
//! and adding back only what is needed is Pod Security "restricted".
//!
//! ## Example
//! ```yaml
//! securityContext:
//!   allowPrivilegeEscalation: false
//! ```
//!
//! ## Use instead
//! ```yaml
//! securityContext:
//!   allowPrivilegeEscalation: false
//!   capabilities:
//!     drop:
//!       - ALL
//! ```
//!
//! ## Fix safety
//! Unsafe: an app that binds a port below 1024 or changes file owners
//! needs the capability added back (`add: ["NET_BIND_SERVICE"]`). The fix
//! appends `ALL` to an existing `drop` list, or inserts the list.

use super::util::{at_container, container_fix};
use super::DocContext;
use crate::engine::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{append_items, Gen, Value};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "KS012",
    name: "capabilities-drop-all",
    kind: FileKind::Kubernetes,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    aliases: &["checkov/CKV_K8S_37", "polaris/insecureCapabilities"],
    summary: "Container keeps the default Linux capabilities",
    source: include_str!("capabilities_drop_all.rs"),
};

pub fn check(cx: &DocContext, out: &mut Vec<Diagnostic>) {
    if cx.is_windows() {
        return;
    }
    for c in &cx.object.containers {
        if cx.keys_unknown(c) {
            continue;
        }
        if c.value.get("securityContext").is_some_and(|v| v.templated) {
            continue;
        }
        let drop = c.value.path(&["securityContext", "capabilities", "drop"]);
        let items = drop.and_then(Value::as_seq);
        if items.is_some_and(|s| {
            s.iter()
                .any(|i| i.as_str().is_some_and(|x| x.eq_ignore_ascii_case("all")))
        }) {
            continue;
        }
        let title = format!(
            "Drop ALL capabilities at {}.securityContext.capabilities.drop",
            c.path
        );
        let mut d = at_container(
            &RULE,
            c,
            drop,
            format!(
                "{} keeps the default Linux capabilities (NET_RAW, SETUID, …); drop `ALL` and add back only what it needs",
                super::missing_resources::capitalize(&c.label())
            ),
        );
        let fix = match (drop, items) {
            (Some(seq), Some(_)) => append_items(cx.text, cx.style(), seq, &[Gen::str("ALL")])
                .map(|e| Fix::new(title, Applicability::Unsafe, e)),
            (Some(_), None) => None,
            (None, _) => container_fix(
                cx,
                c,
                Gen::at(
                    &["securityContext", "capabilities", "drop"],
                    Gen::Seq(vec![Gen::str("ALL")]),
                ),
                title,
                Applicability::Unsafe,
            ),
        };
        if let Some(f) = fix {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}
