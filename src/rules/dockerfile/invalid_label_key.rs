//! # invalid-label-key (DF148)
//!
//! ## What it does
//! Flags a `LABEL` key that is not lower-case alphanumerics separated by
//! single `.` or `-` (reverse-DNS style, starting with a letter), or that uses
//! a namespace reserved
//! by Docker (`com.docker.`, `io.docker.`, `org.dockerproject.`).
//!
//! ## Why is this bad?
//! Tools that read labels (registries, scanners, `docker inspect` filters)
//! expect the documented key format; odd keys are silently ignored or
//! collide with Docker's own.
//!
//! ## Example
//! ```dockerfile
//! LABEL Maintainer_Name="me"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.authors="me"
//! ```
//!
//! ## Fix safety
//! No automatic fix: renaming a label breaks whatever reads it.
//!
//! Same check as hadolint's `DL3048`.

use super::util::{unquote, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF148",
        name: "invalid-label-key",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3048"],
        summary: "Invalid `LABEL` key",
        source: include_str!("invalid_label_key.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

pub fn valid_key(k: &str) -> bool {
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| k.starts_with(p))
    {
        return false;
    }
    let b = k.as_bytes();
    let Some((&first, &last)) = b.first().zip(b.last()) else {
        return false;
    };
    first.is_ascii_lowercase()
        && last.is_ascii_alphanumeric()
        && !k.contains("..")
        && !k.contains("--")
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'.' || *c == b'-')
}

/// `key=value` pairs of a LABEL (old `LABEL key value` form included), with
/// the key's range.
pub fn label_pairs(
    text: &str,
    ins: &crate::syntax::dockerfile::Instruction,
) -> Vec<(String, String, std::ops::Range<usize>)> {
    let ws = words(text, ins.args_range.clone());
    if ws.first().is_some_and(|(w, _)| !w.contains('=')) {
        let (k, r) = &ws[0];
        let v = ws[1..]
            .iter()
            .map(|(w, _)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        return vec![(unquote(k), unquote(&v), r.clone())];
    }
    ws.into_iter()
        .filter_map(|(w, r)| {
            let (k, v) = w.split_once('=')?;
            Some((unquote(k), unquote(v), r.start..r.start + k.len()))
        })
        .collect()
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "LABEL" {
            continue;
        }
        for (k, _, range) in label_pairs(ctx.text, ins) {
            if k.contains('$') || valid_key(&k) {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE.meta,
                range,
                format!("label key `{k}` is not a lower-case reverse-DNS key (or uses a namespace reserved by Docker)"),
            ));
        }
    }
}
