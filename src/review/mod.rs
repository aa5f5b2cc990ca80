//! `dfix review --base REF [PATHS…]`: the pull-request bot.
//!
//! Owns: asking the real `git` (as a child process) for the merge base of
//! `REF` and HEAD, the files changed since then (renames, new and untracked
//! files included) and their hunks; keeping only the findings that touch
//! changed lines (every line of a new file counts); turning fixes into
//! suggestions that stay inside the diff's hunks and into a patch that
//! `git apply` accepts; choosing the output format.
//! Never touches: rule logic (it calls `engine`), the layout of a format
//! (it calls `output`), the network (posting the review is the action's
//! job), the work tree (it never writes a file).
//!
//! Line numbers follow git and GitHub: 1-based lines of the file as it is in
//! the work tree, which is HEAD in CI.

pub mod diff;
pub mod fixes;
pub mod git;
pub mod suggest;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::cli::{self, InputError, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::engine::{self, Applicability, LintConfig};
use crate::output::github_review::{comment_body, PullRequestReview, ReviewComment};
use crate::output::{self, FileReport, Report};
use crate::syntax::LineIndex;

use diff::{line_count, line_span, FileChanges};
use git::{ChangeKind, Git};

/// Arguments of `dfix review`.
#[derive(Args, Debug, Clone)]
pub struct ReviewArgs {
    /// The branch or commit the change merges into: findings are limited to
    /// lines changed since the merge base of REF and HEAD (work-tree edits
    /// and untracked files included).
    #[arg(long, value_name = "REF")]
    pub base: String,
    /// Limit the review to these files or directories (default: the whole repository).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Text)]
    pub format: ReviewFormat,
    /// Put unsafe fixes in the patch too (suggestions always show them, marked unsafe).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Only run these rules (codes, aliases, names or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Never run these rules (codes, aliases, names or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

/// What `dfix review` prints.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReviewFormat {
    #[default]
    Text,
    Json,
    /// The body of GitHub's "create a review for a pull request" call.
    GithubReview,
    /// A unified diff of the fixes, for `git apply`.
    Patch,
    /// reviewdog's diagnostic format, with suggestions.
    Rdjson,
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    Checkstyle,
    Gitlab,
}

/// One changed file that dfix checks, with its findings on changed lines.
#[derive(Debug, Clone)]
pub struct ReviewedFile {
    pub path: PathBuf,
    pub report: FileReport,
    pub changes: FileChanges,
}

/// Everything a review found.
#[derive(Debug, Clone)]
pub struct Review {
    pub root: PathBuf,
    pub head: String,
    pub merge_base: String,
    pub files: Vec<ReviewedFile>,
    pub errors: Vec<InputError>,
}

impl Review {
    pub fn report(&self) -> Report {
        Report {
            files_checked: self.files.len(),
            files: self.files.iter().map(|f| f.report.clone()).collect(),
            errors: self.errors.clone(),
        }
    }

    pub fn finding_count(&self) -> usize {
        self.files.iter().map(|f| f.report.diagnostics.len()).sum()
    }
}

fn canonical(p: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(p).ok()
}

/// Run the review: git, then the lint of every changed file dfix checks.
/// `cwd` anchors the repository and relative `paths`.
pub fn review(
    cwd: &Path,
    base: &str,
    paths: &[PathBuf],
    config: &LintConfig,
) -> Result<Review, String> {
    let git = Git::discover(cwd)?;
    let merge_base = git.merge_base(base)?;
    let head = git.head()?;
    let changed = git.changed_files(&merge_base)?;
    // The files `dfix check PATHS` would look at (same walk, same kinds).
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![git.root().to_path_buf()]
    } else {
        paths.iter().map(|p| cwd.join(p)).collect()
    };
    let (inputs, mut errors) = cli::discover(&roots, None);
    let by_path: HashMap<PathBuf, &cli::Input> = inputs
        .iter()
        .filter_map(|i| canonical(&i.path).map(|c| (c, i)))
        .collect();
    let mut files = Vec::new();
    for c in &changed {
        let abs = git.root().join(&c.path);
        let Some(input) = canonical(&abs).and_then(|p| by_path.get(&p).copied()) else {
            continue;
        };
        let mut input = input.clone();
        input.display = c.path.clone();
        let src = match cli::read_source(&input) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let lines = line_count(&src.text);
        let changes = match c.kind {
            ChangeKind::Added => FileChanges::whole_file(lines),
            ChangeKind::Modified | ChangeKind::Renamed => {
                FileChanges::from_hunks(&git.hunks(&merge_base, c)?, lines)
            }
        };
        let result = engine::lint(Some(&input.path), &src.text, src.kind, config);
        let idx = LineIndex::new(&src.text);
        let diagnostics = result
            .diagnostics
            .into_iter()
            .filter(|d| fixes::on_changed_lines(&src.text, &idx, &changes, d))
            .collect();
        files.push(ReviewedFile {
            path: input.path.clone(),
            report: FileReport::new(&src, diagnostics),
            changes,
        });
    }
    Ok(Review {
        root: git.root().to_path_buf(),
        head,
        merge_base,
        files,
        errors,
    })
}

/// The review comments: one per finding, on lines inside the diff's hunks,
/// with a suggestion block when the fix's lines all lie inside one hunk.
pub fn github_review(review: &Review) -> PullRequestReview {
    let mut comments = Vec::new();
    let mut suggested = 0;
    for f in &review.files {
        let text = &f.report.source;
        let idx = LineIndex::new(text);
        for d in &f.report.diagnostics {
            let (first, last) = line_span(text, &idx, &d.range);
            let sugg = d
                .fix
                .as_ref()
                .and_then(|fix| suggest::suggestion_for(text, fix));
            let placed = sugg.as_ref().and_then(|s| {
                f.changes
                    .hunk_containing(s.start_line, s.end_line)
                    .map(|_| s)
            });
            let (start, line, body) = match placed {
                Some(s) => {
                    suggested += 1;
                    (
                        s.start_line,
                        s.end_line,
                        comment_body(d, Some(&s.text()), None),
                    )
                }
                None => {
                    // The finding's lines that a hunk shows, from its first changed line.
                    let Some(anchor) = f.changes.first_touched(first, last) else {
                        continue;
                    };
                    let Some(hunk) = f.changes.hunk_containing(anchor, anchor) else {
                        continue;
                    };
                    let start = first.max(*hunk.start());
                    let end = last.min(*hunk.end());
                    let note = match (&d.fix, &sugg) {
                        (Some(fix), Some(_)) => Some(format!(
                            "The fix (`{}`) also changes lines outside this pull request's diff, so it cannot be a suggestion here: run `dfix --write {}`{}.",
                            fix.title,
                            f.report.display,
                            if fix.applicability == Applicability::Safe { "" } else { " --unsafe" }
                        )),
                        _ => None,
                    };
                    (start, end, comment_body(d, None, note.as_deref()))
                }
            };
            comments.push(ReviewComment {
                path: f.report.display.clone(),
                start_line: (start < line).then_some(start),
                line,
                body,
            });
        }
    }
    let n = comments.len();
    let body = if n == 0 {
        "dfix found no problems in the lines this pull request changes.".to_string()
    } else {
        format!(
            "dfix found {n} problem{} in the lines this pull request changes ({suggested} with a suggested fix).",
            if n == 1 { "" } else { "s" }
        )
    };
    PullRequestReview {
        commit_id: Some(review.head.clone()),
        body,
        comments,
    }
}

/// A unified diff (`a/`, `b/` paths from the repository root) of the fixes
/// of findings on changed lines, for `git apply`. Also returns the
/// rolled-back fixes as messages.
pub fn patch(review: &Review, config: &LintConfig, min: Applicability) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut bugs = Vec::new();
    for f in &review.files {
        let text = &f.report.source;
        let (fixed, rolled_back) =
            fixes::fix_changed_lines(Some(&f.path), text, f.report.kind, config, &f.changes, min);
        let idx = LineIndex::new(text);
        for r in rolled_back {
            let (line, _) = line_span(text, &idx, &(r.offset..r.offset));
            bugs.push(format!(
                "{}:{line}: the {} fix \"{}\" added a syntax error and was rolled back; please report it",
                f.report.display, r.code, r.title
            ));
        }
        if fixed != *text {
            out.push_str(&file_patch(&f.report.display, text, &fixed));
        }
    }
    (out, bugs)
}

/// `dfix review`: entry point from the CLI; returns the exit code.
pub fn run(args: &ReviewArgs) -> i32 {
    let config = LintConfig {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        severity: Vec::new(),
    };
    let mut stderr = anstream::stderr();
    let cwd = match std::env::current_dir() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot read the working directory: {e}");
            return EXIT_ERROR;
        }
    };
    let review = match review(&cwd, &args.base, &args.paths, &config) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let report = review.report();
    let rendered = match args.format {
        ReviewFormat::Text => output::text::render(&report),
        ReviewFormat::Json => output::json::render(&report),
        ReviewFormat::GithubReview => output::github_review::render(&github_review(&review)),
        ReviewFormat::Patch => {
            let min = if args.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let (p, bugs) = patch(&review, &config, min);
            for b in bugs {
                let _ = writeln!(stderr, "dfix bug: {b}");
            }
            p
        }
        ReviewFormat::Rdjson => output::rdjson::render(&report),
        ReviewFormat::Sarif => output::sarif::render(&report, Some(&review.root)),
        ReviewFormat::Github => output::github::render(&report),
        ReviewFormat::Checkstyle => output::checkstyle::render(&report),
        ReviewFormat::Gitlab => output::gitlab::render(&report),
    };
    // Machine formats go out byte for byte (no ANSI stripping).
    if args.format == ReviewFormat::Text {
        let mut stdout = anstream::stdout();
        let _ = write!(stdout, "{rendered}");
        let _ = stdout.flush();
    } else {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(rendered.as_bytes());
        let _ = stdout.flush();
    }
    for e in &review.errors {
        if args.format != ReviewFormat::Text {
            let _ = writeln!(stderr, "error: {e}");
        }
    }
    if !review.errors.is_empty() {
        EXIT_ERROR
    } else if review.finding_count() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// A path as git writes it in a patch header: C-quoted when it holds a
/// quote, a backslash or a control character.
fn patch_path(prefix: &str, path: &str) -> String {
    if !path
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_control())
    {
        return format!("{prefix}{path}");
    }
    let mut q = String::from("\"");
    q.push_str(prefix);
    for c in path.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            c if c.is_control() => q.push_str(&format!("\\{:03o}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// One file's part of a patch, with the `diff --git` header `git apply` reads.
fn file_patch(path: &str, old: &str, new: &str) -> String {
    let (a, b) = (patch_path("a/", path), patch_path("b/", path));
    let diff = output::unified_diff(path, old, new);
    // Keep the hunks; write the (maybe quoted) names ourselves.
    let hunks = diff
        .split_once('\n')
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map_or("", |(_, hunks)| hunks);
    format!("diff --git {a} {b}\n--- {a}\n+++ {b}\n{hunks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_paths_are_quoted_like_git() {
        assert_eq!(patch_path("a/", "x y/Dockerfile"), "a/x y/Dockerfile");
        assert_eq!(
            patch_path("b/", "q\"\t.Dockerfile"),
            r#""b/q\"\t.Dockerfile""#
        );
        assert_eq!(
            file_patch("Dockerfile", "a\n", "b\n"),
            "diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1 @@\n-a\n+b\n"
        );
    }
}
