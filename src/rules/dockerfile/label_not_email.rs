//! # label-not-email (DF158)
//!
//! ## What it does
//! Flags a `LABEL` whose key the label schema declares as `email` when its
//! value is not an e-mail address. Runs only when a label schema is configured
//! (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Tools that read the label (registries, SBOM and provenance tools,
//! dashboards) expect an e-mail address; a malformed value is dropped or breaks
//! them.
//!
//! ## Example
//! ```dockerfile
//! LABEL maintainer.email="jane at example.com"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL maintainer.email="jane@example.com"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3058`.

use super::packages::flag_invalid_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF158",
        name: "label-not-email",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3058"],
        summary: "Schema label `email` value is malformed",
        source: include_str!("label_not_email.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

pub fn valid(v: &str) -> bool {
    let v = match (v.find('<'), v.rfind('>')) {
        (Some(a), Some(b)) if a < b => &v[a + 1..b],
        _ => v,
    };
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(char::is_whitespace)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_invalid_labels(
        ctx,
        &RULE.meta,
        LabelType::Email,
        valid,
        "an e-mail address",
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::LabelType;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        super::super::packages::count_label_findings("DF158", text, schema, strict)
    }

    #[test]
    fn schema() {
        let s = [("mail", LabelType::Email)];
        assert_eq!(
            count("FROM a:1\nLABEL mail=\"jane at example.com\"\n", &s, false),
            1
        );
        assert_eq!(
            count("FROM a:1\nLABEL mail=jane@example.com\n", &s, false),
            0
        );
    }
}
