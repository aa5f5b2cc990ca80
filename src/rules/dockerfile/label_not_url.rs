//! # label-not-url (DF152)
//!
//! ## What it does
//! Flags a `LABEL` whose key the label schema declares as `url` when its
//! value is not a URL (`scheme:…`). Runs only when a label schema is configured
//! (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Tools that read the label (registries, SBOM and provenance tools,
//! dashboards) expect a URL (`scheme:…`); a malformed value is dropped or
//! breaks them.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.source="github.com/acme/app"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.source="https://github.com/acme/app"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3052`.

use super::packages::flag_invalid_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF152",
        name: "label-not-url",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3052"],
        summary: "Schema label `url` value is malformed",
        source: include_str!("label_not_url.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

pub fn valid(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !v.chars().any(|c| c.is_whitespace())
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_invalid_labels(
        ctx,
        &RULE.meta,
        LabelType::Url,
        valid,
        "a URL (`scheme:…`)",
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::LabelType;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        super::super::packages::count_label_findings("DF152", text, schema, strict)
    }

    #[test]
    fn schema() {
        let s = [("org.opencontainers.image.source", LabelType::Url)];
        assert_eq!(
            count(
                "FROM a:1\nLABEL org.opencontainers.image.source=\"github.com/x\"\n",
                &s,
                false
            ),
            1
        );
        assert_eq!(
            count(
                "FROM a:1\nLABEL org.opencontainers.image.source=https://github.com/x\n",
                &s,
                false
            ),
            0
        );
        assert_eq!(
            count(
                "FROM a:1\nLABEL org.opencontainers.image.source=x\n",
                &[],
                false
            ),
            0
        );
    }
}
