//! # label-not-git-hash (DF155)
//!
//! ## What it does
//! Flags a `LABEL` whose key the label schema declares as `hash` when its
//! value is not a git commit hash (7 or 40 hex digits). Runs only when a label
//! schema is configured (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Tools that read the label (registries, SBOM and provenance tools,
//! dashboards) expect a git commit hash (7 or 40 hex digits); a malformed value
//! is dropped or breaks them.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.revision="main"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.revision="3f2a9c1"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3055`.

use super::packages::flag_invalid_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF155",
        name: "label-not-git-hash",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3055"],
        summary: "Schema label `hash` value is malformed",
        source: include_str!("label_not_git_hash.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

pub fn valid(v: &str) -> bool {
    (v.len() == 7 || v.len() == 40) && v.chars().all(|c| c.is_ascii_hexdigit())
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_invalid_labels(
        ctx,
        &RULE.meta,
        LabelType::GitHash,
        valid,
        "a git commit hash (7 or 40 hex digits)",
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::LabelType;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        super::super::packages::count_label_findings("DF155", text, schema, strict)
    }

    #[test]
    fn schema() {
        let s = [("rev", LabelType::GitHash)];
        assert_eq!(count("FROM a:1\nLABEL rev=main\n", &s, false), 1);
        assert_eq!(count("FROM a:1\nLABEL rev=3f2a9c1\n", &s, false), 0);
    }
}
