//! Configuration files: `dfix.toml` / `.dfix.toml` and hadolint's
//! `.hadolint.yaml` / `.hadolint.yml`, found upward from a checked file and
//! turned into one `engine::LintConfig` per file.
//!
//! Owns: the file formats, discovery (nearest file upward), per-path
//! `[[overrides]]` (globs relative to the config file's directory) and the
//! failure threshold. Reading a config file is IO, so only `cli` calls
//! `Resolver`; `parse_dfix_toml` / `parse_hadolint_yaml` are pure.
//! Never touches: rules or diagnostics (it only says which rules run and how
//! severe they are).
//!
//! Precedence, from weakest to strongest: built-in defaults, the nearest
//! `.hadolint.yaml` (read unless the nearest `dfix.toml` sets
//! `hadolint-config = false`), the nearest `dfix.toml`, its matching
//! `[[overrides]]` in file order, then `--select` / `--ignore` on the
//! command line. `--config FILE` replaces discovery with one file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::engine::{LabelType, LintConfig, PullPolicyPreference, Severity};

/// File names looked for in each directory, strongest first.
pub const DFIX_NAMES: &[&str] = &["dfix.toml", ".dfix.toml"];
pub const HADOLINT_NAMES: &[&str] = &[".hadolint.yaml", ".hadolint.yml"];

/// Findings at or above this severity make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailureThreshold {
    /// Any finding fails (the default).
    #[default]
    Any,
    At(Severity),
    /// Findings never fail the run (hadolint's `none` / `ignore`).
    Never,
}

impl FailureThreshold {
    /// hadolint's names: `error`, `warning`, `info`, `style`, `ignore`,
    /// `none`; plus `any`.
    pub fn parse(s: &str) -> Option<FailureThreshold> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "ignore" | "never" => Some(FailureThreshold::Never),
            "any" | "all" => Some(FailureThreshold::Any),
            other => Severity::parse(other).map(FailureThreshold::At),
        }
    }

    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailureThreshold::Any => true,
            FailureThreshold::At(min) => severity >= min,
            FailureThreshold::Never => false,
        }
    }
}

/// The configuration that applies to one file.
#[derive(Debug, Clone, Default)]
pub struct FileConfig {
    pub lint: LintConfig,
    pub failure_threshold: FailureThreshold,
    /// The config files it came from, weakest first (for `--show-config`
    /// and error messages).
    pub sources: Vec<PathBuf>,
}

/// A configuration file that could not be read: `path:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

// ---------------------------------------------------------------------------
// dfix.toml

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DfixToml {
    select: Option<Vec<String>>,
    #[serde(default)]
    extend_select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    failure_threshold: Option<String>,
    #[serde(default)]
    trusted_registries: Vec<String>,
    #[serde(default)]
    label_schema: BTreeMap<String, String>,
    strict_labels: Option<bool>,
    disable_inline_ignores: Option<bool>,
    hadolint_config: Option<bool>,
    #[serde(default)]
    kubernetes: KubernetesToml,
    #[serde(default)]
    overrides: Vec<OverrideToml>,
}

/// `[kubernetes]`: settings of the Kubernetes rules (snake_case accepted
/// too, as `LintConfig::kubernetes` spells them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KubernetesToml {
    #[serde(alias = "default_cpu_request")]
    default_cpu_request: Option<String>,
    #[serde(alias = "default_memory_request")]
    default_memory_request: Option<String>,
    #[serde(alias = "default_memory_limit")]
    default_memory_limit: Option<String>,
    #[serde(alias = "image_pull_policy")]
    image_pull_policy: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideToml {
    files: Vec<String>,
    select: Option<Vec<String>>,
    #[serde(default)]
    extend_select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    failure_threshold: Option<String>,
    #[serde(default)]
    kubernetes: KubernetesToml,
}

/// One override: the layer applies to files its globs match.
#[derive(Debug, Clone)]
struct Override {
    globs: GlobSet,
    layer: Layer,
}

/// Settings one file contributes; `None` / empty leaves the weaker value.
#[derive(Debug, Clone, Default)]
struct Layer {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Severity)>,
    failure_threshold: Option<FailureThreshold>,
    trusted_registries: Vec<String>,
    label_schema: Vec<(String, LabelType)>,
    strict_labels: Option<bool>,
    disable_inline_ignores: Option<bool>,
    kubernetes: KubernetesLayer,
}

#[derive(Debug, Clone, Default)]
struct KubernetesLayer {
    default_cpu_request: Option<String>,
    default_memory_request: Option<String>,
    default_memory_limit: Option<String>,
    image_pull_policy: Option<PullPolicyPreference>,
}

fn kubernetes_layer(
    path: &Path,
    text: &str,
    k: KubernetesToml,
) -> Result<KubernetesLayer, ConfigError> {
    let image_pull_policy = match &k.image_pull_policy {
        None => None,
        Some(v) => Some(PullPolicyPreference::parse(v).ok_or_else(|| {
            error_at_key(
                path,
                text,
                v,
                format!(
                    "`{v}` is not an image pull policy preference (if-not-present, always, any)"
                ),
            )
        })?),
    };
    Ok(KubernetesLayer {
        default_cpu_request: k.default_cpu_request,
        default_memory_request: k.default_memory_request,
        default_memory_limit: k.default_memory_limit,
        image_pull_policy,
    })
}

impl Layer {
    fn apply(&self, out: &mut FileConfig) {
        let lint = &mut out.lint;
        if let Some(sel) = &self.select {
            lint.select = Some(sel.clone());
        }
        if !self.extend_select.is_empty() {
            if let Some(sel) = &mut lint.select {
                sel.extend(self.extend_select.iter().cloned());
            }
            // With no `select`, every rule already runs; extend-select
            // still lifts a rule out of a weaker `ignore`.
            lint.ignore
                .retain(|i| !self.extend_select.iter().any(|e| e.eq_ignore_ascii_case(i)));
        }
        lint.ignore.extend(self.ignore.iter().cloned());
        lint.severity.extend(self.severity.iter().cloned());
        if let Some(t) = self.failure_threshold {
            out.failure_threshold = t;
        }
        lint.trusted_registries
            .extend(self.trusted_registries.iter().cloned());
        for (k, v) in &self.label_schema {
            lint.label_schema.retain(|(x, _)| x != k);
            lint.label_schema.push((k.clone(), *v));
        }
        if let Some(s) = self.strict_labels {
            lint.strict_labels = s;
        }
        if let Some(d) = self.disable_inline_ignores {
            lint.disable_inline_ignores = d;
        }
        let k = &self.kubernetes;
        let target = &mut lint.kubernetes;
        if let Some(v) = &k.default_cpu_request {
            target.default_cpu_request = v.clone();
        }
        if let Some(v) = &k.default_memory_request {
            target.default_memory_request = v.clone();
        }
        if let Some(v) = &k.default_memory_limit {
            target.default_memory_limit = v.clone();
        }
        if let Some(v) = k.image_pull_policy {
            target.image_pull_policy = v;
        }
    }
}

/// A parsed `dfix.toml`.
#[derive(Debug, Clone)]
pub struct DfixConfig {
    path: PathBuf,
    base: Layer,
    overrides: Vec<Override>,
    /// `hadolint-config = false` stops `.hadolint.yaml` from being read.
    pub read_hadolint: bool,
    /// Selectors that name no rule (a typo does nothing, silently, unless
    /// someone says so).
    pub warnings: Vec<ConfigError>,
}

fn severity_map(
    path: &Path,
    text: &str,
    map: &BTreeMap<String, String>,
) -> Result<Vec<(String, Severity)>, ConfigError> {
    map.iter()
        .map(|(sel, sev)| {
            Severity::parse(sev)
                .map(|s| (sel.clone(), s))
                .ok_or_else(|| {
                    error_at_key(
                        path,
                        text,
                        sel,
                        format!("`{sev}` is not a severity (error, warning, info)"),
                    )
                })
        })
        .collect()
}

fn label_schema(
    path: &Path,
    text: &str,
    map: BTreeMap<String, String>,
) -> Result<Vec<(String, LabelType)>, ConfigError> {
    map.into_iter()
        .map(|(label, ty)| match LabelType::parse(&ty) {
            Some(t) => Ok((label, t)),
            None => Err(error_at_key(
                path,
                text,
                &label,
                format!(
                    "`{ty}` is not a label type (text, url, email, hash, rfc3339, semver, spdx)"
                ),
            )),
        })
        .collect()
}

fn threshold(
    path: &Path,
    text: &str,
    v: &Option<String>,
) -> Result<Option<FailureThreshold>, ConfigError> {
    match v {
        None => Ok(None),
        Some(s) => FailureThreshold::parse(s).map(Some).ok_or_else(|| {
            error_at_key(
                path,
                text,
                "failure-threshold",
                format!("`{s}` is not a failure threshold (error, warning, info, style, none)"),
            )
        }),
    }
}

/// Line and column (1-based) of the first occurrence of `key` in `text`,
/// for messages about a value that parsed but is wrong.
fn error_at_key(path: &Path, text: &str, key: &str, message: String) -> ConfigError {
    let offset = text.find(key).unwrap_or(0);
    let (line, column) = line_col(text, offset);
    ConfigError {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parse a `dfix.toml` text. `path` names it in errors and anchors the
/// override globs.
pub fn parse_dfix_toml(path: &Path, text: &str) -> Result<DfixConfig, ConfigError> {
    let raw: DfixToml = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        ConfigError {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().to_string(),
        }
    })?;
    let base = Layer {
        select: raw.select,
        extend_select: raw.extend_select,
        ignore: raw.ignore,
        severity: severity_map(path, text, &raw.severity)?,
        failure_threshold: threshold(path, text, &raw.failure_threshold)?,
        trusted_registries: raw.trusted_registries,
        label_schema: label_schema(path, text, raw.label_schema)?,
        strict_labels: raw.strict_labels,
        disable_inline_ignores: raw.disable_inline_ignores,
        kubernetes: kubernetes_layer(path, text, raw.kubernetes)?,
    };
    let mut overrides = Vec::new();
    for o in raw.overrides {
        let mut b = GlobSetBuilder::new();
        for g in &o.files {
            let glob = Glob::new(g).map_err(|e| {
                error_at_key(
                    path,
                    text,
                    g,
                    format!("bad glob `{g}` in [[overrides]]: {e}"),
                )
            })?;
            b.add(glob);
            // `dir` also means everything below it, like `dir/**`.
            if !g.contains('*') && !g.ends_with('/') {
                if let Ok(glob) = Glob::new(&format!("{}/**", g.trim_end_matches('/'))) {
                    b.add(glob);
                }
            }
        }
        let globs = b.build().map_err(|e| {
            error_at_key(
                path,
                text,
                "overrides",
                format!("bad [[overrides]] globs: {e}"),
            )
        })?;
        overrides.push(Override {
            globs,
            layer: Layer {
                select: o.select,
                extend_select: o.extend_select,
                ignore: o.ignore,
                severity: severity_map(path, text, &o.severity)?,
                failure_threshold: threshold(path, text, &o.failure_threshold)?,
                kubernetes: kubernetes_layer(path, text, o.kubernetes)?,
                ..Layer::default()
            },
        });
    }
    let mut selectors: Vec<&String> = Vec::new();
    for layer in std::iter::once(&base).chain(overrides.iter().map(|o| &o.layer)) {
        selectors.extend(layer.select.iter().flatten());
        selectors.extend(&layer.extend_select);
        selectors.extend(&layer.ignore);
        selectors.extend(layer.severity.iter().map(|(s, _)| s));
    }
    let all = crate::rules::all();
    let mut warnings: Vec<ConfigError> = Vec::new();
    for sel in selectors {
        if all.iter().any(|r| r.matches(sel))
            || warnings
                .iter()
                .any(|w| w.message.contains(&format!("`{sel}`")))
        {
            continue;
        }
        let quoted = format!("\"{sel}\"");
        let key = if text.contains(&quoted) { &quoted } else { sel };
        warnings.push(error_at_key(
            path,
            text,
            key,
            format!("`{sel}` names no rule (see `dfix rules`)"),
        ));
    }
    Ok(DfixConfig {
        path: path.to_path_buf(),
        base,
        overrides,
        read_hadolint: raw.hadolint_config.unwrap_or(true),
        warnings,
    })
}

impl DfixConfig {
    fn apply(&self, file: &Path, out: &mut FileConfig) {
        self.base.apply(out);
        let dir = self.path.parent().unwrap_or(Path::new(""));
        let rel = relative_to(file, dir);
        for o in &self.overrides {
            if o.globs.is_match(&rel) {
                o.layer.apply(out);
            }
        }
        out.sources.push(self.path.clone());
    }
}

/// `file` relative to `dir`, both made absolute first when possible.
fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| {
        std::path::absolute(p)
            .map(|a| normalize(&a))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (f, d) = (abs(file), abs(dir));
    f.strip_prefix(&d).map(Path::to_path_buf).unwrap_or(f)
}

/// Drop `.` and resolve `..` lexically (no file system access).
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// .hadolint.yaml

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HadolintYaml {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default, rename = "override")]
    override_: HadolintOverride,
    #[serde(default)]
    trusted_registries: Vec<String>,
    #[serde(rename = "failure-threshold")]
    failure_threshold: Option<String>,
    #[serde(default, rename = "label-schema")]
    label_schema: BTreeMap<String, String>,
    #[serde(rename = "strict-labels")]
    strict_labels: Option<bool>,
    #[serde(rename = "disable-ignore-pragma")]
    disable_ignore_pragma: Option<bool>,
    #[serde(rename = "no-fail")]
    no_fail: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct HadolintOverride {
    #[serde(default)]
    error: Vec<String>,
    #[serde(default)]
    warning: Vec<String>,
    #[serde(default)]
    info: Vec<String>,
    #[serde(default)]
    style: Vec<String>,
}

/// A parsed `.hadolint.yaml`.
#[derive(Debug, Clone)]
pub struct HadolintConfig {
    path: PathBuf,
    layer: Layer,
}

/// Parse a `.hadolint.yaml` text. Keys dfix has no use for (`format`,
/// `no-color`, …) are accepted and ignored, as hadolint does.
pub fn parse_hadolint_yaml(path: &Path, text: &str) -> Result<HadolintConfig, ConfigError> {
    // An empty file (or one with only comments) is a valid, empty config.
    let raw: HadolintYaml = if text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    }) {
        HadolintYaml::default()
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            ConfigError {
                path: path.to_path_buf(),
                line,
                column,
                message: e.to_string(),
            }
        })?
    };
    let mut severity = Vec::new();
    // hadolint's `style` is dfix's `info`; the last matching entry wins, so
    // list the strongest last.
    for (list, sev) in [
        (&raw.override_.style, Severity::Info),
        (&raw.override_.info, Severity::Info),
        (&raw.override_.warning, Severity::Warning),
        (&raw.override_.error, Severity::Error),
    ] {
        severity.extend(list.iter().map(|c| (c.clone(), sev)));
    }
    let mut failure_threshold = threshold(path, text, &raw.failure_threshold)?;
    if raw.no_fail == Some(true) {
        failure_threshold = Some(FailureThreshold::Never);
    }
    Ok(HadolintConfig {
        path: path.to_path_buf(),
        layer: Layer {
            ignore: raw.ignored,
            severity,
            failure_threshold,
            trusted_registries: raw.trusted_registries,
            label_schema: label_schema(path, text, raw.label_schema)?,
            strict_labels: raw.strict_labels,
            disable_inline_ignores: raw.disable_ignore_pragma,
            ..Layer::default()
        },
    })
}

impl HadolintConfig {
    fn apply(&self, out: &mut FileConfig) {
        self.layer.apply(out);
        out.sources.push(self.path.clone());
    }
}

// ---------------------------------------------------------------------------
// Discovery

/// A config file of either format.
#[derive(Debug, Clone)]
pub enum ConfigFile {
    Dfix(DfixConfig),
    Hadolint(HadolintConfig),
}

/// Read and parse a config file; the format comes from its name
/// (`*.toml` is dfix's, `*.yaml` / `*.yml` hadolint's).
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!("cannot read config: {e}"),
    })?;
    // Editors on Windows may save a BOM; neither format wants it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "yaml" | "yml" => parse_hadolint_yaml(path, &text).map(ConfigFile::Hadolint),
        "toml" => parse_dfix_toml(path, &text).map(ConfigFile::Dfix),
        _ => Err(ConfigError {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "unknown config format: name it *.toml (dfix) or *.yaml (hadolint)".into(),
        }),
    }
}

/// The config files that apply to a directory.
#[derive(Debug, Clone, Default)]
struct Found {
    dfix: Option<DfixConfig>,
    hadolint: Option<HadolintConfig>,
}

/// Finds and caches the configuration of each checked file.
#[derive(Debug, Default)]
pub struct Resolver {
    /// `--config FILE`: used for every file, no discovery.
    explicit: Option<ConfigFile>,
    /// Per directory: the nearest config files upward.
    cache: HashMap<PathBuf, Found>,
    /// Config files already found broken (reported once).
    errors: Vec<ConfigError>,
    /// Problems that do not stop the config from being used (reported once).
    warnings: Vec<ConfigError>,
}

impl Resolver {
    /// Discover config files upward from each checked file.
    pub fn discover() -> Resolver {
        Resolver::default()
    }

    /// Use one config file for every file.
    pub fn explicit(path: &Path) -> Result<Resolver, ConfigError> {
        let file = load(path)?;
        let warnings = match &file {
            ConfigFile::Dfix(d) => d.warnings.clone(),
            ConfigFile::Hadolint(_) => Vec::new(),
        };
        Ok(Resolver {
            explicit: Some(file),
            warnings,
            ..Resolver::default()
        })
    }

    /// Warnings about the config files read so far; each is reported once.
    pub fn take_warnings(&mut self) -> Vec<ConfigError> {
        std::mem::take(&mut self.warnings)
    }

    /// Config files that could not be read so far; each is reported once.
    pub fn take_errors(&mut self) -> Vec<ConfigError> {
        std::mem::take(&mut self.errors)
    }

    /// The configuration for `file` (a path as given on the command line or
    /// found by the walk; stdin files resolve from the current directory).
    pub fn config_for(&mut self, file: &Path) -> FileConfig {
        let mut out = FileConfig::default();
        if let Some(c) = &self.explicit {
            match c {
                ConfigFile::Dfix(d) => d.apply(file, &mut out),
                ConfigFile::Hadolint(h) => h.apply(&mut out),
            }
            return out;
        }
        let dir = std::path::absolute(file)
            .ok()
            .map(|p| normalize(&p))
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        let found = self.found_for(&dir);
        let read_hadolint = found.dfix.as_ref().is_none_or(|d| d.read_hadolint);
        if read_hadolint {
            if let Some(h) = &found.hadolint {
                h.apply(&mut out);
            }
        }
        if let Some(d) = &found.dfix {
            d.apply(file, &mut out);
        }
        out
    }

    fn found_for(&mut self, dir: &Path) -> Found {
        if let Some(f) = self.cache.get(dir) {
            return f.clone();
        }
        let parent = dir.parent().map(|p| self.found_for(p)).unwrap_or_default();
        let mut here = parent;
        // The nearest file of each format wins; a dfix.toml closer than a
        // .hadolint.yaml does not hide it (see `hadolint-config`).
        if let Some(p) = first_existing(dir, DFIX_NAMES) {
            match load(&p) {
                Ok(ConfigFile::Dfix(d)) => {
                    self.warnings.extend(d.warnings.iter().cloned());
                    here.dfix = Some(d)
                }
                Ok(ConfigFile::Hadolint(_)) => {}
                Err(e) => self.errors.push(e),
            }
        }
        if let Some(p) = first_existing(dir, HADOLINT_NAMES) {
            match load(&p) {
                Ok(ConfigFile::Hadolint(h)) => here.hadolint = Some(h),
                Ok(ConfigFile::Dfix(_)) => {}
                Err(e) => self.errors.push(e),
            }
        }
        self.cache.insert(dir.to_path_buf(), here.clone());
        here
    }
}

fn first_existing(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("dfix.toml");
        std::fs::write(&p, "\u{feff}ignore = [\"DF001\"]\n").unwrap();
        match load(&p) {
            Ok(ConfigFile::Dfix(d)) => assert_eq!(d.base.ignore, vec!["DF001".to_string()]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn thresholds() {
        assert_eq!(
            FailureThreshold::parse("style"),
            Some(FailureThreshold::At(Severity::Info))
        );
        assert_eq!(
            FailureThreshold::parse("none"),
            Some(FailureThreshold::Never)
        );
        assert!(FailureThreshold::At(Severity::Warning).fails(Severity::Error));
        assert!(!FailureThreshold::At(Severity::Warning).fails(Severity::Info));
        assert!(!FailureThreshold::Never.fails(Severity::Error));
    }

    #[test]
    fn toml_error_has_position() {
        let e =
            parse_dfix_toml(Path::new("dfix.toml"), "select = [\"DF\"]\nbogus = 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("bogus"), "{}", e.message);
    }

    #[test]
    fn unknown_selectors_are_warned_about() {
        let text = "select = [\"DF\", \"DF9999\"]\n[severity]\nnot-a-rule = \"error\"\n";
        let d = parse_dfix_toml(Path::new("dfix.toml"), text).unwrap();
        let w: Vec<_> = d
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.as_str()))
            .collect();
        assert_eq!(
            w,
            vec![
                (1, 17, "`DF9999` names no rule (see `dfix rules`)"),
                (3, 1, "`not-a-rule` names no rule (see `dfix rules`)"),
            ]
        );
    }

    #[test]
    fn hadolint_override_severity() {
        let h = parse_hadolint_yaml(
            Path::new(".hadolint.yaml"),
            "override:\n  error: [DL3008]\n  style: [DL3015]\nignored: [DL3006]\n",
        )
        .unwrap();
        let mut fc = FileConfig::default();
        h.apply(&mut fc);
        assert_eq!(fc.lint.ignore, vec!["DL3006".to_string()]);
        assert!(fc
            .lint
            .severity
            .contains(&("DL3008".to_string(), Severity::Error)));
        assert!(fc
            .lint
            .severity
            .contains(&("DL3015".to_string(), Severity::Info)));
    }
}
