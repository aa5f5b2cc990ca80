//! # empty-schema-label (DF151)
//!
//! ## What it does
//! Flags a `LABEL` whose key is in the label schema but whose value is
//! empty. Runs only when a label schema is configured (hadolint's
//! `label-schema`).
//!
//! ## Why is this bad?
//! An empty required label satisfies the letter of the policy and none of
//! its purpose.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.version=""
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.version="1.4.2"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3051`.

use super::packages::schema_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF151",
        name: "empty-schema-label",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3051"],
        summary: "Schema label with an empty value",
        source: include_str!("empty_schema_label.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ty in [
        LabelType::Text,
        LabelType::Url,
        LabelType::Email,
        LabelType::GitHash,
        LabelType::Rfc3339,
        LabelType::SemVer,
        LabelType::Spdx,
    ] {
        for (k, v, range) in schema_labels(ctx, ty) {
            if v.trim().is_empty() {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!("label `{k}` is empty"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{lint, LabelType, LintConfig};
    use crate::syntax::FileKind;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        let config = LintConfig {
            select: Some(vec!["DF151".into()]),
            label_schema: schema.iter().map(|(k, t)| (k.to_string(), *t)).collect(),
            strict_labels: strict,
            ..LintConfig::default()
        };
        lint(None, text, FileKind::Dockerfile, &config)
            .diagnostics
            .len()
    }

    #[test]
    fn schema() {
        let s = [("version", LabelType::Text)];
        assert_eq!(count("FROM a:1\nLABEL version=\"\"\n", &s, false), 1);
        assert_eq!(count("FROM a:1\nLABEL version=1\n", &s, false), 0);
    }
}
