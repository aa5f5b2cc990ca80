//! # superfluous-label (DF150)
//!
//! ## What it does
//! With `strict-labels` on, flags a `LABEL` key that the label schema does
//! not list.
//!
//! ## Why is this bad?
//! A strict schema keeps label names consistent across an organisation's
//! images; stray keys are usually typos of schema keys.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.verison="1.4.2"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.version="1.4.2"
//! ```
//!
//! ## Fix safety
//! No automatic fix: renaming a label breaks whatever reads it.
//!
//! Same check as hadolint's `DL3050`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF150",
        name: "superfluous-label",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3050"],
        summary: "Label outside the label schema",
        source: include_str!("superfluous_label.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.config.strict_labels || ctx.config.label_schema.is_empty() {
        return;
    }
    for ins in ctx.instructions() {
        if ins.keyword != "LABEL" {
            continue;
        }
        for (k, _, range) in super::invalid_label_key::label_pairs(ctx.text, ins) {
            if !ctx.config.label_schema.iter().any(|(s, _)| *s == k) {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!("label `{k}` is not in the label schema"),
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
            select: Some(vec!["DF150".into()]),
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
        assert_eq!(count("FROM a:1\nLABEL version=1 other=2\n", &s, true), 1);
        assert_eq!(count("FROM a:1\nLABEL version=1 other=2\n", &s, false), 0);
    }
}
