//! The `dfix` binary end to end: exit codes, JSON shape, writes, stdin,
//! bad input, directory walks, rule docs.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn dfix(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn dfix_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const CLEAN: &str = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nUSER 10001\nCMD [\"python\", \"app.py\"]\n";
const DIRTY: &str =
    "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nCMD python app.py\n";

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), CLEAN).unwrap();
    let o = dfix(&["check", "Dockerfile"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    fs::write(dir.path().join("Dockerfile"), DIRTY).unwrap();
    assert_eq!(
        dfix(&["check", "Dockerfile"], dir.path()).status.code(),
        Some(1)
    );
    let o = dfix(&["check", "missing/Dockerfile"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("missing/Dockerfile: cannot read"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        dfix(&["check", "--format", "nope"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn json_shape() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), DIRTY).unwrap();
    let o = dfix(&["check", "--format", "json", "."], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["files_checked"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    let d = diags
        .iter()
        .find(|d| d["code"] == "DF012")
        .expect("DF012 reported");
    assert_eq!(d["path"], "Dockerfile");
    assert_eq!(d["name"], "apt-lists-not-cleaned");
    assert_eq!(d["aliases"][0], "hadolint/DL3009");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["range"]["start"]["line"], 2);
    assert_eq!(d["range"]["start"]["column"], 1);
    assert_eq!(d["range"]["end"]["line"], 2);
    assert_eq!(d["range"]["end"]["column"], 46);
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(
        d["fix"]["title"],
        "Remove /var/lib/apt/lists in the same RUN"
    );
    let untagged = diags.iter().find(|d| d["code"] == "DF020").unwrap();
    assert_eq!(untagged["fix"]["applicability"], "unsafe");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn write_applies_safe_fixes_and_keeps_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    // CRLF, a BOM and no final newline.
    let src = "\u{feff}FROM python:3.12-slim\r\n# keep me\r\nCMD python app.py";
    fs::write(&df, src).unwrap();
    fs::set_permissions(&df, fs::Permissions::from_mode(0o640)).unwrap();
    let clean = dir.path().join("clean.Dockerfile");
    fs::write(&clean, CLEAN).unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    fs::File::options()
        .write(true)
        .open(&clean)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let o = dfix(&["--write", "."], dir.path());
    // DF020 (unsafe) remains, so findings remain.
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        fs::read_to_string(&df).unwrap(),
        "\u{feff}FROM python:3.12-slim\r\n# keep me\r\nCMD [\"python\", \"app.py\"]"
    );
    assert_eq!(
        fs::metadata(&df).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(
        fs::metadata(&clean).unwrap().modified().unwrap(),
        old,
        "unchanged file rewritten"
    );
    assert!(
        stderr(&o).contains("Applied 1 fix in 1 file."),
        "{}",
        stderr(&o)
    );
    // No temp files left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // --unsafe adds the USER; a second run is a no-op.
    let o = dfix(&["fix", "--unsafe", "Dockerfile"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let fixed = fs::read_to_string(&df).unwrap();
    // No RUN in the stage: the user is created right after FROM.
    assert_eq!(
        fixed,
        "\u{feff}FROM python:3.12-slim\r\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --create-home app\r\nUSER 10001:10001\r\n# keep me\r\nCMD [\"python\", \"app.py\"]"
    );
    let o = dfix(&["fix", "--unsafe", "Dockerfile"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&df).unwrap(), fixed);
}

#[test]
fn diff_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    fs::write(&df, DIRTY).unwrap();
    let o = dfix(&["--diff", "Dockerfile"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let patch = stdout(&o);
    assert!(
        patch.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@"),
        "{patch}"
    );
    assert!(patch.contains("+CMD [\"python\", \"app.py\"]"), "{patch}");
    assert_eq!(fs::read_to_string(&df).unwrap(), DIRTY);
    // The patch applies with git.
    let p = dir.path().join("p.diff");
    fs::write(&p, &patch).unwrap();
    let g = Command::new("git")
        .args(["apply", "--unsafe-paths", "p.diff"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    assert!(fs::read_to_string(&df)
        .unwrap()
        .contains("CMD [\"python\", \"app.py\"]"));
}

#[test]
fn stdin_check_and_fix() {
    let o = dfix_stdin(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "api/Dockerfile",
            "-",
        ],
        DIRTY.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["path"], "api/Dockerfile");
    assert_eq!(o.status.code(), Some(1));
    let o = dfix_stdin(&["fix", "-"], DIRTY.as_bytes());
    assert_eq!(
        stdout(&o),
        "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCMD [\"python\", \"app.py\"]\n"
    );
}

#[test]
fn bad_input_is_reported_and_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), DIRTY).unwrap();
    fs::write(dir.path().join("bin.Dockerfile"), b"FROM x\0\n").unwrap();
    fs::write(
        dir.path().join("latin1.Dockerfile"),
        b"FROM x\nLABEL a=\xe9\n",
    )
    .unwrap();
    let o = dfix(&["--write", "--format", "json", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["path"], "bin.Dockerfile");
    assert_eq!(errors[0]["message"], "1:7: binary file (NUL byte); skipped");
    assert_eq!(errors[1]["path"], "latin1.Dockerfile");
    assert_eq!(
        errors[1]["message"],
        "2:9: not valid UTF-8 (byte 0xe9); skipped"
    );
    // The good file was still fixed, the bad ones untouched.
    assert!(fs::read_to_string(dir.path().join("Dockerfile"))
        .unwrap()
        .contains("CMD [\"python\""));
    assert_eq!(
        fs::read(dir.path().join("latin1.Dockerfile")).unwrap(),
        b"FROM x\nLABEL a=\xe9\n"
    );
}

#[test]
fn walk_respects_gitignore_and_detects_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("ignored")).unwrap();
    fs::create_dir_all(d.join("svc")).unwrap();
    fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    fs::write(d.join("ignored/Dockerfile"), DIRTY).unwrap();
    fs::write(d.join("svc/api.Dockerfile"), DIRTY).unwrap();
    fs::write(d.join("svc/Containerfile"), DIRTY).unwrap();
    fs::write(d.join("svc/Dockerfile.prod"), DIRTY).unwrap();
    fs::write(d.join("svc/notes.txt"), DIRTY).unwrap();
    let o = dfix(&["check", "--format", "json", "."], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut paths: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    assert_eq!(
        paths,
        [
            "svc/Containerfile",
            "svc/Dockerfile.prod",
            "svc/api.Dockerfile"
        ]
    );
    assert_eq!(v["files_checked"], 3);
}

#[test]
fn rules_and_rule_docs() {
    let dir = tempfile::tempdir().unwrap();
    let o = dfix(&["rules"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let list = stdout(&o);
    assert!(
        list.lines()
            .any(|l| l.starts_with("DF012") && l.contains("hadolint/DL3009")),
        "{list}"
    );
    let o = dfix(&["rule", "DL3009"], dir.path());
    let doc = stdout(&o);
    assert!(doc.starts_with("DF012 apt-lists-not-cleaned"), "{doc}");
    assert!(doc.contains("## Why is this bad?"));
    assert_eq!(
        dfix(&["rule", "NOPE999"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn colour_follows_no_color() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), DIRTY).unwrap();
    let run = |no_color: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dfix"));
        c.args(["check", "Dockerfile"])
            .current_dir(dir.path())
            .env("CLICOLOR_FORCE", "1");
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(
        run(false).contains('\u{1b}'),
        "forced colour has ANSI codes"
    );
    let plain = run(true);
    assert!(!plain.contains('\u{1b}'), "NO_COLOR output has ANSI codes");
    assert!(plain.contains("Dockerfile:2:1"), "{plain}");
}

#[test]
fn ignore_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let src = "FROM python:3.12-slim\n# dfix: ignore[DF012]\n# hadolint ignore=DL3015\nRUN apt-get update && apt-get install -y curl\nUSER 1\nCMD [\"x\"]\n";
    fs::write(dir.path().join("Dockerfile"), src).unwrap();
    let o = dfix(&["check", "--format", "json", "Dockerfile"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(o.status.code(), Some(0));
}
