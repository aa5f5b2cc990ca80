//! # label-not-semver (DF156)
//!
//! ## What it does
//! Flags a `LABEL` whose key the label schema declares as `semver` when its
//! value is not a semantic version (`1.4.2`, `2.0.0-rc.1`). Runs only when a
//! label schema is configured (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Tools that read the label (registries, SBOM and provenance tools,
//! dashboards) expect a semantic version (`1.4.2`, `2.0.0-rc.1`); a malformed
//! value is dropped or breaks them.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.version="v1.2"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.version="1.2.0"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3056`.

use super::packages::flag_invalid_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF156",
        name: "label-not-semver",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3056"],
        summary: "Schema label `semver` value is malformed",
        source: include_str!("label_not_semver.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn numeric(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn idents(s: &str) -> bool {
    s.split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

pub fn valid(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(idents)
        && build.is_none_or(idents)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_invalid_labels(
        ctx,
        &RULE.meta,
        LabelType::SemVer,
        valid,
        "a semantic version (`1.4.2`, `2.0.0-rc.1`)",
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::LabelType;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        super::super::packages::count_label_findings("DF156", text, schema, strict)
    }

    #[test]
    fn schema() {
        let s = [("version", LabelType::SemVer)];
        assert_eq!(count("FROM a:1\nLABEL version=v1.2\n", &s, false), 1);
        assert_eq!(
            count("FROM a:1\nLABEL version=1.2.0-rc.1+b5\n", &s, false),
            0
        );
    }
}
