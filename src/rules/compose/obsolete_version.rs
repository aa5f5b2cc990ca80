//! # obsolete-version (DC006)
//!
//! ## What it does
//! Flags the top-level `version:` key of a compose file.
//!
//! ## Why is this bad?
//! The Compose Specification ignores it and `docker compose` warns that it
//! is obsolete on every run. It also misleads readers into thinking the
//! file is limited to that format's features.
//!
//! ## Example
//! ```yaml
//! version: "3.8"
//! services:
//!   web:
//!     image: nginx:1.27.2
//! ```
//!
//! ## Use instead
//! ```yaml
//! services:
//!   web:
//!     image: nginx:1.27.2
//! ```
//!
//! ## Fix safety
//! Safe: Compose ignores the key. The fix deletes its line; a comment at
//! the end of that line is kept on its own line.

use super::ComposeContext;
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::yaml_tree::{column, line_end, line_start};
use crate::syntax::FileKind;

pub static RULE: RuleMeta = RuleMeta {
    code: "DC006",
    name: "obsolete-version",
    kind: FileKind::Compose,
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    summary: "Obsolete top-level `version:`",
    source: include_str!("obsolete_version.rs"),
};

pub fn check(cx: &ComposeContext, out: &mut Vec<Diagnostic>) {
    let Some(e) = cx.root.entry("version") else {
        return;
    };
    let mut d = Diagnostic::new(
        &RULE,
        e.range.clone(),
        "`version` is obsolete: the Compose Specification ignores it and `docker compose` warns about it",
    );
    let single_line = !cx.text[e.range.clone()].contains('\n');
    let scalar = e.value.as_ref().is_none_or(|v| v.as_scalar().is_some());
    let (Some(map), true, true) = (cx.root.as_map(), single_line, scalar) else {
        out.push(d);
        return;
    };
    // Only when the key opens its line and the mapping is block-style.
    if !cx.root.flow && column(cx.text, e.key_range.start) == 0 && map.len() > 1 {
        let start = line_start(cx.text, e.range.start);
        let end = line_end(cx.text, e.range.end);
        let rest = &cx.text[e.range.end..end];
        let edit = match rest.find('#') {
            // Keep a trailing comment: delete up to it.
            Some(p) => Edit::delete(start..e.range.end + p),
            None => Edit::delete(start..end),
        };
        d = d.with_fix(Fix::safe("Remove the obsolete key at version", vec![edit]));
    }
    out.push(d);
}
