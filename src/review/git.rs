//! The real `git`, run as a child process: the repository root, the merge
//! base, the files changed since it (renames and untracked new files
//! included) and the hunks of each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::diff::{parse_hunk_header, parse_hunks, Hunk};

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

    /// The hunks of the files in `paths` (old and new names of renames)
    /// that differ from `merge_base`, from one `git diff -U0`, by new path. Files without a content change (a pure
    /// rename, a mode change) have no entry.
    pub fn all_hunks(
        &self,
        merge_base: &str,
        paths: &[&str],
    ) -> Result<HashMap<String, Vec<Hunk>>, String> {
        let mut args = vec![
            "-c",
            "core.quotePath=false",
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
        args.extend_from_slice(paths);
        let out = self.run(&args)?;
        Ok(split_patch(&out))
    }

    /// Do tracked files differ from HEAD (staged or not)?
    pub fn is_dirty(&self) -> Result<bool, String> {
        let out = self.run(&["status", "--porcelain", "--untracked-files=no"])?;
        Ok(!out.is_empty())
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

/// Undo git's C-style quoting of a path (`"a/x\\ty"`, octal bytes).
fn unquote(name: &str) -> Option<String> {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return Some(name.to_string());
    };
    let mut bytes = Vec::new();
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next()? {
            b'n' => bytes.push(b'\n'),
            b't' => bytes.push(b'\t'),
            b'r' => bytes.push(b'\r'),
            b'a' => bytes.push(7),
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'v' => bytes.push(11),
            d @ b'0'..=b'3' => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    let n = it.next().filter(u8::is_ascii_digit)?;
                    v = v * 8 + u32::from(n - b'0');
                }
                bytes.push(u8::try_from(v).ok()?);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// Split a whole-tree `git diff -U0` into hunks by new path. A `diff --git`
/// line always starts a file (content lines start with `+`, `-`, ` ` or
/// `\\`); its `+++ b/…` line names it; `@@` lines after it are its hunks.
pub fn split_patch(out: &[u8]) -> HashMap<String, Vec<Hunk>> {
    let text = String::from_utf8_lossy(out);
    let mut map: HashMap<String, Vec<Hunk>> = HashMap::new();
    let mut current: Option<String> = None;
    let mut in_hunks = false;
    for line in text.lines() {
        if line.starts_with("diff --git ") {
            current = None;
            in_hunks = false;
        } else if !in_hunks && line.starts_with("+++ ") {
            let name = line[4..].trim_end_matches('\t');
            current = unquote(name).and_then(|n| n.strip_prefix("b/").map(str::to_string));
            if let Some(c) = &current {
                map.entry(c.clone()).or_default();
            }
        } else if let Some(h) = line
            .starts_with("@@ -")
            .then(|| parse_hunk_header(line))
            .flatten()
        {
            in_hunks = true;
            if let Some(c) = &current {
                map.entry(c.clone()).or_default().push(h);
            }
        }
    }
    map
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
    fn whole_patch_split_by_file() {
        let out = "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+++ b/not-a-header\n@@ -5,0 +6,2 @@\n+c\n+d\n\
diff --git \"a/q\\\"\\303\\274\" \"b/q\\\"\\303\\274\"\nnew file mode 100644\n--- /dev/null\n+++ \"b/q\\\"\\303\\274\"\n@@ -0,0 +1 @@\n+x\n\
diff --git a/old name b/new name\nsimilarity index 100%\nrename from old name\nrename to new name\n";
        let map = split_patch(out.as_bytes());
        assert_eq!(map.len(), 2, "{map:?}");
        let x: Vec<(usize, usize)> = map["x"]
            .iter()
            .map(|h| (h.new_start, h.new_count))
            .collect();
        assert_eq!(x, vec![(1, 1), (6, 2)]);
        assert_eq!(map["q\"\u{fc}"].len(), 1);
        assert_eq!(unquote("\"b/a\\tb\""), Some("b/a\tb".to_string()));
        assert_eq!(unquote("plain"), Some("plain".to_string()));
    }

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
