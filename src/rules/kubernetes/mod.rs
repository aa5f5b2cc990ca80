//! Kubernetes manifest rules.
//!
//! Owns: the rules over Kubernetes YAML documents, the object model they
//! read (`Object`: kind, metadata, the pod spec of every workload kind and
//! its containers/initContainers, each with its YAML path), the per-object
//! ignore annotations, and the two passes: `lint_document` (rules local to
//! one `---` document; what the language server re-runs on the edited
//! document) and `cross_document` (HPA → workload, Service → pod templates)
//! over small per-document `Summary`s. `run` combines both.
//! Never touches: IO or fix application.

mod allow_privilege_escalation;
mod capabilities_drop_all;
mod docker_socket_mount;
pub mod env_literal_secret;
mod host_namespaces;
mod hpa_target_without_cpu_request;
mod image_pull_policy_always;
pub mod latest_tag;
mod liveness_probe_aggressive;
mod memory_limit_equals_request;
mod missing_liveness_probe;
mod missing_readiness_probe;
mod missing_resources;
mod privileged_container;
mod read_only_root_filesystem;
mod run_as_non_root;
mod seccomp_profile;
mod secret_data_committed;
mod service_selector_no_match;
pub mod values;

use std::ops::Range;
use std::path::Path;

use crate::engine::{Diagnostic, KubernetesConfig, LintConfig, LintResult};
use crate::rules::RuleMeta;
use crate::syntax::yaml_tree::{Style, Value, YamlDoc};

/// A per-document check.
type Check = fn(&DocContext, &mut Vec<Diagnostic>);

/// Every Kubernetes rule.
pub static RULES: &[&RuleMeta] = &[
    &latest_tag::RULE,
    &image_pull_policy_always::RULE,
    &missing_resources::RULE,
    &memory_limit_equals_request::RULE,
    &hpa_target_without_cpu_request::RULE,
    &run_as_non_root::RULE,
    &allow_privilege_escalation::RULE,
    &capabilities_drop_all::RULE,
    &seccomp_profile::RULE,
    &read_only_root_filesystem::RULE,
    &privileged_container::RULE,
    &host_namespaces::RULE,
    &docker_socket_mount::RULE,
    &missing_readiness_probe::RULE,
    &missing_liveness_probe::RULE,
    &liveness_probe_aggressive::RULE,
    &env_literal_secret::RULE,
    &secret_data_committed::RULE,
    &service_selector_no_match::RULE,
];

static CHECKS: &[Check] = &[
    latest_tag::check,
    image_pull_policy_always::check,
    missing_resources::check,
    memory_limit_equals_request::check,
    run_as_non_root::check,
    allow_privilege_escalation::check,
    capabilities_drop_all::check,
    seccomp_profile::check,
    read_only_root_filesystem::check,
    privileged_container::check,
    host_namespaces::check,
    docker_socket_mount::check,
    missing_readiness_probe::check,
    missing_liveness_probe::check,
    liveness_probe_aggressive::check,
    env_literal_secret::check,
    secret_data_committed::check,
];

/// Kinds whose pod template is checked, and where the pod spec sits.
pub fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Pod" => &["spec"],
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => &["spec", "template", "spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    })
}

/// A container (or init container) of a pod spec.
pub struct Container<'a> {
    pub value: &'a Value,
    /// YAML path inside the document, e.g. `spec.template.spec.containers[0]`.
    pub path: String,
    pub init: bool,
    pub name: Option<&'a str>,
}

impl Container<'_> {
    /// `containers[0] (web)`, for messages.
    pub fn label(&self) -> String {
        match self.name {
            Some(n) => format!("container `{n}`"),
            None => format!(
                "{} {}",
                if self.init {
                    "init container"
                } else {
                    "container"
                },
                self.path.rsplit('.').next().unwrap_or_default()
            ),
        }
    }
}

/// One Kubernetes object (the root mapping of a document).
pub struct Object<'a> {
    pub root: &'a Value,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    /// The pod spec of a workload, and its path.
    pub pod_spec: Option<(&'a Value, String)>,
    /// Labels of the pod template (workloads) .
    pub template_labels: Option<&'a Value>,
    pub containers: Vec<Container<'a>>,
}

impl<'a> Object<'a> {
    /// `base`: the object's path prefix in its document (`items[2].` in a
    /// `kind: List`, else empty).
    pub fn new(root: &'a Value, base: &str) -> Option<Object<'a>> {
        let kind = root.get_str("kind")?;
        let name = root.path(&["metadata", "name"]).and_then(Value::as_str);
        let mut obj = Object {
            root,
            kind,
            name,
            pod_spec: None,
            template_labels: None,
            containers: Vec::new(),
        };
        if let Some(path) = pod_spec_path(kind) {
            if let Some(spec) = root.path(path).filter(|v| v.as_map().is_some()) {
                let spec_path = format!("{base}{}", path.join("."));
                for (field, init) in [("initContainers", true), ("containers", false)] {
                    if let Some(items) = spec.get(field).and_then(Value::as_seq) {
                        for (i, c) in items.iter().enumerate() {
                            if c.as_map().is_none() {
                                continue;
                            }
                            obj.containers.push(Container {
                                value: c,
                                path: format!("{spec_path}.{field}[{i}]"),
                                init,
                                name: c.get_str("name"),
                            });
                        }
                    }
                }
                obj.pod_spec = Some((spec, spec_path));
                let meta_path = &path[..path.len() - 1];
                obj.template_labels = if kind == "Pod" {
                    root.path(&["metadata", "labels"])
                } else {
                    root.path(meta_path)
                        .and_then(|t| t.path(&["metadata", "labels"]))
                };
            }
        }
        Some(obj)
    }

    /// Containers that run for the life of the pod (not init containers).
    pub fn app_containers(&self) -> impl Iterator<Item = &Container<'a>> {
        self.containers.iter().filter(|c| !c.init)
    }

    pub fn is_batch(&self) -> bool {
        matches!(self.kind, "Job" | "CronJob")
    }
}

/// What a per-document rule reads.
pub struct DocContext<'a> {
    pub text: &'a str,
    pub doc: &'a YamlDoc,
    pub object: Object<'a>,
    /// Detected on first use: only fixes need it, and a 20k-line CRD has
    /// no container to fix.
    style: std::cell::OnceCell<Style>,
    pub config: &'a KubernetesConfig,
}

impl DocContext<'_> {
    /// A Windows pod (`spec.os.name: windows` or a Windows node selector):
    /// the Linux security settings (`runAsNonRoot`, capabilities, seccomp,
    /// read-only root) do not apply to it.
    pub fn is_windows(&self) -> bool {
        let Some((spec, _)) = &self.object.pod_spec else {
            return false;
        };
        let os = spec.path(&["os", "name"]).and_then(Value::as_str);
        let selector = spec
            .get("nodeSelector")
            .and_then(|n| {
                n.get("kubernetes.io/os")
                    .or_else(|| n.get("beta.kubernetes.io/os"))
            })
            .and_then(Value::as_str);
        os == Some("windows") || selector == Some("windows")
    }

    /// How the document is written (indent, sequences, quotes, newlines).
    pub fn style(&self) -> &Style {
        self.style
            .get_or_init(|| Style::detect(self.text, self.doc.root.as_ref()))
    }

    /// Whether keys of this container may come from elsewhere: a merge key,
    /// or (in a Helm template) a whole-line action in the pod spec. Then a
    /// missing key is not a finding, since the real object may have it.
    pub fn keys_unknown(&self, c: &Container) -> bool {
        // A merge key (`<<: *base`) brings keys the model does not resolve.
        if c.value.has_merge_key() {
            return true;
        }
        if !self.doc.templated {
            return false;
        }
        let range = match &self.object.pod_spec {
            Some((spec, _)) => spec.range.clone(),
            None => c.value.range.clone(),
        };
        crate::syntax::yaml_tree::has_line_template(self.text, range)
    }

    /// The pod-level `securityContext` value at `key`.
    pub fn pod_security(&self, key: &[&str]) -> Option<&Value> {
        let (spec, _) = self.object.pod_spec.as_ref()?;
        spec.get("securityContext")?.path(key)
    }
}

/// `key=value` pairs of a label map.
pub type Labels = Vec<(String, String)>;

/// What the cross-document pass needs from one document.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// Pod template labels of a workload.
    pub template_labels: Option<Labels>,
    /// A workload whose app containers all request CPU.
    pub all_request_cpu: bool,
    /// A Service's selector and its range.
    pub selector: Option<(Labels, Range<usize>)>,
    /// An HPA scaling on CPU: target kind, name and the range to report.
    pub hpa_cpu_target: Option<(String, String, Range<usize>)>,
    /// Ignore selectors from annotations.
    pub ignores: Vec<String>,
}

fn string_pairs(v: Option<&Value>) -> Option<Vec<(String, String)>> {
    Some(
        v?.as_map()?
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    e.value
                        .as_ref()
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                )
            })
            .collect(),
    )
}

fn summarize(obj: &Object, ignores: Vec<String>) -> Summary {
    let root = obj.root;
    let mut s = Summary {
        kind: obj.kind.to_string(),
        name: obj.name.map(str::to_string),
        namespace: root
            .path(&["metadata", "namespace"])
            .and_then(Value::as_str)
            .map(str::to_string),
        ignores,
        ..Summary::default()
    };
    if obj.pod_spec.is_some() {
        s.template_labels = string_pairs(obj.template_labels).or(Some(Vec::new()));
        s.all_request_cpu = obj.app_containers().all(|c| {
            c.value
                .path(&["resources", "requests", "cpu"])
                .is_some_and(|v| !v.is_null())
        });
    }
    if obj.kind == "Service" {
        if let Some(sel) = root.path(&["spec", "selector"]) {
            if !sel.templated {
                if let Some(pairs) = string_pairs(Some(sel)) {
                    if !pairs.is_empty() {
                        s.selector = Some((pairs, sel.range.clone()));
                    }
                }
            }
        }
    }
    if obj.kind == "HorizontalPodAutoscaler" {
        s.hpa_cpu_target = hpa_target_without_cpu_request::hpa_cpu_target(root);
    }
    s
}

/// The selectors named by an object's ignore annotations:
/// `dfix.dev/ignore: "KS001,KS010"`, `ignore-check.kube-linter.io/<check>`,
/// `checkov.io/skip<N>: CKV_K8S_20=reason`.
pub fn annotation_ignores(root: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(ann) = root
        .path(&["metadata", "annotations"])
        .and_then(Value::as_map)
    else {
        return out;
    };
    for e in ann {
        let val = e.value.as_ref().and_then(Value::as_str).unwrap_or_default();
        if e.key == "dfix.dev/ignore" {
            out.extend(
                val.split([',', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        } else if let Some(check) = e.key.strip_prefix("ignore-check.kube-linter.io/") {
            out.push(format!("kube-linter/{check}"));
        } else if e.key.starts_with("checkov.io/skip") {
            let id = val.split('=').next().unwrap_or_default().trim();
            if !id.is_empty() {
                out.push(format!("checkov/{id}"));
            }
        }
    }
    out
}

fn ignored(d: &Diagnostic, ignores: &[String]) -> bool {
    ignores.iter().any(|s| d.rule.matches(s))
}

/// The result of linting one document.
pub struct DocumentResult {
    pub diagnostics: Vec<Diagnostic>,
    pub syntax_error_count: usize,
    /// One per object (several for a `kind: List`).
    pub summaries: Vec<Summary>,
}

/// Lint one `---` document of `text` (`doc_range` from
/// `syntax::yaml::split_documents`).
pub fn lint_document(
    path: Option<&Path>,
    text: &str,
    doc_range: Range<usize>,
    config: &LintConfig,
) -> DocumentResult {
    lint_parsed_document(path, YamlDoc::parse(text, doc_range), text, config)
}

/// `lint_document` on a tree the caller keeps (see `YamlDoc::from_tree`).
pub fn lint_document_tree(
    path: Option<&Path>,
    text: &str,
    doc_range: Range<usize>,
    tree: &tree_sitter::Tree,
    config: &LintConfig,
) -> DocumentResult {
    lint_parsed_document(
        path,
        YamlDoc::from_tree(text, doc_range, tree),
        text,
        config,
    )
}

fn lint_parsed_document(
    _path: Option<&Path>,
    doc: YamlDoc,
    text: &str,
    config: &LintConfig,
) -> DocumentResult {
    let mut diagnostics = Vec::new();
    if let Some(d) = syntax_diagnostic(text, &doc, &super::syntax_error::KUBERNETES) {
        diagnostics.push(d);
    }
    let mut out = DocumentResult {
        diagnostics,
        syntax_error_count: doc.error_count,
        summaries: Vec::new(),
    };
    // Rules read only documents that parsed: a fix next to a hole in the
    // tree could land anywhere.
    if doc.error_count > 0 {
        return out;
    }
    let Some(root) = doc.root.as_ref() else {
        return out;
    };
    // `kind: List` (kubectl's output) holds its objects under `items`.
    let objects: Vec<(&Value, String)> = match (root.get_str("kind"), root.get("items")) {
        (Some("List"), Some(items)) => items
            .as_seq()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, v)| (v, format!("items[{i}].")))
            .collect(),
        _ => vec![(root, String::new())],
    };
    let mut found = Vec::new();
    for (value, base) in objects {
        let Some(object) = Object::new(value, &base) else {
            continue;
        };
        let ignores = annotation_ignores(value);
        let cx = DocContext {
            text,
            doc: &doc,
            style: std::cell::OnceCell::new(),
            object,
            config: &config.kubernetes,
        };
        let mut mine = Vec::new();
        for check in CHECKS {
            check(&cx, &mut mine);
        }
        mine.retain(|d| !ignored(d, &ignores));
        found.extend(mine);
        out.summaries.push(summarize(&cx.object, ignores));
    }
    out.diagnostics.extend(found);
    out
}

/// The syntax-error diagnostic of a document, if any. In a document with
/// Helm templates the YAML is only defined after rendering (an `{{ if }}`
/// may pick one of two indentations), so errors there are counted (fixes
/// stay guarded) but not reported.
pub fn syntax_diagnostic(text: &str, doc: &YamlDoc, rule: &'static RuleMeta) -> Option<Diagnostic> {
    if doc.templated {
        return None;
    }
    let (mut r, missing) = doc.first_error.clone()?;
    // An ERROR node can span the rest of the document: point at its start.
    if let Some(nl) = text[r.clone()].find('\n') {
        r.end = r.start + nl;
    }
    let msg = if missing {
        "YAML syntax error: something is missing here"
    } else {
        "YAML syntax error: the parser cannot read this"
    };
    Some(Diagnostic::new(rule, r, msg))
}

/// Rules that relate documents of one file, over their summaries.
pub fn cross_document(summaries: &[Summary]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    hpa_target_without_cpu_request::check_all(summaries, &mut out);
    service_selector_no_match::check_all(summaries, &mut out);
    out
}

/// Lint a whole manifest file.
pub fn run(path: Option<&Path>, text: &str, config: &LintConfig) -> LintResult {
    let mut diagnostics = Vec::new();
    let mut summaries = Vec::new();
    let mut count = 0;
    for range in crate::syntax::yaml::split_documents(text) {
        let r = lint_document(path, text, range, config);
        diagnostics.extend(r.diagnostics);
        count += r.syntax_error_count;
        summaries.extend(r.summaries);
    }
    diagnostics.extend(cross_document(&summaries));
    LintResult {
        diagnostics,
        syntax_error_count: count,
    }
}

/// Parse each document; report YAML syntax errors with `rule`.
pub fn yaml_syntax_pass(text: &str, rule: &'static RuleMeta) -> LintResult {
    let mut diagnostics = Vec::new();
    let mut count = 0;
    for doc in crate::syntax::yaml_tree::parse_stream(text) {
        count += doc.error_count;
        diagnostics.extend(syntax_diagnostic(text, &doc, rule));
    }
    LintResult {
        diagnostics,
        syntax_error_count: count,
    }
}

/// Helpers shared by the rule files.
pub mod util {
    use super::{Container, DocContext};
    use crate::engine::{Applicability, Diagnostic, Edit, Fix};
    use crate::rules::RuleMeta;
    use crate::syntax::yaml_tree::{insert_missing, Gen, Value};

    /// Keys after which a container's new fields go, in preference order.
    pub const CONTAINER_ANCHORS: &[&str] = &[
        "securityContext",
        "resources",
        "ports",
        "imagePullPolicy",
        "image",
        "name",
    ];

    /// A fix that adds `want` (nested maps) to a container, or `None` when
    /// the container cannot be edited safely.
    pub fn container_fix(
        cx: &DocContext,
        c: &Container,
        want: Gen,
        title: String,
        applicability: Applicability,
    ) -> Option<Fix> {
        let edits: Vec<Edit> =
            insert_missing(cx.text, cx.style(), c.value, &want, CONTAINER_ANCHORS)?;
        if edits.is_empty() {
            return None;
        }
        Some(Fix::new(title, applicability, edits))
    }

    /// A diagnostic at `v` (or the container's first key when absent).
    pub fn at_container(
        rule: &'static RuleMeta,
        c: &Container,
        v: Option<&Value>,
        msg: String,
    ) -> Diagnostic {
        let range = match v {
            Some(v) => v.range.clone(),
            None => container_anchor_range(c),
        };
        Diagnostic::new(rule, range, msg)
    }

    /// The range to report a container-level finding: its `name` value,
    /// else its first key.
    pub fn container_anchor_range(c: &Container) -> std::ops::Range<usize> {
        if let Some(v) = c.value.get("name") {
            return v.range.clone();
        }
        c.value
            .as_map()
            .and_then(|m| m.first())
            .map(|e| e.key_range.clone())
            .unwrap_or(c.value.range.clone())
    }

    /// True when a container's securityContext (or the pod's, for the
    /// fields that exist at pod level) sets `key` to `want`.
    pub fn security_bool(
        cx: &DocContext,
        c: &Container,
        key: &str,
        pod_level: bool,
    ) -> Option<bool> {
        if let Some(v) = c.value.path(&["securityContext", key]) {
            return v.as_bool();
        }
        if pod_level {
            return cx.pod_security(&[key]).and_then(Value::as_bool);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{fix_text, Applicability, FixOptions};
    use crate::syntax::FileKind;

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: web:1.0\n        imagePullPolicy: Always\n---\napiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n";

    #[test]
    fn configured_defaults_and_pull_policy() {
        let mut config = LintConfig {
            select: Some(vec!["KS003".into(), "KS002".into()]),
            ..LintConfig::default()
        };
        config.kubernetes.default_cpu_request = "250m".into();
        config.kubernetes.default_memory_limit = "1Gi".into();
        let opts = FixOptions {
            min_applicability: Applicability::Unsafe,
            ..FixOptions::default()
        };
        let out = fix_text(None, DEPLOY, FileKind::Kubernetes, &config, &opts);
        assert!(out.text.contains("cpu: 250m"), "{}", out.text);
        assert!(out.text.contains("memory: 1Gi"), "{}", out.text);
        assert!(out.text.contains("imagePullPolicy: IfNotPresent"));
        config.kubernetes.image_pull_policy = crate::engine::PullPolicyPreference::Any;
        let r = crate::engine::lint(None, DEPLOY, FileKind::Kubernetes, &config);
        assert!(r.diagnostics.iter().all(|d| d.rule.code != "KS002"));
        // The other way round: pinned images must say `Always`.
        config.kubernetes.image_pull_policy = crate::engine::PullPolicyPreference::Always;
        let pinned = DEPLOY.replace("        imagePullPolicy: Always\n", "");
        let out = fix_text(None, &pinned, FileKind::Kubernetes, &config, &opts);
        assert!(
            out.text
                .contains("image: web:1.0\n        imagePullPolicy: Always\n"),
            "{}",
            out.text
        );
        let r = crate::engine::lint(None, DEPLOY, FileKind::Kubernetes, &config);
        assert!(r.diagnostics.iter().all(|d| d.rule.code != "KS002"));
    }

    #[test]
    fn per_document_passes_add_up_to_run() {
        let config = LintConfig::default();
        let whole = run(None, DEPLOY, &config);
        let mut diags = Vec::new();
        let mut summaries = Vec::new();
        for r in crate::syntax::yaml::split_documents(DEPLOY) {
            let d = lint_document(None, DEPLOY, r, &config);
            diags.extend(d.diagnostics);
            summaries.extend(d.summaries);
        }
        diags.extend(cross_document(&summaries));
        assert_eq!(diags, whole.diagnostics);
        assert!(diags.iter().any(|d| d.rule.code == "KS005"));
    }

    #[test]
    fn annotations() {
        let t = "kind: Pod\nmetadata:\n  annotations:\n    dfix.dev/ignore: \"KS001, KS010\"\n    ignore-check.kube-linter.io/no-liveness-probe: \"ok\"\n    checkov.io/skip1: CKV_K8S_20=because\n";
        let d = YamlDoc::parse(t, 0..t.len());
        let v = annotation_ignores(d.root.as_ref().unwrap());
        assert_eq!(
            v,
            vec![
                "KS001",
                "KS010",
                "kube-linter/no-liveness-probe",
                "checkov/CKV_K8S_20"
            ]
        );
    }
}
