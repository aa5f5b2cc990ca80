//! The `dfix` binary on Kubernetes manifests, Helm values and compose
//! files: kinds found by content, exact positions, aliases, fixes that keep
//! comments and CRLF, a second `--write` that changes nothing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn dfix(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

const DEPLOY: &str = "# web tier\r\napiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: web\r\nspec:\r\n  template:\r\n    metadata:\r\n      labels: {app: web}\r\n    spec:\r\n      containers:\r\n        - name: web # the app\r\n          image: nginx:latest\r\n          ports:\r\n            - containerPort: 80\r\n---\r\napiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: web\r\nspec:\r\n  selector: {app: web}\r\n";

const COMPOSE: &str = "version: \"3.8\"\nservices:\n  db:\n    image: postgres:16.4\n    ports:\n      - \"5432:5432\"\n";

#[test]
fn manifest_check_json_positions_and_aliases() {
    let dir = tempfile::tempdir().unwrap();
    // Named like nothing in particular: the content says Kubernetes.
    fs::write(dir.path().join("app.yaml"), DEPLOY).unwrap();
    let out = dfix(&["check", "--format", "json", "app.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    let latest = diags
        .iter()
        .find(|d| d["code"] == "KS001")
        .expect("latest tag reported");
    assert_eq!(latest["range"]["start"]["line"], 13);
    assert_eq!(latest["range"]["start"]["column"], 18);
    assert!(latest["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "kube-linter/latest-tag"));
    // The Service's selector matches the Deployment's template.
    assert!(diags.iter().all(|d| d["code"] != "KS050"));
}

#[test]
fn manifest_write_keeps_comments_crlf_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.yaml");
    fs::write(&file, DEPLOY).unwrap();
    let out = dfix(&["--write", "--unsafe", "app.yaml"], dir.path());
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    let fixed = fs::read_to_string(&file).unwrap();
    assert_ne!(fixed, DEPLOY);
    assert!(fixed.starts_with("# web tier\r\n"));
    assert!(fixed.contains("- name: web # the app\r\n"));
    assert!(
        !fixed.replace("\r\n", "").contains('\n'),
        "a bare LF slipped in"
    );
    assert!(fixed.contains("          securityContext:\r\n            runAsNonRoot: true\r\n"));
    assert!(fixed.contains("          resources:\r\n"));
    let again = dfix(&["--write", "--unsafe", "app.yaml"], dir.path());
    assert!(again.status.code().unwrap() <= 1);
    assert_eq!(fs::read_to_string(&file).unwrap(), fixed);
}

#[test]
fn ignore_annotations_and_selectors_by_alias() {
    let dir = tempfile::tempdir().unwrap();
    let text = DEPLOY.replace(
        "  name: web\r\nspec:\r\n  template",
        "  name: web\r\n  annotations:\r\n    ignore-check.kube-linter.io/latest-tag: \"pinned by CI\"\r\nspec:\r\n  template",
    );
    fs::write(dir.path().join("app.yaml"), text).unwrap();
    let out = dfix(&["check", "--format", "json", "app.yaml"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] != "KS001"));
    // `--select` takes another tool's name for the same check.
    let out = dfix(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "CKV_K8S_14",
            "app.yaml",
        ],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    let out = dfix(&["rule", "kube-linter/run-as-non-root"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("KS010"));
}

#[test]
fn compose_and_values_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("docker-compose.yml"), COMPOSE).unwrap();
    fs::write(
        dir.path().join("values.yaml"),
        "image:\n  repository: nginx\n  tag: latest\n",
    )
    .unwrap();
    let out = dfix(&["check", "--format", "json", "."], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for c in ["DC006", "DC007", "DC002", "KS001"] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    // Safe fixes only: the obsolete `version:` goes, the port stays.
    let out = dfix(&["--write", "docker-compose.yml"], dir.path());
    assert!(out.status.code().unwrap() <= 1);
    let fixed = fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();
    assert_eq!(fixed, COMPOSE.replacen("version: \"3.8\"\n", "", 1));
}
