//! The real `git`, run as a child process: the repository root, the merge
//! base, the files changed since it (renames and untracked new files
//! included) and the hunks of each.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::diff::{parse_hunks, Hunk};

/// A git repository found from a directory.
#[derive(Debug, Clone)]
pub struct Git {
    root: PathBuf,
}

/// How a file changed since the merge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// New in the change (committed, staged or untracked): every line is new.
    Added,
    Modified,
    Renamed,
}

/// One changed file; paths are relative to the repository root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    /// The name at the merge base, for renames.
    pub old_path: Option<String>,
    pub kind: ChangeKind,
}

impl Git {
    /// The repository that contains `dir`.
    pub fn discover(dir: &Path) -> Result<Git, String> {
        let out = run_git(dir, &["rev-parse", "--show-toplevel"])?;
        let root = String::from_utf8_lossy(&out)
            .trim_end_matches('\n')
            .to_string();
        if root.is_empty() {
            return Err(format!("{}: not inside a git work tree", dir.display()));
        }
        Ok(Git {
            root: PathBuf::from(root),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        run_git(&self.root, args)
    }

    /// The full id of a commit-ish.
    pub fn resolve(&self, rev: &str) -> Result<String, String> {
        let spec = format!("{rev}^{{commit}}");
        let out = self
            .run(&[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .map_err(|_| format!("`{rev}` is not a commit in {}", self.root.display()))?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The merge base of `base` and HEAD: what a pull request's diff starts from.
    pub fn merge_base(&self, base: &str) -> Result<String, String> {
        let base_id = self.resolve(base)?;
        let out = self.run(&["merge-base", &base_id, "HEAD"]).map_err(|e| {
            format!(
                "no merge base between `{base}` and HEAD ({e}); in a shallow clone, fetch more history (actions/checkout: `fetch-depth: 0`)"
            )
        })?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// Files that differ between `merge_base` and the work tree, plus
    /// untracked files that are not ignored (they are new too).
    pub fn changed_files(&self, merge_base: &str) -> Result<Vec<ChangedFile>, String> {
        let out = self.run(&[
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--no-color",
            "--no-ext-diff",
            merge_base,
            "--",
        ])?;
        let mut files = parse_name_status(&out);
        let untracked = self.run(&["ls-files", "-z", "--others", "--exclude-standard"])?;
        for p in untracked.split(|&b| b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8_lossy(p).into_owned();
            if !files.iter().any(|f| f.path == path) {
                files.push(ChangedFile {
                    path,
                    old_path: None,
                    kind: ChangeKind::Added,
                });
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// The hunks of one file between `merge_base` and the work tree, without
    /// context lines. Myers, as the pull-request page shows it.
    pub fn hunks(&self, merge_base: &str, file: &ChangedFile) -> Result<Vec<Hunk>, String> {
        let mut args = vec![
            "diff",
            "-U0",
            "-M",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--diff-algorithm=myers",
            merge_base,
            "--",
        ];
        if let Some(old) = &file.old_path {
            args.push(old);
        }
        args.push(&file.path);
        let out = self.run(&args)?;
        Ok(parse_hunks(&String::from_utf8_lossy(&out)))
    }

    /// The commit checked out.
    pub fn head(&self) -> Result<String, String> {
        self.resolve("HEAD")
    }
}

fn run_git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Paths are names, never patterns; messages are stable.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env("LC_ALL", "C")
        .env_remove("GIT_EXTERNAL_DIFF")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            err.trim().lines().next().unwrap_or("unknown error")
        ));
    }
    Ok(out.stdout)
}

/// Parse `git diff --name-status -z -M`: `STATUS\0path\0` or, for renames
/// and copies, `RNNN\0old\0new\0`. Deleted files are dropped.
pub fn parse_name_status(out: &[u8]) -> Vec<ChangedFile> {
    let mut fields = out
        .split(|&b| b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let mut files = Vec::new();
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let letter = status.as_bytes()[0];
        match letter {
            b'R' | b'C' => {
                let (Some(old), Some(new)) = (fields.next(), fields.next()) else {
                    break;
                };
                files.push(ChangedFile {
                    path: new,
                    old_path: (letter == b'R').then_some(old),
                    kind: if letter == b'R' {
                        ChangeKind::Renamed
                    } else {
                        ChangeKind::Added
                    },
                });
            }
            _ => {
                let Some(path) = fields.next() else { break };
                let kind = match letter {
                    b'D' => continue,
                    b'A' => ChangeKind::Added,
                    _ => ChangeKind::Modified,
                };
                files.push(ChangedFile {
                    path,
                    old_path: None,
                    kind,
                });
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status() {
        let out = b"M\0a/Dockerfile\0R087\0old name\0new name\0D\0gone\0A\0new.yaml\0";
        let files = parse_name_status(out);
        assert_eq!(files.len(), 3);
        assert_eq!(files[0].path, "a/Dockerfile");
        assert_eq!(files[0].kind, ChangeKind::Modified);
        assert_eq!(files[1].path, "new name");
        assert_eq!(files[1].old_path.as_deref(), Some("old name"));
        assert_eq!(files[1].kind, ChangeKind::Renamed);
        assert_eq!(files[2].kind, ChangeKind::Added);
    }
}
