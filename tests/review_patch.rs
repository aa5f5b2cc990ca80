//! `dfix review --format patch`: `git apply --check` accepts it (CRLF,
//! missing final newline, BOM, renamed and new files), applying it leaves
//! no fixable finding on the changed lines, it never touches findings the
//! change did not make, and a second review has nothing left to patch.

mod review_common;

use std::collections::BTreeMap;

use review_common::Repo;

/// Findings of a review whose fix is at least as sure as `min`.
fn fixable(r: &Repo, extra: &[&str], unsafe_too: bool) -> Vec<(String, String, u64)> {
    let (out, _) = r.review("json", extra);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let a = d["fix"]["applicability"].as_str().unwrap_or("");
            a == "safe" || (unsafe_too && a == "unsafe")
        })
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Fixable findings per (path, code) of `dfix check` over the whole work tree.
fn check_counts(r: &Repo, unsafe_too: bool) -> BTreeMap<(String, String), usize> {
    let out = r.dfix(&["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut m = BTreeMap::new();
    for d in v["diagnostics"].as_array().unwrap() {
        let a = d["fix"]["applicability"].as_str().unwrap_or("");
        if a == "safe" || (unsafe_too && a == "unsafe") {
            let path = d["path"].as_str().unwrap().to_string();
            let code = d["code"].as_str().unwrap().to_string();
            *m.entry((path, code)).or_insert(0) += 1;
        }
    }
    m
}

/// Review, check the patch applies, apply it, and check what is left: the
/// reviewed findings are gone from `dfix check` and every other finding is
/// still there; a second review has nothing to patch.
fn patch_round_trip(r: &Repo, unsafe_fixes: bool) -> String {
    let extra: &[&str] = if unsafe_fixes { &["--unsafe"] } else { &[] };
    let reviewed = fixable(r, &[], unsafe_fixes);
    assert!(
        !reviewed.is_empty(),
        "the scenario must have fixable findings"
    );
    let mut expected = check_counts(r, unsafe_fixes);
    for (path, code, _) in &reviewed {
        let key = (path.clone(), code.clone());
        let n = expected
            .get_mut(&key)
            .unwrap_or_else(|| panic!("{key:?} reviewed but not found by check"));
        *n -= 1;
    }
    expected.retain(|_, n| *n > 0);
    let (patch, code) = r.review("patch", extra);
    assert_eq!(code, 1, "findings remain before the patch");
    assert!(!patch.is_empty());
    let check = r.apply(&patch, &["--check"]);
    assert!(
        check.status.success(),
        "git apply --check refused the patch: {}\n{patch}",
        String::from_utf8_lossy(&check.stderr)
    );
    let applied = r.apply(&patch, &[]);
    assert!(applied.status.success());
    assert_eq!(
        fixable(r, &[], unsafe_fixes),
        Vec::<(String, String, u64)>::new(),
        "{patch}"
    );
    assert_eq!(check_counts(r, unsafe_fixes), expected, "{patch}");
    let (again, _) = r.review("patch", extra);
    assert_eq!(again, "", "a second patch must be empty");
    patch
}

#[test]
fn patch_fixes_changed_lines_only() {
    let r = Repo::new();
    r.write(
        "Dockerfile",
        "FROM debian:12\nRUN echo one\nUSER app\nCMD node old.js\n",
    );
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(
        "Dockerfile",
        "FROM debian:12\nRUN echo one\nRUN apt-get update\nRUN apt-get install curl\nUSER app\nCMD node old.js\n",
    );
    r.commit_all("feature");
    patch_round_trip(&r, false);
    // The joined, fixed RUN; the old CMD finding is not this change's and stays.
    assert_eq!(
        r.read("Dockerfile"),
        "FROM debian:12\nRUN echo one\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER app\nCMD node old.js\n"
    );
}

#[test]
fn unsafe_fixes_only_with_the_flag() {
    let r = Repo::new();
    r.write("README.md", "x\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("Dockerfile", "FROM debian:12\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCMD [\"app\"]\n");
    r.commit_all("feature");
    // Only unsafe fixes here (USER, --no-install-recommends): no safe patch.
    let (patch, code) = r.review("patch", &[]);
    assert_eq!((patch.as_str(), code), ("", 1));
    let patch = patch_round_trip(&r, true);
    assert!(patch.contains("+USER 10001:10001"), "{patch}");
    assert!(r.read("Dockerfile").contains("--no-install-recommends"));
}

#[test]
fn crlf_and_missing_final_newline_survive() {
    let r = Repo::new();
    r.write("Dockerfile", "FROM debian:12\r\nUSER app\r\nCMD [\"app\"]");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(
        "Dockerfile",
        "FROM debian:12\r\nRUN pip install flask\r\nUSER app\r\nCMD python app.py",
    );
    r.commit_all("feature");
    patch_round_trip(&r, false);
    assert_eq!(
        r.read("Dockerfile"),
        "FROM debian:12\r\nRUN pip install --no-cache-dir flask\r\nUSER app\r\nCMD [\"python\", \"app.py\"]"
    );
}

#[test]
fn bom_new_and_renamed_files() {
    let r = Repo::new();
    r.write(
        "old/Dockerfile",
        "FROM alpine:3.20\nRUN apk add jq\nUSER 1\n",
    );
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.git(&["mv", "old/Dockerfile", "new.Dockerfile"]);
    r.write(
        "new.Dockerfile",
        "FROM alpine:3.20\nRUN apk add jq\nUSER 1\nRUN apk add git\n",
    );
    r.write(
        "bom/Dockerfile",
        "\u{feff}FROM alpine:3.20\nRUN apk add curl\nUSER 1\n",
    );
    r.commit_all("feature");
    patch_round_trip(&r, false);
    assert_eq!(
        r.read("new.Dockerfile"),
        "FROM alpine:3.20\nRUN apk add jq\nUSER 1\nRUN apk add --no-cache git\n",
        "the unchanged line 2 keeps its old finding"
    );
    assert_eq!(
        r.read("bom/Dockerfile"),
        "\u{feff}FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1\n"
    );
}

#[test]
fn uncommitted_changes_are_patched_too() {
    let r = Repo::new();
    r.write("Dockerfile", "FROM alpine:3.20\nUSER 1\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("Dockerfile", "FROM alpine:3.20\nRUN apk add jq\nUSER 1\n");
    patch_round_trip(&r, false);
    assert_eq!(
        r.read("Dockerfile"),
        "FROM alpine:3.20\nRUN apk add --no-cache jq\nUSER 1\n"
    );
}

#[test]
fn paths_with_spaces_quotes_and_unicode() {
    let r = Repo::new();
    r.write("README.md", "x\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(
        "with space/\u{fc} dir/Dockerfile",
        "FROM alpine:3.20\nRUN apk add jq\nUSER 1\n",
    );
    r.write(
        "we\"ird\\name.Dockerfile",
        "FROM alpine:3.20\nRUN apk add git\nUSER 1\n",
    );
    r.commit_all("feature");
    let patch = patch_round_trip(&r, false);
    assert!(
        patch.contains("diff --git \"a/we\\\"ird\\\\name.Dockerfile\""),
        "{patch}"
    );
    assert!(r
        .read("with space/\u{fc} dir/Dockerfile")
        .contains("apk add --no-cache jq"));
    assert!(r
        .read("we\"ird\\name.Dockerfile")
        .contains("apk add --no-cache git"));
}
