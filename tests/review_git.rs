//! `dfix review` against real git repositories: which files and lines count
//! as changed (edits, new files, renames, untracked files, deletions,
//! work-tree edits) and how bad input is reported.

mod review_common;

use review_common::Repo;

const CLEAN: &str = "FROM debian:12\nRUN echo hello\nUSER app\nCMD [\"app\"]\n";

fn f(path: &str, code: &str, line: u64) -> (String, String, u64) {
    (path.to_string(), code.to_string(), line)
}

/// A base commit on `main` with a Dockerfile that already has findings, and a
/// `feature` branch checked out.
fn repo_with_old_findings() -> Repo {
    let r = Repo::new();
    r.write(
        "svc/Dockerfile",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN echo one\nUSER app\nCMD node old.js\n",
    );
    r.write("README.md", "docs\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r
}

#[test]
fn only_findings_on_changed_lines() {
    let r = repo_with_old_findings();
    // Line 3 changes; the old findings on lines 2 and 5 are not this change's.
    r.write(
        "svc/Dockerfile",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN pip install flask\nUSER app\nCMD node old.js\n",
    );
    r.commit_all("edit");
    assert_eq!(r.findings(&[]), vec![f("svc/Dockerfile", "DF015", 3)]);
    // The whole file has more findings.
    let out = r.dfix(&["check", "--format", "json", "svc/Dockerfile"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["diagnostics"].as_array().unwrap().len() >= 3);
}

#[test]
fn no_change_no_findings_and_exit_zero() {
    let r = repo_with_old_findings();
    r.write("README.md", "more docs\n");
    r.commit_all("docs only");
    let (out, code) = r.review("json", &[]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(v["files_checked"], 0);
}

#[test]
fn new_files_report_every_finding() {
    let r = repo_with_old_findings();
    r.write("web/Dockerfile", "FROM node\nRUN npm ci\nCMD npm start\n");
    r.commit_all("new service");
    assert_eq!(
        r.findings(&[]),
        vec![
            f("web/Dockerfile", "DF001", 1),
            f("web/Dockerfile", "DF002", 3),
            f("web/Dockerfile", "DF020", 1),
            f("web/Dockerfile", "DF301", 3),
            f("web/Dockerfile", "DF303", 1),
        ]
    );
}

#[test]
fn untracked_and_uncommitted_work_counts() {
    let r = repo_with_old_findings();
    // Nothing committed on the branch: the work tree is the change.
    r.write(
        "tools/Containerfile",
        "FROM alpine:3.20\nRUN apk add jq\nUSER 1000\n",
    );
    r.write(
        "svc/Dockerfile",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN echo one\nUSER app\nCMD node new.js\n",
    );
    assert_eq!(
        r.findings(&[]),
        vec![
            f("svc/Dockerfile", "DF002", 5),
            f("tools/Containerfile", "DF014", 2),
        ]
    );
}

#[test]
fn renames_report_only_edited_lines() {
    let r = repo_with_old_findings();
    // A pure rename changes no line.
    r.git(&["mv", "svc/Dockerfile", "svc/Dockerfile.prod"]);
    r.commit_all("rename");
    assert_eq!(r.findings(&[]), vec![]);
    // A rename with an edit: only the edited line, under the new name.
    r.write(
        "svc/Dockerfile.prod",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN echo one\nUSER app\nCMD node new.js\n",
    );
    r.commit_all("edit after rename");
    assert_eq!(r.findings(&[]), vec![f("svc/Dockerfile.prod", "DF002", 5)]);
}

#[test]
fn deleting_lines_touches_their_neighbours() {
    let r = Repo::new();
    r.write(
        "Dockerfile",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/* \\\n    && echo done\nUSER app\nCMD [\"app\"]\n",
    );
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    // Removing the cleanup line creates a finding on the RUN around it.
    r.write(
        "Dockerfile",
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && echo done\nUSER app\nCMD [\"app\"]\n",
    );
    r.commit_all("drop cleanup");
    assert_eq!(r.findings(&[]), vec![f("Dockerfile", "DF012", 2)]);
}

#[test]
fn base_is_the_merge_base_not_the_tip() {
    let r = repo_with_old_findings();
    r.write(
        "svc/Dockerfile",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN echo one\nUSER app\nCMD node server.js\n",
    );
    r.commit_all("feature edit");
    // main moves on after the branch point: its changes are not the PR's.
    r.git(&["checkout", "-q", "main"]);
    r.write("other/Dockerfile", "FROM ubuntu\n");
    r.commit_all("main moves");
    r.git(&["checkout", "-q", "feature"]);
    assert_eq!(r.findings(&[]), vec![f("svc/Dockerfile", "DF002", 5)]);
}

#[test]
fn paths_limit_the_review_and_subdirectories_work() {
    let r = repo_with_old_findings();
    r.write("a/Dockerfile", "FROM alpine:3.20\nRUN apk add jq\nUSER 1\n");
    r.write(
        "b/Dockerfile",
        "FROM alpine:3.20\nRUN apk add git\nUSER 1\n",
    );
    r.commit_all("two");
    assert_eq!(r.findings(&["b"]), vec![f("b/Dockerfile", "DF014", 2)]);
    // From a subdirectory, paths stay relative to the repository root.
    let out = r.dfix_in(
        "a",
        &[
            "review", "--base", "main", "--format", "json", "--ignore", "DF1", ".",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["path"], "a/Dockerfile");
}

#[test]
fn yaml_files_are_reviewed_by_content() {
    let r = repo_with_old_findings();
    r.write("notes.yaml", "just: data\n");
    r.write(
        "deploy/app.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: [\n",
    );
    r.commit_all("yaml");
    let found = r.findings(&[]);
    // Plain YAML has no rules; the broken manifest is a syntax error on its changed lines.
    assert!(
        found.iter().all(|(p, _, _)| p == "deploy/app.yaml"),
        "{found:?}"
    );
    assert!(found.iter().any(|(_, c, _)| c == "KS000"), "{found:?}");
}

#[test]
fn bad_base_and_no_repository_are_usage_errors() {
    let r = repo_with_old_findings();
    let out = r.dfix(&["review", "--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`no-such-branch` is not a commit"), "{err}");

    let plain = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfix"))
        .current_dir(plain.path())
        .env("GIT_CEILING_DIRECTORIES", plain.path().parent().unwrap())
        .args(["review", "--base", "main"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a git repository"));
}

#[test]
fn unreadable_changed_file_is_an_input_error_but_others_are_reviewed() {
    let r = repo_with_old_findings();
    std::fs::write(r.path().join("bin.Dockerfile"), b"FROM x\nRUN \xff\n").unwrap();
    r.write(
        "ok/Dockerfile",
        "FROM alpine:3.20\nRUN apk add jq\nUSER 1\n",
    );
    r.commit_all("binary-ish");
    let out = r.dfix(&["review", "--base", "main", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["path"], "bin.Dockerfile");
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("2:5: not valid UTF-8"));
    assert_eq!(v["diagnostics"][0]["path"], "ok/Dockerfile");
    let _ = CLEAN;
}

#[test]
fn each_file_gets_its_dfix_toml_and_the_command_line_goes_on_top() {
    let r = repo_with_old_findings();
    r.write("web/Dockerfile", "FROM node\nRUN npm ci\nCMD npm start\n");
    // web/ silences DF301 and DF303; the root config is not in web's way
    // upward, so svc/ keeps everything.
    r.write("web/dfix.toml", "ignore = [\"DF301\", \"DF303\"]\n");
    r.write(
        "svc/Dockerfile",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN pip install flask\nUSER app\nCMD node old.js\n",
    );
    r.commit_all("new service");
    assert_eq!(
        r.findings(&[]),
        vec![
            f("svc/Dockerfile", "DF015", 3),
            f("web/Dockerfile", "DF001", 1),
            f("web/Dockerfile", "DF002", 3),
            f("web/Dockerfile", "DF020", 1),
        ]
    );
    // --ignore adds to the file's list.
    assert_eq!(
        r.findings(&["--ignore", "DF002"]),
        vec![
            f("svc/Dockerfile", "DF015", 3),
            f("web/Dockerfile", "DF001", 1),
            f("web/Dockerfile", "DF020", 1),
        ]
    );
    // --config: one file for every file.
    r.write("all.toml", "ignore = [\"DF015\", \"DF001\"]\n");
    assert_eq!(
        r.findings(&["--config", "all.toml"]),
        vec![
            f("web/Dockerfile", "DF002", 3),
            f("web/Dockerfile", "DF020", 1),
            f("web/Dockerfile", "DF301", 3),
            f("web/Dockerfile", "DF303", 1),
        ]
    );
}

#[test]
fn a_broken_dfix_toml_is_an_error_with_its_position() {
    let r = repo_with_old_findings();
    r.write("svc/dfix.toml", "ignore = [\"DF015\"\n");
    r.write(
        "svc/Dockerfile",
        "FROM debian:12\nRUN apt-get install -y curl\nRUN pip install flask\nUSER app\nCMD node old.js\n",
    );
    r.commit_all("edit");
    let out = r.dfix(&["review", "--base", "main", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("svc/dfix.toml:"), "{err}");
    // The review itself is still printed.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["diagnostics"].as_array().is_some());
}
