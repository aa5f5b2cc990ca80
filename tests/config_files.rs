//! Config discovery and the CLI's use of it, on real files in temp dirs:
//! `dfix.toml` / `.dfix.toml` and `.hadolint.yaml` found upward, per-path
//! overrides, `--config`, failure thresholds and exit codes, and clear
//! `path:line:col` errors for broken config files.

use std::fs;
use std::path::Path;
use std::process::Command;

use dfix::config::{FailureThreshold, Resolver};
use dfix::engine::{self, LabelType, LintConfig, Severity};
use dfix::syntax::FileKind;

const DOCKERFILE: &str = "FROM ubuntu\nRUN apt-get update\nRUN apt-get install curl\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn codes(config: &LintConfig, text: &str) -> Vec<(String, Severity)> {
    let mut v: Vec<_> = engine::lint(None, text, FileKind::Dockerfile, config)
        .diagnostics
        .iter()
        .map(|d| (d.rule.code.to_string(), d.severity))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn has(v: &[(String, Severity)], code: &str) -> bool {
    v.iter().any(|(c, _)| c == code)
}

fn dfix(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn nearest_dfix_toml_wins_and_overrides_match_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "dfix.toml", "ignore = [\"DF010\"]\n");
    write(
        root,
        "svc/.dfix.toml",
        r#"
ignore = ["hadolint/DL3015"]   # DF013 by its hadolint alias
[severity]
DF011 = "error"
[[overrides]]
files = ["legacy"]
ignore = ["DF0"]
[[overrides]]
files = ["**/*.prod.Dockerfile"]
select = ["DF001"]
"#,
    );
    let mut r = Resolver::discover();

    let top = r.config_for(&root.join("Dockerfile"));
    let v = codes(&top.lint, DOCKERFILE);
    assert!(!has(&v, "DF010"), "{v:?}");
    assert!(has(&v, "DF012"), "{v:?}");

    // The nearer .dfix.toml replaces the outer dfix.toml entirely.
    let svc = r.config_for(&root.join("svc/Dockerfile"));
    let v = codes(&svc.lint, DOCKERFILE);
    assert!(has(&v, "DF010"), "outer file must not apply: {v:?}");
    assert!(!has(&v, "DF013"), "{v:?}");
    assert!(v.contains(&("DF011".to_string(), Severity::Error)), "{v:?}");

    // `legacy` matches the directory and everything below it.
    let legacy = r.config_for(&root.join("svc/legacy/deep/Dockerfile"));
    let v = codes(&legacy.lint, DOCKERFILE);
    assert!(v.iter().all(|(c, _)| !c.starts_with("DF0")), "{v:?}");

    let prod = r.config_for(&root.join("svc/x/api.prod.Dockerfile"));
    let v = codes(&prod.lint, DOCKERFILE);
    assert_eq!(
        v.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        vec!["DF001"]
    );
    assert!(r.take_errors().is_empty());
}

#[test]
fn hadolint_yaml_is_read_and_layered_under_dfix_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        ".hadolint.yaml",
        "ignored:\n  - DL3006\noverride:\n  error:\n    - DL3009\n  style: [DL3015]\ntrustedRegistries:\n  - docker.io\n  - \"*.gcr.io\"\nfailure-threshold: error\nlabel-schema:\n  author: text\n  version: semver\nstrict-labels: true\nno-color: true\n",
    );
    let mut r = Resolver::discover();
    let fc = r.config_for(&root.join("a/b/Dockerfile"));
    assert_eq!(
        fc.lint.trusted_registries,
        vec!["docker.io".to_string(), "*.gcr.io".to_string()]
    );
    assert_eq!(
        fc.lint.label_schema,
        vec![
            ("author".to_string(), LabelType::Text),
            ("version".to_string(), LabelType::SemVer)
        ]
    );
    assert!(fc.lint.strict_labels);
    assert_eq!(fc.failure_threshold, FailureThreshold::At(Severity::Error));
    let v = codes(&fc.lint, DOCKERFILE);
    assert!(!has(&v, "DF001"), "DL3006 is ignored: {v:?}");
    assert!(v.contains(&("DF012".to_string(), Severity::Error)), "{v:?}");
    assert!(v.contains(&("DF013".to_string(), Severity::Info)), "{v:?}");

    // A dfix.toml below adds to it...
    write(
        root,
        "a/dfix.toml",
        "ignore = [\"DF010\"]\nfailure-threshold = \"warning\"\n",
    );
    let mut r = Resolver::discover();
    let fc = r.config_for(&root.join("a/b/Dockerfile"));
    let v = codes(&fc.lint, DOCKERFILE);
    assert!(!has(&v, "DF001") && !has(&v, "DF010"), "{v:?}");
    assert_eq!(
        fc.failure_threshold,
        FailureThreshold::At(Severity::Warning)
    );
    assert_eq!(fc.sources.len(), 2);

    // ...unless it says otherwise.
    write(
        root,
        "a/dfix.toml",
        "hadolint-config = false\nignore = [\"DF010\"]\n",
    );
    let mut r = Resolver::discover();
    let fc = r.config_for(&root.join("a/b/Dockerfile"));
    let v = codes(&fc.lint, DOCKERFILE);
    assert!(has(&v, "DF001"), "{v:?}");
    assert!(fc.lint.trusted_registries.is_empty());
    assert_eq!(fc.failure_threshold, FailureThreshold::Any);
}

#[test]
fn cli_exit_codes_follow_the_failure_threshold() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "Dockerfile", DOCKERFILE);
    let (code, _, _) = dfix(root, &["check", "Dockerfile"]);
    assert_eq!(code, 1);

    // Only errors fail; these findings are warnings and infos.
    write(root, ".hadolint.yml", "failure-threshold: error\n");
    let (code, out, _) = dfix(root, &["check", "Dockerfile"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("DF012"), "findings are still shown: {out}");

    // A severity override lifts one to error.
    write(
        root,
        ".hadolint.yml",
        "failure-threshold: error\noverride:\n  error: [DL3009]\n",
    );
    let (code, _, _) = dfix(root, &["check", "Dockerfile"]);
    assert_eq!(code, 1);

    // The command line beats the config file.
    let (code, _, _) = dfix(
        root,
        &["check", "--failure-threshold", "none", "Dockerfile"],
    );
    assert_eq!(code, 0);
    let (code, _, err) = dfix(
        root,
        &["check", "--failure-threshold", "bogus", "Dockerfile"],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn cli_config_flag_replaces_discovery() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "app/Dockerfile", DOCKERFILE);
    write(root, "app/dfix.toml", "select = [\"DF001\"]\n");
    write(root, "ci/strict.toml", "select = [\"DF012\"]\n");
    let (_, out, _) = dfix(root, &["check", "--format", "json", "app"]);
    assert!(
        out.contains("\"DF001\"") && !out.contains("\"DF012\""),
        "{out}"
    );
    let (_, out, _) = dfix(
        root,
        &[
            "check",
            "--format",
            "json",
            "--config",
            "ci/strict.toml",
            "app",
        ],
    );
    assert!(
        !out.contains("\"DF001\"") && out.contains("\"DF012\""),
        "{out}"
    );
    // --select on the command line wins over both.
    let (_, out, _) = dfix(
        root,
        &[
            "check",
            "--format",
            "json",
            "--config",
            "ci/strict.toml",
            "--select",
            "DF011",
            "app",
        ],
    );
    assert!(
        out.contains("\"DF011\"") && !out.contains("\"DF012\""),
        "{out}"
    );
    // A missing --config file is a usage error.
    let (code, _, err) = dfix(root, &["check", "--config", "nope.toml", "app"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.toml"), "{err}");
}

#[test]
fn broken_config_files_get_path_line_col_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "Dockerfile", DOCKERFILE);
    write(
        root,
        "dfix.toml",
        "select = [\"DF\"]\n[severity]\nDF012 = \"loud\"\n",
    );
    let (code, out, err) = dfix(root, &["check", "Dockerfile"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("dfix.toml: 3:1: `loud` is not a severity"),
        "{out}"
    );

    write(root, "dfix.toml", "select = \"DF\"\n");
    let (code, out, _) = dfix(root, &["check", "Dockerfile"]);
    assert_eq!(code, 2);
    assert!(out.contains("dfix.toml: 1:10:"), "{out}");

    fs::remove_file(root.join("dfix.toml")).unwrap();
    write(root, ".hadolint.yaml", "ignored: [DL3006\n");
    let (code, out, _) = dfix(root, &["check", "Dockerfile"]);
    assert_eq!(code, 2);
    assert!(out.contains(".hadolint.yaml: "), "{out}");
    // The Dockerfile is still checked.
    assert!(out.contains("DF012"), "{out}");
}

#[test]
fn stdin_uses_the_config_of_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "svc/dfix.toml", "select = [\"DF011\"]\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "svc/Dockerfile",
            "-",
        ])
        .current_dir(root)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DOCKERFILE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("\"DF011\""), "{out}");
    assert!(!out.contains("\"DF012\""), "{out}");
}

#[test]
fn kubernetes_settings_come_from_dfix_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "dfix.toml",
        r#"
[kubernetes]
default-cpu-request = "250m"
image_pull_policy = "any"          # snake_case, as LintConfig spells it

[[overrides]]
files = ["prod/**"]
kubernetes = { default-memory-limit = "1Gi", image-pull-policy = "always" }
"#,
    );
    let mut r = Resolver::discover();
    let dev = r.config_for(&root.join("dev/deploy.yaml")).lint.kubernetes;
    assert_eq!(dev.default_cpu_request, "250m");
    assert_eq!(dev.default_memory_limit, "256Mi", "default kept");
    assert_eq!(
        dev.image_pull_policy,
        dfix::engine::PullPolicyPreference::Any
    );
    let prod = r.config_for(&root.join("prod/deploy.yaml")).lint.kubernetes;
    assert_eq!(prod.default_cpu_request, "250m");
    assert_eq!(prod.default_memory_limit, "1Gi");
    assert_eq!(
        prod.image_pull_policy,
        dfix::engine::PullPolicyPreference::Always
    );

    // End to end: KS002 is off where the policy is `any`.
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27.0\n      imagePullPolicy: Always\n";
    write(root, "dev/pod.yaml", manifest);
    write(root, "other/pod.yaml", manifest);
    write(root, "other/dfix.toml", "");
    let (_, out, _) = dfix(
        root,
        &[
            "check", "--format", "json", "--select", "KS002", "dev", "other",
        ],
    );
    assert!(!out.contains("dev/pod.yaml"), "{out}");
    assert!(out.contains("other/pod.yaml"), "{out}");

    write(
        root,
        "bad/dfix.toml",
        "[kubernetes]\nimage-pull-policy = \"sometimes\"\n",
    );
    write(root, "bad/pod.yaml", manifest);
    let (code, out, _) = dfix(root, &["check", "bad"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("dfix.toml: 2:22: `sometimes` is not an image pull policy"),
        "{out}"
    );
}

#[test]
fn show_config_prints_what_each_file_gets() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "a/Dockerfile", DOCKERFILE);
    write(root, "b/Dockerfile", DOCKERFILE);
    write(
        root,
        ".hadolint.yaml",
        "ignored: [DL3006]\nfailure-threshold: warning\n",
    );
    write(
        root,
        "a/dfix.toml",
        "select = [\"DF01\"]\n[severity]\nDF012 = \"error\"\n",
    );
    let (code, out, _) = dfix(root, &["check", "--show-config", "a", "b"]);
    assert_eq!(code, 0, "{out}");
    let a = out.split("b/Dockerfile").next().unwrap();
    let b = out.split("b/Dockerfile").nth(1).unwrap();
    assert!(
        a.contains("config files: .hadolint.yaml, a/dfix.toml"),
        "{out}"
    );
    assert!(a.contains("select: DF01"), "{out}");
    assert!(a.contains("severity: DF012=error"), "{out}");
    assert!(b.contains("config files: .hadolint.yaml\n"), "{out}");
    assert!(b.contains("select: (all)"), "{out}");
    assert!(b.contains("ignore: DL3006"), "{out}");
    assert!(b.contains("failure threshold: warning"), "{out}");
}
