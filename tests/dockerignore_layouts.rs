//! `.dockerignore` rules and fix on real project layouts made in temp dirs
//! (node, python, go, rust, a monorepo with two Dockerfiles), through the
//! real `dfix` binary: what `check` reports, what `--write` (and
//! `--write --unsafe`) writes, that the written file excludes what it
//! should with Docker's semantics and never a path a `COPY` needs, and that
//! a second run changes nothing.

use std::path::Path;
use std::process::Command;

use dfix::dockerignore::Dockerignore;

/// `path` → content; a path ending in `/` is a directory.
type Layout<'a> = &'a [(&'a str, &'a str)];

fn make(layout: Layout) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, content) in layout {
        let full = dir.path().join(p.trim_end_matches('/'));
        if p.ends_with('/') {
            std::fs::create_dir_all(&full).unwrap();
        } else {
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, content).unwrap();
        }
    }
    dir
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

/// `path:line:col CODE message` for each DF05x finding.
fn findings(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "json", "--select", "DF05"];
    args.extend_from_slice(extra);
    args.push(".");
    let (code, stdout, stderr) = dfix(dir, &args);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut out = String::new();
    for d in v["diagnostics"].as_array().unwrap() {
        out.push_str(&format!(
            "{}:{}:{} {} {}\n",
            d["path"].as_str().unwrap(),
            d["range"]["start"]["line"],
            d["range"]["start"]["column"],
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        ));
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn read(dir: &Path, p: &str) -> String {
    std::fs::read_to_string(dir.join(p)).unwrap_or_else(|_| "(absent)\n".into())
}

/// For the snapshot: shows a missing final newline.
fn shown(text: String) -> String {
    if text.ends_with('\n') {
        text
    } else {
        format!("{text}⏎ (no final newline)\n")
    }
}

fn snapshot(name: &str, value: String) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

/// Check, write safe, write unsafe, check again, write again: the story of
/// one layout.
fn story(dir: &Path, ignore_file: &str, extra: &[&str]) -> String {
    let mut s = String::new();
    s.push_str("## check\n");
    s.push_str(&findings(dir, extra));
    let mut write = vec!["--write", "--select", "DF05"];
    write.extend_from_slice(extra);
    write.push(".");
    let (code, _, stderr) = dfix(dir, &write);
    assert!(code == 0 || code == 1, "{stderr}");
    s.push_str(&format!(
        "## --write → {ignore_file}\n{}",
        shown(read(dir, ignore_file))
    ));
    let mut write_unsafe = vec!["--write", "--unsafe", "--select", "DF05"];
    write_unsafe.extend_from_slice(extra);
    write_unsafe.push(".");
    let (code, _, stderr) = dfix(dir, &write_unsafe);
    assert!(code == 0 || code == 1, "{stderr}");
    let after = read(dir, ignore_file);
    s.push_str(&format!(
        "## --write --unsafe → {ignore_file}\n{}",
        shown(after.clone())
    ));
    s.push_str("## check after\n");
    s.push_str(&findings(dir, extra));
    let (_, _, _) = dfix(dir, &write_unsafe);
    assert_eq!(
        read(dir, ignore_file),
        after,
        "a second --write changed the ignore file"
    );
    s
}

#[test]
fn node_project() {
    let dir = make(&[
        (
            "Dockerfile",
            "FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n",
        ),
        ("package.json", "{}"),
        ("package-lock.json", "{}"),
        ("src/index.js", "console.log('hi')\n"),
        ("node_modules/express/index.js", ""),
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".env", "DB_PASSWORD=hunter2\n"),
        ("npm-debug.log", ""),
        (".vscode/settings.json", "{}"),
        ("docker-compose.yml", "services: {}\n"),
    ]);
    let story = story(dir.path(), ".dockerignore", &[]);
    let di = Dockerignore::parse(&read(dir.path(), ".dockerignore"));
    for gone in [
        ".git/HEAD",
        ".env",
        "node_modules/express/index.js",
        "npm-debug.log",
    ] {
        assert!(di.is_excluded(gone), "{gone} should be excluded");
    }
    for kept in ["package.json", "package-lock.json", "src/index.js"] {
        assert!(!di.is_excluded(kept), "{kept} is needed");
    }
    snapshot("dockerignore_layout__node", story);
}

#[test]
fn python_project_keeps_what_copy_needs() {
    let dir = make(&[
        (
            "Dockerfile",
            "FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app/ app/\nCOPY .env.production .env\nCMD [\"python\", \"-m\", \"app\"]\n",
        ),
        ("requirements.txt", "flask\n"),
        ("app/__init__.py", ""),
        ("app/__pycache__/__init__.cpython-312.pyc", ""),
        (".venv/bin/python", ""),
        (".pytest_cache/", ""),
        (".env", "SECRET=1\n"),
        (".env.production", "MODE=prod\n"),
        ("logs/app.log", ""),
        (".git/HEAD", ""),
        (".idea/", ""),
    ]);
    let story = story(dir.path(), ".dockerignore", &[]);
    let di = Dockerignore::parse(&read(dir.path(), ".dockerignore"));
    assert!(
        !di.is_excluded(".env.production"),
        "COPY .env.production needs it"
    );
    assert!(!di.is_excluded("requirements.txt"));
    assert!(!di.is_excluded("app/__init__.py"));
    for gone in [
        ".env",
        ".venv/bin/python",
        "logs/app.log",
        ".git/HEAD",
        "app/__pycache__/x.pyc",
    ] {
        assert!(di.is_excluded(gone), "{gone} should be excluded");
    }
    snapshot("dockerignore_layout__python", story);
}

#[test]
fn go_project_extends_an_existing_ignore_file() {
    let dir = make(&[
        (
            "Dockerfile",
            "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
        ),
        // CRLF and no final newline: kept byte for byte.
        (".dockerignore", "# ours\r\n.git"),
        ("go.mod", "module x\n"),
        ("go.sum", ""),
        ("main.go", "package main\n"),
        (".git/HEAD", ""),
        ("vendor/modules.txt", ""),
        ("build.log", ""),
        ("compose.yaml", "services: {}\n"),
    ]);
    let story = story(dir.path(), ".dockerignore", &[]);
    let text = read(dir.path(), ".dockerignore");
    assert!(text.starts_with("# ours\r\n.git\r\n"), "{text:?}");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CRLF kept: {text:?}"
    );
    let di = Dockerignore::parse(&text);
    assert!(
        !di.is_excluded("vendor/modules.txt"),
        "vendor/ is source in Go"
    );
    snapshot("dockerignore_layout__go", story);
}

#[test]
fn rust_project_copy_of_an_ignored_path_is_an_error() {
    let dir = make(&[
        (
            "Dockerfile",
            "FROM debian:bookworm-slim\nCOPY target/release/app /usr/local/bin/app\nCOPY config/*.toml /etc/app/\nCOPY config /etc/app/kept/\nCMD [\"app\"]\n",
        ),
        (".dockerignore", "target\nconfig/\n!config/keep.txt\n"),
        ("Cargo.toml", "[package]\n"),
        ("Cargo.lock", ""),
        ("src/main.rs", "fn main() {}\n"),
        ("target/release/app", ""),
        ("config/app.toml", ""),
        ("config/keep.txt", ""),
        (".git/HEAD", ""),
    ]);
    let out = findings(dir.path(), &[]);
    assert!(out.contains("DF052"), "{out}");
    // `COPY config` still copies config/keep.txt, which `!` re-includes.
    assert!(!out.contains(":4:6 DF052"), "{out}");
    snapshot(
        "dockerignore_layout__rust",
        story(dir.path(), ".dockerignore", &[]),
    );
}

#[test]
fn monorepo_with_two_dockerfiles() {
    let dir = make(&[
        (".git/HEAD", ""),
        (
            "services/web/Dockerfile",
            "FROM node:20-slim\nCOPY package.json .\nRUN npm install\nCOPY src/ src/\n",
        ),
        ("services/web/package.json", "{}"),
        ("services/web/src/index.js", ""),
        ("services/web/node_modules/x/index.js", ""),
        ("services/web/.env.local", ""),
        (
            "services/api/api.Dockerfile",
            "FROM python:3.12-slim\nCOPY . /srv\n",
        ),
        // The per-Dockerfile ignore file wins over a context .dockerignore.
        ("services/api/api.Dockerfile.dockerignore", "__pycache__\n"),
        ("services/api/.dockerignore", "*\n"),
        ("services/api/main.py", ""),
        ("services/api/pkg/__pycache__/m.pyc", ""),
        ("services/api/.venv/bin/python", ""),
    ]);
    let story = format!(
        "{}\n## services/api/api.Dockerfile.dockerignore after\n{}## services/api/.dockerignore untouched\n{}",
        story(dir.path(), "services/web/.dockerignore", &[]),
        read(dir.path(), "services/api/api.Dockerfile.dockerignore"),
        read(dir.path(), "services/api/.dockerignore"),
    );
    let api = Dockerignore::parse(&read(
        dir.path(),
        "services/api/api.Dockerfile.dockerignore",
    ));
    assert!(
        api.is_excluded("pkg/__pycache__/m.pyc"),
        "nested caches need **/"
    );
    assert!(!api.is_excluded("main.py"));
    assert_eq!(read(dir.path(), "services/api/.dockerignore"), "*\n");
    snapshot("dockerignore_layout__monorepo", story);
}

#[test]
fn monorepo_shared_root_context() {
    // Both Dockerfiles built from the repository root (`--build-context .`):
    // one ignore file must serve both, nested node_modules need `**/`.
    let dir = make(&[
        (".git/HEAD", ""),
        (
            "web/Dockerfile",
            "FROM node:20-slim\nCOPY web/package.json web/\nCOPY web/src web/src\n",
        ),
        ("web/package.json", "{}"),
        ("web/src/index.js", ""),
        ("web/node_modules/x/index.js", ""),
        (
            "worker/Dockerfile",
            "FROM node:20-slim\nCOPY worker/ worker/\nCOPY .env.shared /etc/app.env\n",
        ),
        ("worker/main.js", ""),
        ("worker/node_modules/y/index.js", ""),
        (".env.shared", ""),
        (".env", ""),
    ]);
    let s = story(dir.path(), ".dockerignore", &["--build-context", "."]);
    let di = Dockerignore::parse(&read(dir.path(), ".dockerignore"));
    assert!(di.is_excluded("web/node_modules/x/index.js"));
    assert!(di.is_excluded(".env"));
    assert!(!di.is_excluded(".env.shared"), "worker's COPY needs it");
    assert!(!di.is_excluded("web/src/index.js"));
    snapshot("dockerignore_layout__shared_context", s);
}

#[test]
fn diff_shows_the_new_file_and_writes_nothing() {
    let dir = make(&[
        ("Dockerfile", "FROM alpine:3.20\nCOPY app.sh /app.sh\n"),
        ("app.sh", ""),
        (".git/HEAD", ""),
        ("debug.log", ""),
    ]);
    let (code, stdout, _) = dfix(dir.path(), &["--diff", "--select", "DF05", "."]);
    assert_eq!(code, 1);
    assert!(stdout.contains("+++ b/.dockerignore"), "{stdout}");
    assert!(stdout.contains("+.git\n"), "{stdout}");
    assert!(!dir.path().join(".dockerignore").exists());
}

#[test]
fn compose_build_context_decides_the_context() {
    // docker/app.Dockerfile is built from the repository root, as the
    // compose file says: the ignore file belongs at the root.
    let dir = make(&[
        (
            "compose.yaml",
            "services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/app.Dockerfile\n",
        ),
        (
            "docker/app.Dockerfile",
            "FROM python:3.12-slim\nCOPY app/ /srv/app/\n",
        ),
        ("app/main.py", ""),
        (".git/HEAD", ""),
        (".env", ""),
    ]);
    let out = findings(dir.path(), &[]);
    assert!(out.contains("build context `.`"), "{out}");
    let (code, _, stderr) = dfix(dir.path(), &["--write", "--select", "DF05", "."]);
    assert_eq!(code, 0, "{stderr}");
    let root = read(dir.path(), ".dockerignore");
    assert!(
        root.contains(".git\n") && root.contains(".env*\n"),
        "{root}"
    );
    assert!(root.contains("docker/app.Dockerfile\n"), "{root}");
    assert!(!dir.path().join("docker/.dockerignore").exists());
    snapshot(
        "dockerignore_layout__compose_context",
        format!("{out}## .dockerignore\n{root}"),
    );
}
