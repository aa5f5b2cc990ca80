//! The engine: diagnostics, edits, fixes, the lint pass and fix application.
//!
//! Owns: `Diagnostic`, `Edit`, `Fix`, `Applicability`; running the rules of a
//! document's kind; inline ignores; applying fixes to a fixpoint with
//! rollback of any fix that adds a syntax error.
//! Never touches: IO, terminals, LSP or CLI types. Everything is byte offsets
//! into the text it was given.

pub mod apply;
pub mod ignore;

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use crate::rules::{self, RuleMeta};
use crate::syntax::FileKind;

pub use apply::{fix_text, FixOptions, FixOutcome};

/// How sure we are that a fix keeps behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Shown, never applied automatically.
    Suggestion,
    /// May change what the image or workload does: opt-in with `--unsafe`.
    Unsafe,
    /// Cannot change what the image or workload does.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Suggestion => "suggestion",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "style" | "note" | "hint" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Replace `range` of the original text with `content`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn insert(at: usize, content: impl Into<String>) -> Edit {
        Edit {
            range: at..at,
            content: content.into(),
        }
    }

    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Edit {
        Edit {
            range,
            content: content.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit {
            range,
            content: String::new(),
        }
    }
}

/// A set of edits that together fix one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Sorted by start, non-overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Safe, edits)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    pub fn suggestion(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Suggestion, edits)
    }

    /// The covering range of all edits.
    pub fn span(&self) -> Range<usize> {
        let start = self.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
        start..end
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub range: Range<usize>,
    pub message: String,
    pub severity: Severity,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            range,
            message: message.into(),
            severity: rule.severity,
            fix: None,
        }
    }

    /// Move its range and its fix's edits by `by` bytes (the text before
    /// them grew or shrank).
    pub fn shift(&mut self, by: isize) {
        let moved = |r: &mut Range<usize>| {
            *r = (r.start as isize + by) as usize..(r.end as isize + by) as usize;
        };
        moved(&mut self.range);
        if let Some(f) = &mut self.fix {
            for e in &mut f.edits {
                moved(&mut e.range);
            }
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// Which rules run and how severe they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LintConfig {
    /// When set, only rules matching one of these (code, alias, name or
    /// code prefix) run.
    pub select: Option<Vec<String>>,
    /// Rules matching one of these never run.
    pub ignore: Vec<String>,
    /// Severity per rule selector.
    pub severity: Vec<(String, Severity)>,
    /// Registries `FROM` may pull from (hadolint `trustedRegistries`; globs
    /// with `*`). Empty: any registry (the trusted-registry rule is silent).
    pub trusted_registries: Vec<String>,
    /// Labels every image must carry, with the format of their value
    /// (hadolint `label-schema`).
    pub label_schema: Vec<(String, LabelType)>,
    /// Labels outside `label_schema` are reported (hadolint `strict-labels`).
    pub strict_labels: bool,
    /// Ignore comments (`# hadolint ignore=…`, `# dfix: ignore[…]`,
    /// `# check=skip=…`) are not honoured (hadolint's
    /// `disable-ignore-pragma`).
    pub disable_inline_ignores: bool,
    /// Settings of the Kubernetes rules.
    pub kubernetes: KubernetesConfig,
    /// What the caller gathered by IO before the lint (build context,
    /// resolved digests); empty by default.
    pub inputs: LintInputs,
}

/// Facts gathered by IO before a pure lint: rules read them, never fetch
/// them. The CLI (and the language server) fill them in.
#[derive(Debug, Clone, Default)]
pub struct LintInputs {
    /// The Dockerfile's build context (`.dockerignore` rules).
    pub build_context: Option<std::sync::Arc<crate::dockerignore::BuildContext>>,
    /// Digests resolved from registries (`--pin-digests`).
    pub digests: Option<std::sync::Arc<crate::pin::DigestMap>>,
}

/// The same facts: the same gathered copies (what was gathered is not
/// compared, only whether it is the one gathered).
impl PartialEq for LintInputs {
    fn eq(&self, other: &LintInputs) -> bool {
        fn same<T>(a: &Option<std::sync::Arc<T>>, b: &Option<std::sync::Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        same(&self.build_context, &other.build_context) && same(&self.digests, &other.digests)
    }
}

/// The value format a schema label must have (hadolint `label-schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelType {
    Text,
    Url,
    Email,
    GitHash,
    Rfc3339,
    SemVer,
    Spdx,
}

impl LabelType {
    /// hadolint's names: `text`, `url`, `email`, `hash`, `rfc3339`, `semver`, `spdx`.
    pub fn parse(s: &str) -> Option<LabelType> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "text" => LabelType::Text,
            "url" => LabelType::Url,
            "email" => LabelType::Email,
            "hash" => LabelType::GitHash,
            "rfc3339" => LabelType::Rfc3339,
            "semver" => LabelType::SemVer,
            "spdx" => LabelType::Spdx,
            _ => return None,
        })
    }
}

/// Settings of the Kubernetes rules (`[kubernetes]` in dfix.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubernetesConfig {
    /// `resources.requests.cpu` inserted by the missing-resources fix.
    pub default_cpu_request: String,
    /// `resources.requests.memory` inserted by the missing-resources fix.
    pub default_memory_request: String,
    /// `resources.limits.memory` inserted by the missing-resources fix.
    pub default_memory_limit: String,
    /// The `imagePullPolicy` KS002 asks pinned images to use.
    pub image_pull_policy: PullPolicyPreference,
}

/// Which `imagePullPolicy` pinned images should have
/// (`image_pull_policy = "if-not-present" | "always" | "any"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PullPolicyPreference {
    /// Flag `Always` on pinned images: a registry round-trip per pod start.
    #[default]
    IfNotPresent,
    /// Flag pinned images that do not say `Always` (clusters that rely on
    /// the pull to re-check registry credentials).
    Always,
    /// KS002 is silent.
    Any,
}

impl PullPolicyPreference {
    pub fn parse(s: &str) -> Option<PullPolicyPreference> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "ifnotpresent" => Some(PullPolicyPreference::IfNotPresent),
            "always" => Some(PullPolicyPreference::Always),
            "any" | "off" => Some(PullPolicyPreference::Any),
            _ => None,
        }
    }
}

impl Default for KubernetesConfig {
    fn default() -> Self {
        KubernetesConfig {
            default_cpu_request: "100m".into(),
            default_memory_request: "128Mi".into(),
            default_memory_limit: "256Mi".into(),
            image_pull_policy: PullPolicyPreference::IfNotPresent,
        }
    }
}

impl LintConfig {
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        if self.ignore.iter().any(|s| rule.matches(s)) {
            return false;
        }
        if rule.is_opt_in() {
            return self
                .select
                .as_ref()
                .is_some_and(|sel| sel.iter().any(|s| rule.named_by(s)));
        }
        match &self.select {
            Some(sel) => sel.iter().any(|s| rule.matches(s)),
            None => true,
        }
    }

    pub fn severity_of(&self, rule: &RuleMeta, default: Severity) -> Severity {
        self.severity
            .iter()
            .rev()
            .find(|(s, _)| rule.matches(s))
            .map(|(_, sev)| *sev)
            .unwrap_or(default)
    }
}

/// The result of linting one text.
#[derive(Debug, Clone)]
pub struct LintResult {
    pub diagnostics: Vec<Diagnostic>,
    /// Number of syntax errors the lint pass saw; `fix_text` adds the
    /// tree's ERROR/MISSING nodes (see `syntax_error_count`). A fix must
    /// never raise the total.
    pub syntax_error_count: usize,
}

/// Syntax errors of a text: what the lint pass counted plus the ERROR and
/// MISSING nodes of the document's tree-sitter tree (for Dockerfiles; YAML
/// lint passes count their trees themselves).
pub fn syntax_error_count(result: &LintResult, text: &str, kind: FileKind) -> usize {
    let tree = match kind {
        FileKind::Dockerfile => {
            crate::syntax::parse_tree(&crate::syntax::dockerfile::language(), text, None)
                .map(|t| crate::syntax::tree_errors(&t, 0).0)
                .unwrap_or(0)
        }
        _ => 0,
    };
    result.syntax_error_count + tree
}

/// Lint `text` as a file of `kind`. Pure: no IO.
pub fn lint(path: Option<&Path>, text: &str, kind: FileKind, config: &LintConfig) -> LintResult {
    if kind == FileKind::Dockerfile {
        let df = crate::syntax::dockerfile::Dockerfile::parse(text);
        let raw = rules::dockerfile::run_parsed(path, text, &df, config);
        return finish_lint_parsed(text, kind, config, raw, Some(&df));
    }
    finish_lint(
        text,
        kind,
        config,
        rules::run_with_config(path, text, kind, config),
    )
}

/// The part of `lint` after the rules ran: digest pins, rule selection,
/// severity overrides, inline ignores, order. Callers that run rules
/// piecewise (the language server, per YAML document) finish with this over
/// the whole text.
pub fn finish_lint(
    text: &str,
    kind: FileKind,
    config: &LintConfig,
    result: LintResult,
) -> LintResult {
    finish_lint_parsed(text, kind, config, result, None)
}

/// [`finish_lint`] with the Dockerfile's model, when the caller has it
/// (the pragma passes read its comments instead of parsing again).
pub fn finish_lint_parsed(
    text: &str,
    kind: FileKind,
    config: &LintConfig,
    mut result: LintResult,
    parsed: Option<&crate::syntax::dockerfile::Dockerfile>,
) -> LintResult {
    if let Some(map) = &config.inputs.digests {
        result
            .diagnostics
            .extend(crate::pin::diagnostics(text, kind, map));
    }
    result.diagnostics.retain(|d| config.enabled(d.rule));
    for d in &mut result.diagnostics {
        d.severity = config.severity_of(d.rule, d.severity);
    }
    if !config.disable_inline_ignores {
        ignore::apply_inline_ignores(text, kind, &mut result.diagnostics, parsed);
    }
    ignore::apply_severity_pragmas(text, kind, &mut result.diagnostics, parsed);
    result.diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code).cmp(&(b.range.start, b.range.end, b.rule.code))
    });
    result.diagnostics.dedup_by(|a, b| {
        a.rule.code == b.rule.code && a.range == b.range && a.message == b.message
    });
    result
}
