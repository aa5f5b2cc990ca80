//! Client settings (`workspace/configuration` section `dfix`, or the same
//! object as `initializationOptions`) and what they mean for the engine.

use serde::Deserialize;
use serde_json::Value;

use crate::engine::{Applicability, LintConfig, Severity};

/// The `dfix` settings section.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Offer and apply unsafe fixes in fix-all too (quick fixes always show
    /// them, labelled).
    pub unsafe_fixes: bool,
    /// Only these rules (codes, aliases, names or code prefixes).
    pub select: Option<Vec<String>>,
    /// Never these rules.
    pub ignore: Vec<String>,
    /// Severity per rule selector: `{"DF001": "error"}`.
    pub severity: std::collections::BTreeMap<String, String>,
    /// Where the team publishes the rule docs: a URL with `{code}` and/or
    /// `{name}` (without either, the code is appended). Each diagnostic's
    /// `codeDescription` links there.
    pub rules_url: Option<String>,
}

impl Settings {
    /// Read a settings object; accepts `{"dfix": {…}}` or the bare section.
    /// Unknown keys are ignored; a malformed value gives the defaults and a
    /// message for the client's log.
    pub fn from_value(v: &Value) -> (Settings, Option<String>) {
        let v = v.get("dfix").unwrap_or(v);
        if v.is_null() {
            return (Settings::default(), None);
        }
        match serde_json::from_value::<Settings>(v.clone()) {
            Ok(mut s) => {
                let mut problems = Vec::new();
                if let Some(u) = &s.rules_url {
                    let sample = rule_url(u, "DF001", "untagged-base-image");
                    if sample.parse::<tower_lsp_server::lsp_types::Uri>().is_err()
                        || !sample.contains(':')
                    {
                        problems.push(format!("dfix.rulesUrl: {u:?} is not a URL"));
                        s.rules_url = None;
                    }
                }
                let bad: Vec<&str> = s
                    .severity
                    .iter()
                    .filter(|(_, l)| Severity::parse(l).is_none())
                    .map(|(k, _)| k.as_str())
                    .collect();
                if !bad.is_empty() {
                    problems.push(format!(
                        "dfix.severity: unknown level for {} (use error, warning or info)",
                        bad.join(", ")
                    ));
                }
                let msg = (!problems.is_empty()).then(|| problems.join("; "));
                (s, msg)
            }
            Err(e) => (
                Settings::default(),
                Some(format!("dfix settings ignored: {e}")),
            ),
        }
    }

    pub fn lint_config(&self) -> LintConfig {
        LintConfig {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self
                .severity
                .iter()
                .filter_map(|(k, l)| Some((k.clone(), Severity::parse(l)?)))
                .collect(),
            ..LintConfig::default()
        }
    }

    /// The client's settings on top of the file's configuration (dfix.toml /
    /// .hadolint.yaml): `select` replaces, `ignore` and `severity` add (the
    /// client's severities win).
    pub fn overlay(&self, base: &LintConfig) -> LintConfig {
        let mine = self.lint_config();
        let mut c = base.clone();
        if mine.select.is_some() {
            c.select = mine.select;
        }
        c.ignore.extend(mine.ignore);
        c.severity.extend(mine.severity);
        c
    }

    /// The docs link of a rule, when `rulesUrl` is set.
    pub fn rule_url(&self, code: &str, name: &str) -> Option<String> {
        self.rules_url.as_deref().map(|u| rule_url(u, code, name))
    }

    pub fn fix_all_applicability(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}

/// `template` with `{code}` and `{name}` filled in (the code appended when
/// it has neither).
fn rule_url(template: &str, code: &str, name: &str) -> String {
    if template.contains("{code}") || template.contains("{name}") {
        template.replace("{code}", code).replace("{name}", name)
    } else {
        format!("{template}{code}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrapped_and_bare_sections() {
        let v = serde_json::json!({"dfix": {"unsafeFixes": true, "ignore": ["DF001"], "severity": {"DF012": "error", "DF002": "loud"}}});
        let (s, msg) = Settings::from_value(&v);
        assert!(s.unsafe_fixes);
        assert_eq!(s.ignore, vec!["DF001"]);
        assert_eq!(
            s.lint_config().severity,
            vec![("DF012".to_string(), Severity::Error)]
        );
        assert!(msg.unwrap().contains("DF002"));
        let (s, msg) = Settings::from_value(&serde_json::json!({"select": ["DF0"]}));
        assert_eq!(s.select, Some(vec!["DF0".to_string()]));
        assert!(msg.is_none());
        let (s, msg) = Settings::from_value(
            &serde_json::json!({"rulesUrl": "https://w.example/dfix#{code}-{name}"}),
        );
        assert!(msg.is_none());
        assert_eq!(
            s.rule_url("DF012", "apt-lists-not-cleaned").as_deref(),
            Some("https://w.example/dfix#DF012-apt-lists-not-cleaned")
        );
        let (s, _) = Settings::from_value(&serde_json::json!({"rulesUrl": "https://w.example/r/"}));
        assert_eq!(
            s.rule_url("DF001", "x").as_deref(),
            Some("https://w.example/r/DF001")
        );
        let (s, msg) = Settings::from_value(&serde_json::json!({"rulesUrl": "not a url"}));
        assert_eq!(s.rules_url, None);
        assert!(msg.unwrap().contains("rulesUrl"));
        let (s, msg) = Settings::from_value(&serde_json::json!({"unsafeFixes": "yes"}));
        assert_eq!(s, Settings::default());
        assert!(msg.is_some());
    }
}
