//! # missing-schema-label (DF149)
//!
//! ## What it does
//! Flags the `FROM` of a stage that does not set a label the schema lists
//! (nor inherits it from the earlier stage it is built FROM). Stages only used
//! by `COPY --from` or as the base of a later stage are not flagged.
//! Runs only when a label schema is configured (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Registries, scanners and inventories rely on the schema's labels (owner,
//! source, version) to trace an image back to its team and commit.
//!
//! ## Example
//! ```dockerfile
//! FROM nginx:1.27
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM nginx:1.27
//! LABEL org.opencontainers.image.source="https://github.com/acme/web"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the label values are unknown.
//!
//! Same check as hadolint's `DL3049`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF149",
        name: "missing-schema-label",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3049"],
        summary: "Stage without a label the schema requires",
        source: include_str!("missing_schema_label.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let schema = &ctx.config.label_schema;
    if schema.is_empty() {
        return;
    }
    let stages = ctx.stages();
    // Labels each stage ends with (inherited from a parent stage or its own).
    let mut have: Vec<Vec<String>> = Vec::new();
    for stage in stages {
        let parent = stage.image.as_ref().map(|(i, _)| i.to_ascii_lowercase());
        let mut labels: Vec<String> = parent
            .and_then(|p| {
                stages
                    .iter()
                    .position(|s| s.name.as_deref() == Some(p.as_str()))
            })
            .filter(|&i| i < have.len())
            .map(|i| have[i].clone())
            .unwrap_or_default();
        for ins in &ctx.instructions()[stage.from..stage.end] {
            if ins.keyword == "LABEL" {
                labels.extend(
                    super::invalid_label_key::label_pairs(ctx.text, ins)
                        .into_iter()
                        .map(|(k, _, _)| k),
                );
            }
        }
        have.push(labels);
    }
    for (n, stage) in stages.iter().enumerate() {
        let used_later = stage.name.as_ref().is_some_and(|name| {
            stages[n + 1..].iter().any(|s| {
                s.image
                    .as_ref()
                    .is_some_and(|(i, _)| i.eq_ignore_ascii_case(name))
            }) || ctx.instructions()[stage.end..].iter().any(|i| {
                i.flag("from")
                    .and_then(|f| f.value.as_deref())
                    .is_some_and(|v| v.eq_ignore_ascii_case(name))
            })
        });
        if used_later {
            continue;
        }
        let from = &ctx.instructions()[stage.from];
        for (k, _) in schema {
            if !have[n].contains(k) {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    from.keyword_range.clone(),
                    format!("label `{k}` is missing from this stage"),
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
            select: Some(vec!["DF149".into()]),
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
        assert_eq!(count("FROM a:1\n", &s, false), 1);
        assert_eq!(
            count("FROM a:1 AS base\nLABEL version=1\nFROM base\n", &s, false),
            0
        );
        assert_eq!(
            count(
                "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\nLABEL version=1\n",
                &s,
                false
            ),
            0
        );
        assert_eq!(count("FROM a:1\n", &[], false), 0);
    }
}
