//! The rule registry and the per-kind lint passes.
//!
//! Owns: `RuleMeta` (code, name, severity, fix availability, aliases, docs)
//! and the flat table of every rule; running the rules of one file kind over
//! a parsed document. Each rule lives in its own file whose `//!` comment is
//! its documentation (`dfix rule CODE` prints it).
//! Never touches: IO, fix application, output formats.

pub mod compose;
pub mod dockerfile;
pub mod kubernetes;
pub mod syntax_error;

use std::path::Path;

use crate::engine::{LintResult, Severity};
use crate::syntax::FileKind;

/// Whether a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    Never,
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Never => "never",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// What a rule is.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `DF012`.
    pub code: &'static str,
    /// kebab-case name, e.g. `apt-lists-not-cleaned`.
    pub name: &'static str,
    pub kind: FileKind,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// The same check in other tools: `hadolint/DL3009`,
    /// `buildkit/JSONArgsRecommended`, `kube-linter/latest-tag`, `checkov/CKV_K8S_14`.
    pub aliases: &'static [&'static str],
    /// One line.
    pub summary: &'static str,
    /// The rule's source file; its leading `//!` lines are the docs.
    pub source: &'static str,
}

impl RuleMeta {
    /// Does a selector (code, alias with or without tool prefix, name, code
    /// prefix, or `tool/` prefix) name this rule?
    pub fn matches(&self, sel: &str) -> bool {
        let sel = sel.trim();
        if sel.is_empty() {
            return false;
        }
        if sel.eq_ignore_ascii_case(self.code) || sel.eq_ignore_ascii_case(self.name) {
            return true;
        }
        for a in self.aliases {
            if sel.eq_ignore_ascii_case(a) {
                return true;
            }
            if let Some((_, bare)) = a.split_once('/') {
                if sel.eq_ignore_ascii_case(bare) {
                    return true;
                }
            }
        }
        if sel.ends_with('/') && self.has_alias_prefix(sel) {
            return true;
        }
        // Code prefix: `DF`, `DF01`.
        sel.len() >= 2
            && sel.len() < self.code.len()
            && self.code.len() >= sel.len()
            && self.code[..sel.len()].eq_ignore_ascii_case(sel)
            && sel.chars().all(|c| c.is_ascii_alphanumeric())
    }

    pub fn has_alias_prefix(&self, prefix: &str) -> bool {
        self.aliases.iter().any(|a| a.starts_with(prefix))
    }

    /// The rule's documentation (markdown).
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix("//!") {
                out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                out.push('\n');
            } else if !t.is_empty() {
                break;
            }
        }
        out
    }
}

/// Rules that run only when selected by code, alias or name (hadolint keeps
/// these off by default too): HEALTHCHECK required, inline pragmas banned.
pub const OPT_IN: &[&str] = &["DF157", "DF163", "DF180"];

impl RuleMeta {
    pub fn is_opt_in(&self) -> bool {
        OPT_IN.contains(&self.code)
    }

    /// Does a selector name this rule itself (code, alias or name), not
    /// through a prefix?
    pub fn named_by(&self, sel: &str) -> bool {
        let sel = sel.trim();
        sel.eq_ignore_ascii_case(self.code)
            || sel.eq_ignore_ascii_case(self.name)
            || self.aliases.iter().any(|a| {
                sel.eq_ignore_ascii_case(a)
                    || a.split_once('/')
                        .is_some_and(|(_, b)| sel.eq_ignore_ascii_case(b))
            })
    }
}

/// Every rule, in code order.
pub fn all() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = Vec::new();
    v.extend(syntax_error::RULES.iter().copied());
    v.extend(dockerfile::RULES.iter().map(|r| &r.meta));
    v.extend(kubernetes::RULES.iter().copied());
    v.extend(compose::RULES.iter().copied());
    v.extend(crate::pin::RULES.iter().copied());
    v.sort_by_key(|r| r.code);
    v
}

/// Find a rule by code, alias or name.
pub fn find(sel: &str) -> Option<&'static RuleMeta> {
    let all = all();
    all.iter()
        .find(|r| r.code.eq_ignore_ascii_case(sel) || r.name.eq_ignore_ascii_case(sel))
        .or_else(|| {
            // A rule whose main (first) alias it is wins over rules that
            // also cover part of that check.
            let alias = |a: &&str| {
                a.eq_ignore_ascii_case(sel)
                    || a.split_once('/')
                        .is_some_and(|(_, b)| b.eq_ignore_ascii_case(sel))
            };
            all.iter()
                .find(|r| r.aliases.first().is_some_and(alias))
                .or_else(|| all.iter().find(|r| r.aliases.iter().any(alias)))
        })
        .copied()
}

/// Run every rule for `kind` over `text`.
pub fn run(path: Option<&Path>, text: &str, kind: FileKind) -> LintResult {
    run_with_config(path, text, kind, &crate::engine::LintConfig::default())
}

/// Run every rule for `kind` over `text`, with rule settings from `config`.
pub fn run_with_config(
    path: Option<&Path>,
    text: &str,
    kind: FileKind,
    config: &crate::engine::LintConfig,
) -> LintResult {
    match kind {
        FileKind::Dockerfile => dockerfile::run_with(path, text, config),
        FileKind::Kubernetes => kubernetes::run(path, text, config),
        FileKind::Compose => compose::run(path, text),
        FileKind::Yaml if kubernetes::values::is_values_file(path) => kubernetes::values::run(text),
        FileKind::Dockerignore | FileKind::Yaml => LintResult {
            diagnostics: Vec::new(),
            syntax_error_count: 0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        let all = all();
        let mut codes: Vec<_> = all.iter().map(|r| r.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "duplicate rule codes");
        for r in &all {
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.name
            );
            let docs = r.docs();
            for h in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## Fix safety",
            ] {
                assert!(docs.contains(h), "{} docs lack `{h}`", r.code);
            }
            assert_eq!(find(r.code).map(|x| x.code), Some(r.code));
            for a in r.aliases {
                assert!(a.contains('/'), "{}: alias {a} lacks a tool prefix", r.code);
            }
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        // Invariant: each file in src/rules/dockerfile/ declares a rule that is in the table.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/dockerfile");
        let all = all();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            if ["mod", "context", "util", "packages", "windows"].contains(&name.as_str()) {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            assert!(
                all.iter().any(|r| r.source == src),
                "{} is not in the rule table",
                path.display()
            );
        }
    }

    #[test]
    fn selectors() {
        let r = find("DL3009").expect("alias lookup");
        assert_eq!(r.code, "DF012");
        assert!(r.matches("hadolint/DL3009"));
        assert!(r.matches("apt-lists-not-cleaned"));
        assert!(r.matches("DF"));
        assert!(!r.matches("KS"));
    }
}
