//! Helpers for the `review_*` tests: real git repositories in temp dirs and
//! the real `dfix` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A git repository in a temp dir, isolated from the user's git config.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

fn isolate(cmd: &mut Command) -> &mut Command {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "dfix test")
        .env("GIT_AUTHOR_EMAIL", "test@dfix.invalid")
        .env("GIT_COMMITTER_NAME", "dfix test")
        .env("GIT_COMMITTER_EMAIL", "test@dfix.invalid")
        .env("NO_COLOR", "1")
}

impl Repo {
    /// `git init` on branch `main`.
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        // Keep CRLF and other bytes exactly as written.
        repo.git(&["config", "core.autocrlf", "false"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git; panic with its stderr on failure; return stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = isolate(Command::new("git").arg("-C").arg(self.path()).args(args))
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn write(&self, rel: &str, content: &str) {
        let p = self.path().join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(p, content).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    pub fn commit_all(&self, msg: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", msg]);
    }

    /// Run `dfix ARGS` in `dir` (relative to the repo).
    pub fn dfix_in(&self, dir: &str, args: &[&str]) -> Output {
        isolate(
            Command::new(env!("CARGO_BIN_EXE_dfix"))
                .current_dir(self.path().join(dir))
                .args(args),
        )
        .output()
        .expect("run dfix")
    }

    pub fn dfix(&self, args: &[&str]) -> Output {
        self.dfix_in(".", args)
    }

    /// `dfix review --base main --format FORMAT [extra]`: stdout and exit code.
    pub fn review(&self, format: &str, extra: &[&str]) -> (String, i32) {
        let mut args = vec!["review", "--base", "main", "--format", format];
        args.extend_from_slice(extra);
        let out = self.dfix(&args);
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "dfix review failed ({code}): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (String::from_utf8_lossy(&out.stdout).into_owned(), code)
    }

    /// The findings of a review as `(path, code, start line)`, sorted.
    pub fn findings(&self, extra: &[&str]) -> Vec<(String, String, u64)> {
        let (out, _) = self.review("json", extra);
        let v: serde_json::Value = serde_json::from_str(&out).expect("review json");
        let mut f: Vec<(String, String, u64)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["code"].as_str().unwrap().to_string(),
                    d["range"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect();
        f.sort();
        f
    }

    /// Write `patch` to a file and run `git apply ARGS` on it.
    pub fn apply(&self, patch: &str, args: &[&str]) -> Output {
        let p: PathBuf = self.path().join(".git").join("dfix-test.patch");
        std::fs::write(&p, patch).unwrap();
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(self.path())
            .arg("apply")
            .args(args)
            .arg(&p);
        isolate(&mut cmd).output().expect("git apply")
    }

    /// The new-side line ranges of `git diff -U3 main...HEAD`-style hunks of
    /// one file against the merge base (what a pull-request page shows).
    pub fn shown_hunks(&self, path: &str) -> Vec<(u64, u64)> {
        let mb = self.git(&["merge-base", "main", "HEAD"]);
        let out = self.git(&[
            "diff",
            "-U3",
            "-M",
            "--diff-algorithm=myers",
            mb.trim(),
            "--",
            path,
        ]);
        out.lines()
            .filter_map(|l| l.strip_prefix("@@ -"))
            .filter_map(|l| {
                let new = l.split(" +").nth(1)?.split(' ').next()?;
                let (s, n) = match new.split_once(',') {
                    Some((s, n)) => (s.parse::<u64>().ok()?, n.parse::<u64>().ok()?),
                    None => (new.parse::<u64>().ok()?, 1),
                };
                Some((s, s + n.max(1) - 1))
            })
            .collect()
    }
}
