//! The machine formats, checked against what they claim: GitHub review
//! comments sit inside the pull request's diff (as `git diff -U3` shows it)
//! and their suggestions, committed, equal dfix's own fix; SARIF and
//! rdjson replacements, applied by their own column units, reproduce the
//! fixed file; annotations, checkstyle and GitLab reports carry every finding.

mod review_common;

use std::io::Write;
use std::process::{Command, Stdio};

use review_common::Repo;
use serde_json::Value;

/// These scenarios were written for the foundation's rules (DF0xx): the
/// hadolint-parity rules (DF1xx) add findings without fixes that would
/// change the counts the formats are checked against.
const FOUNDATION_RULES: &[&str] = &["--ignore", "DF1"];

/// `dfix ARGS` with `input` on stdin: stdout.
fn dfix_stdin(args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// `text` fixed by dfix itself with only rule `code` selected.
fn fixed_by_dfix(text: &str, code: &str) -> String {
    dfix_stdin(&["fix", "--unsafe", "--select", code, "-"], text)
}

/// The lines of `text` with `start..=end` (1-based) replaced by `new`.
fn replace_lines(text: &str, start: usize, end: usize, new: &[&str]) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    for l in &lines[..start - 1] {
        out.push_str(l);
    }
    for n in new {
        out.push_str(n);
        out.push('\n');
    }
    for l in &lines[end..] {
        out.push_str(l);
    }
    out
}

/// The body's ```` ```suggestion ```` block, as lines.
fn suggestion_lines(body: &str) -> Option<Vec<&str>> {
    let start = body.find("```suggestion\n")? + "```suggestion\n".len();
    let rest = &body[start..];
    let end = rest.find("```")?;
    Some(rest[..end].lines().collect())
}

fn scenario() -> Repo {
    let r = Repo::new();
    let mut base = String::from("FROM debian:12\nRUN echo start\n");
    for i in 0..12 {
        base.push_str(&format!("LABEL n{i}=x\n"));
        if i == 8 {
            base.push_str("RUN pip install --no-cache-dir flask\n");
        }
    }
    base.push_str("CMD [\"app\"]\n");
    r.write("svc/Dockerfile", &base);
    r.write("README.md", "x\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    // Bump the base image (line 1): the USER finding there is on a changed
    // line, but its fix goes after the last RUN (line 13), outside the hunk.
    let head = base.replace(
        "FROM debian:12\nRUN echo start\n",
        "FROM debian:13\nRUN echo start\nRUN apt-get update\nRUN apt-get install -y curl\n",
    );
    r.write("svc/Dockerfile", &head);
    r.write(
        "web/Dockerfile",
        "FROM node:22\nRUN apk add jq\nUSER node\nCMD npm start\n",
    );
    r.commit_all("feature");
    r
}

#[test]
fn github_review_comments_stay_in_the_diff_and_suggestions_are_the_fixes() {
    let r = scenario();
    let (out, code) = r.review("github-review", FOUNDATION_RULES);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["event"], "COMMENT");
    assert_eq!(
        v["commit_id"].as_str().unwrap(),
        r.git(&["rev-parse", "HEAD"]).trim()
    );
    let comments = v["comments"].as_array().unwrap();
    let mut with_suggestion = 0;
    let mut outside_note = 0;
    let mut without_fix = 0;
    let rules: Value =
        serde_json::from_str(&dfix_stdin(&["rules", "--format", "json"], "")).unwrap();
    let never_fixes = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == code && r["fix"] == "never")
    };
    let mut multi_line = 0;
    let mut grouped = 0;
    let mut all_codes: Vec<String> = Vec::new();
    for c in comments {
        let path = c["path"].as_str().unwrap();
        let line = c["line"].as_u64().unwrap();
        let start = c["start_line"].as_u64().unwrap_or(line);
        assert_eq!(c["side"], "RIGHT");
        if c.get("start_line").is_some() {
            assert!(start < line);
            assert_eq!(c["start_side"], "RIGHT");
            multi_line += 1;
        }
        let hunks = r.shown_hunks(path);
        assert!(
            hunks.iter().any(|&(s, e)| s <= start && line <= e),
            "{path}:{start}-{line} is outside the diff's hunks {hunks:?}"
        );
        let body = c["body"].as_str().unwrap();
        let codes = codes_of(body);
        if let Some(new) = suggestion_lines(body) {
            with_suggestion += codes.len();
            let text = r.read(path);
            let committed = replace_lines(&text, start as usize, line as usize, &new);
            if body.contains("**Suggestion** (review carefully)") {
                // A suggestion-level fix (e.g. DF303's `-slim` tag) is never
                // applied by `dfix fix`, so there is nothing to compare
                // with; it must still change the lines it is shown on.
                assert_ne!(committed, text, "{path} {codes:?}: {body}");
            } else {
                let expected = fixed_by_dfix(&text, &codes.join(","));
                assert_eq!(committed, expected, "{path} {codes:?}: {body}");
            }
        } else if body.contains("outside this pull request's diff") {
            outside_note += 1;
            assert_eq!(codes, ["DF020"]);
        } else {
            // No suggestion: only rules that never fix (DF301 npm-start-cmd, …).
            assert!(codes.iter().all(|c| never_fixes(c)), "{codes:?}: {body}");
            without_fix += codes.len();
        }
        if codes.len() > 1 {
            grouped += 1;
            let head = format!(
                "{} problems on these lines; the suggestion fixes them all",
                codes.len()
            );
            assert!(body.starts_with(&head), "{body}");
        }
        all_codes.extend(codes);
    }
    // svc: DF010, DF012, DF013 share lines 3-4 (one comment, one suggestion)
    // and DF020 (a note); web: DF014 and DF002 (npm start).
    for want in ["DF010", "DF012", "DF013", "DF014", "DF020"] {
        assert!(all_codes.iter().any(|c| c == want), "{want}: {all_codes:?}");
    }
    assert_eq!(outside_note, 1, "{out}");
    assert_eq!(grouped, 1, "{out}");
    assert!(multi_line >= 1, "DF010 joins two lines: {out}");
    assert_eq!(
        with_suggestion,
        all_codes.len() - 1 - without_fix,
        "all but DF020 and rules without a fix"
    );
    let (json, _) = r.review("json", FOUNDATION_RULES);
    let findings = serde_json::from_str::<Value>(&json).unwrap()["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(all_codes.len(), findings, "every finding is in one comment");
    assert!(v["body"]
        .as_str()
        .unwrap()
        .contains(&format!("{findings} problems")));
}

/// The rule codes a comment is about (its `**dfix CODE**` headlines).
fn codes_of(body: &str) -> Vec<String> {
    body.split("**dfix ")
        .skip(1)
        .map(|s| s.split("**").next().unwrap().to_string())
        .collect()
}

/// Byte offset of a 1-based line and column counted in `unit` ("utf16" or "utf8").
fn offset(text: &str, line: u64, col: u64, unit: &str) -> usize {
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut units = 0u64;
    for (i, ch) in text[start..].char_indices() {
        if units + 1 >= col {
            return start + i;
        }
        units += if unit == "utf16" {
            ch.len_utf16()
        } else {
            ch.len_utf8()
        } as u64;
    }
    text.len()
}

/// Apply `(start, end, content)` byte edits.
fn apply(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut t = text.to_string();
    for (s, e, c) in edits {
        t.replace_range(s..e, &c);
    }
    t
}

const WIDE: &str =
    "FROM alpine:3.20\nRUN echo \"h\u{e9}llo \u{1F600}\" && apk add jq\nUSER 1\nCMD [\"app\"]\n";

#[test]
fn sarif_fixes_apply_in_utf16_columns() {
    let out = dfix_stdin(
        &[
            "check",
            "--format",
            "sarif",
            "--ignore",
            "DF1",
            "--stdin-filename",
            "Dockerfile",
            "-",
        ],
        WIDE,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{out}");
    let res = &results[0];
    let idx = res["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], res["ruleId"]);
    assert_eq!(res["ruleId"], "DF014");
    assert!(rules[idx]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    let edits = res["fixes"][0]["artifactChanges"][0]["replacements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rep| {
            let d = &rep["deletedRegion"];
            let s = offset(
                WIDE,
                d["startLine"].as_u64().unwrap(),
                d["startColumn"].as_u64().unwrap(),
                "utf16",
            );
            let e = offset(
                WIDE,
                d["endLine"].as_u64().unwrap(),
                d["endColumn"].as_u64().unwrap(),
                "utf16",
            );
            (
                s,
                e,
                rep["insertedContent"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(apply(WIDE, edits), fixed_by_dfix(WIDE, "DF014"));
}

#[test]
fn rdjson_suggestions_are_whole_lines_as_reviewdog_wants() {
    let r = Repo::new();
    r.write("README.md", "x\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("Dockerfile", WIDE);
    r.commit_all("feature");
    let (out, _) = r.review("rdjson", FOUNDATION_RULES);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"]["name"], "dfix");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"]["value"], "DF014");
    assert_eq!(d["location"]["path"], "Dockerfile");
    // The finding's own range is in UTF-8 byte columns: `apk add jq` starts
    // after the 26 bytes of `RUN echo "héllo 😀" && ` (é is 2 bytes, the
    // emoji 4; 22 characters).
    let start = &d["location"]["range"]["start"];
    assert_eq!(
        (start["line"].as_u64(), start["column"].as_u64()),
        (Some(2), Some(27))
    );
    // One suggestion, line-based (no columns): reviewdog comments on its lines.
    let sugg = d["suggestions"].as_array().unwrap();
    assert_eq!(sugg.len(), 1);
    let rg = &sugg[0]["range"];
    assert!(rg["start"].get("column").is_none() && rg["end"].get("column").is_none());
    let (s, e) = (
        rg["start"]["line"].as_u64().unwrap(),
        rg["end"]["line"].as_u64().unwrap(),
    );
    let new: Vec<&str> = sugg[0]["text"].as_str().unwrap().split('\n').collect();
    let committed = replace_lines(WIDE, s as usize, e as usize, &new);
    assert_eq!(committed, fixed_by_dfix(WIDE, "DF014"));
}

#[test]
fn annotations_checkstyle_and_gitlab_carry_every_finding() {
    let r = scenario();
    let (json, _) = r.review("json", FOUNDATION_RULES);
    let n = serde_json::from_str::<Value>(&json).unwrap()["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    assert!(n >= 5);

    let (gh, _) = r.review("github", FOUNDATION_RULES);
    let lines: Vec<&str> = gh.lines().collect();
    assert_eq!(lines.len(), n);
    assert!(lines.iter().all(|l| l.starts_with("::warning file=")
        || l.starts_with("::notice file=")
        || l.starts_with("::error file=")));
    // The fix note is on a second message line, escaped.
    assert!(lines.iter().any(|l| l.contains("%0Asafe fix: ")), "{gh}");

    // rdjson: a suggestion for every fix inside the diff, none for DF020's
    // (its USER goes after line 13, outside the hunk).
    let (rd, _) = r.review("rdjson", FOUNDATION_RULES);
    let rd: Value = serde_json::from_str(&rd).unwrap();
    // Rules that never fix (DF301 npm-start-cmd, …) have no suggestion.
    let rules: Value =
        serde_json::from_str(&dfix_stdin(&["rules", "--format", "json"], "")).unwrap();
    let never_fixes = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == code && r["fix"] == "never")
    };
    for d in rd["diagnostics"].as_array().unwrap() {
        let n = d["suggestions"].as_array().unwrap().len();
        match d["code"]["value"].as_str().unwrap() {
            "DF020" => assert_eq!(n, 0, "{d}"),
            "DF001" => {}
            code if never_fixes(code) => assert_eq!(n, 0, "{d}"),
            _ => assert_eq!(n, 1, "{d}"),
        }
    }

    let (xml, _) = r.review("checkstyle", FOUNDATION_RULES);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle"));
    assert_eq!(xml.matches("<error ").count(), n);
    assert_eq!(xml.matches("<file name=\"svc/Dockerfile\">").count(), 1);

    let (gl, _) = r.review("gitlab", FOUNDATION_RULES);
    let issues: Vec<Value> = serde_json::from_str(&gl).unwrap();
    assert_eq!(issues.len(), n);
    let mut fps: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fps.sort();
    fps.dedup();
    assert_eq!(fps.len(), n, "fingerprints are unique");
    for i in &issues {
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap()));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn check_accepts_the_ci_formats() {
    for format in ["sarif", "github", "checkstyle", "gitlab"] {
        let out = Command::new(env!("CARGO_BIN_EXE_dfix"))
            .args([
                "check",
                "--format",
                format,
                "--stdin-filename",
                "Dockerfile",
                "-",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                c.stdin
                    .take()
                    .unwrap()
                    .write_all(b"FROM alpine:3.20\nUSER 1\nCMD [\"x\"]\n")?;
                c.wait_with_output()
            })
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
    }
    // `review`-only formats are refused by `check`.
    let out = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(["check", "--format", "github-review", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn long_suggestions_and_dirty_work_trees() {
    let r = Repo::new();
    r.write("README.md", "x\n");
    r.commit_all("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    let long = format!(
        "FROM alpine:3.20\nRUN apk add {}\nUSER 1\n",
        "pkg ".repeat(17_000)
    );
    r.write("Dockerfile", &long);
    r.commit_all("feature");
    let out = r.dfix(&[
        "review",
        "--base",
        "main",
        "--format",
        "github-review",
        "--ignore",
        "DF1",
    ]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = v["comments"][0]["body"].as_str().unwrap();
    assert!(body.len() < 65_536);
    assert!(suggestion_lines(body).is_none());
    assert!(body.contains("too long for a review comment"), "{body}");
    assert!(v["body"]
        .as_str()
        .unwrap()
        .contains("(0 with a suggested fix)"));
    // Uncommitted edits: the lines follow the work tree, which stderr says.
    r.write("Dockerfile", "FROM alpine:3.20\nRUN apk add jq\nUSER 1\n");
    let out = r.dfix(&[
        "review",
        "--base",
        "main",
        "--format",
        "github-review",
        "--ignore",
        "DF1",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("changes that are not committed"), "{err}");
}
