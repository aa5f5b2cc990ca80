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
use crate::engine::{self, Applicability, Diagnostic, LintConfig};
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
    /// Use this configuration file for every file (default: the
    /// dfix.toml / .dfix.toml / .hadolint.yaml found upward from each file).
    #[arg(long)]
    pub config: Option<PathBuf>,
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
    /// The rules and settings that apply to this file.
    pub config: LintConfig,
}

/// Everything a review found.
#[derive(Debug, Clone)]
pub struct Review {
    pub root: PathBuf,
    pub head: String,
    pub merge_base: String,
    /// Tracked files differ from HEAD (line numbers follow the work tree).
    pub dirty: bool,
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
/// `cwd` anchors the repository and relative `paths`; `config_for` gives
/// the lint configuration of a file (by its path on disk).
pub fn review(
    cwd: &Path,
    base: &str,
    paths: &[PathBuf],
    config_for: &dyn Fn(&Path) -> LintConfig,
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
    // The changed files dfix checks, then their hunks from one `git diff`.
    let picked: Vec<(&git::ChangedFile, &cli::Input)> = changed
        .iter()
        .filter_map(|c| {
            let p = canonical(&git.root().join(&c.path))?;
            by_path.get(&p).map(|i| (c, *i))
        })
        .collect();
    let diffed: Vec<&str> = picked
        .iter()
        .filter(|(c, _)| c.kind != ChangeKind::Added)
        .flat_map(|(c, _)| {
            c.old_path
                .iter()
                .map(String::as_str)
                .chain([c.path.as_str()])
        })
        .collect();
    let all_hunks = if diffed.is_empty() {
        HashMap::new()
    } else {
        git.all_hunks(&merge_base, &diffed)?
    };
    let mut files = Vec::new();
    for (c, input) in picked {
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
                let hunks = match all_hunks.get(&c.path) {
                    Some(h) => h.clone(),
                    // Not in the whole-tree patch (a pure rename, or a name
                    // it could not be read back from): ask for this file.
                    None => git.hunks(&merge_base, c)?,
                };
                FileChanges::from_hunks(&hunks, lines)
            }
        };
        let config = config_for(&input.path);
        let result = engine::lint(Some(&input.path), &src.text, src.kind, &config);
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
            config,
        });
    }
    Ok(Review {
        root: git.root().to_path_buf(),
        head,
        merge_base,
        dirty: git.is_dirty()?,
        files,
        errors,
    })
}

/// GitHub refuses comment bodies over 65,536 characters; stay well below.
const MAX_COMMENT_BYTES: usize = 60_000;

/// Where one comment goes and what it says.
struct Placed<'a> {
    diags: Vec<&'a Diagnostic>,
    start: usize,
    end: usize,
    suggestion: Option<suggest::Suggestion>,
    note: Option<String>,
}

/// Syntax errors of `text` as a version of `f` (lint pass plus tree errors).
fn errors_of(f: &ReviewedFile, text: &str, config: &LintConfig) -> usize {
    let result = engine::lint(Some(&f.path), text, f.report.kind, config);
    engine::syntax_error_count(&result, text, f.report.kind)
}

/// Guards suggestions with the rule every fix obeys: it must not add a
/// syntax error.
struct SyntaxCheck<'c> {
    config: &'c LintConfig,
    errors: usize,
}

impl SyntaxCheck<'_> {
    fn new<'c>(f: &ReviewedFile, config: &'c LintConfig) -> SyntaxCheck<'c> {
        let errors = errors_of(f, &f.report.source, config);
        SyntaxCheck { config, errors }
    }

    fn breaks(&self, f: &ReviewedFile, fix: &engine::Fix) -> bool {
        let fixed = engine::apply::apply_edits(&f.report.source, &fix.edits);
        errors_of(f, &fixed, self.config) > self.errors
    }
}

/// Place one finding: on the fix's lines with a suggestion when they all
/// lie inside one hunk, else on the finding's lines that a hunk shows.
fn place<'a>(f: &ReviewedFile, check: &SyntaxCheck, d: &'a Diagnostic) -> Option<Placed<'a>> {
    let text = &f.report.source;
    let idx = LineIndex::new(text);
    let (first, last) = line_span(text, &idx, &d.range);
    let breaks = d.fix.as_ref().is_some_and(|fix| check.breaks(f, fix));
    let sugg = d
        .fix
        .as_ref()
        .filter(|_| !breaks)
        .and_then(|fix| suggest::suggestion_for(text, fix));
    if let Some(s) = sugg.as_ref().filter(|s| {
        f.changes
            .hunk_containing(s.start_line, s.end_line)
            .is_some()
    }) {
        return Some(Placed {
            diags: vec![d],
            start: s.start_line,
            end: s.end_line,
            suggestion: Some(s.clone()),
            note: None,
        });
    }
    let anchor = f.changes.first_touched(first, last)?;
    let hunk = f.changes.hunk_containing(anchor, anchor)?;
    let note = match (&d.fix, &sugg) {
        (Some(fix), _) if breaks => Some(format!(
            "dfix's fix (`{}`) would add a syntax error here, so it is withheld; please report it.",
            fix.title
        )),
        (Some(fix), Some(_)) => Some(format!(
            "The fix (`{}`) also changes lines outside this pull request's diff, so it cannot be a suggestion here: run `dfix --write {}`{}.",
            fix.title,
            f.report.display,
            if fix.applicability == Applicability::Safe { "" } else { " --unsafe" }
        )),
        _ => None,
    };
    Some(Placed {
        diags: vec![d],
        start: first.max(*hunk.start()),
        end: last.min(*hunk.end()),
        suggestion: None,
        note,
    })
}

/// One suggestion for several findings whose suggestions share lines (on
/// GitHub, overlapping suggestions cannot all be committed): their fixes
/// applied together, to a fixpoint, on lines `start..=end` only. `None`
/// when that touches other lines or adds a syntax error.
fn combined_suggestion(
    f: &ReviewedFile,
    config: &LintConfig,
    group: &[&Diagnostic],
    start: usize,
    end: usize,
) -> Option<suggest::Suggestion> {
    let text = &f.report.source;
    let codes: Vec<&str> = group.iter().map(|d| d.rule.code).collect();
    let mut current = text.clone();
    let mut last = end;
    let mut applied: Vec<&str> = Vec::new();
    let mut result = engine::lint(Some(&f.path), &current, f.report.kind, config);
    let errors = engine::syntax_error_count(&result, &current, f.report.kind);
    for _ in 0..10 {
        let idx = LineIndex::new(&current);
        let inside = |r: &std::ops::Range<usize>| {
            let (a, b) = line_span(&current, &idx, r);
            a >= start && b <= last
        };
        let candidates: Vec<(&'static str, &engine::Fix)> = result
            .diagnostics
            .iter()
            .filter(|d| codes.contains(&d.rule.code))
            .filter_map(|d| d.fix.as_ref().map(|fix| (d.rule.code, fix)))
            .filter(|(_, fix)| inside(&fix.span()))
            .collect();
        if candidates.is_empty() {
            break;
        }
        let chosen = engine::apply::select_non_overlapping(candidates);
        let mut edits: Vec<engine::Edit> = chosen
            .iter()
            .flat_map(|(_, fix)| fix.edits.iter().cloned())
            .collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        applied.extend(chosen.iter().map(|(code, _)| *code));
        let next = engine::apply::apply_edits(&current, &edits);
        let next_result = engine::lint(Some(&f.path), &next, f.report.kind, config);
        if engine::syntax_error_count(&next_result, &next, f.report.kind) > errors
            || next == current
        {
            break;
        }
        let grown = line_count(&next) as isize - line_count(&current) as isize;
        last = (last as isize + grown).max(start as isize) as usize;
        current = next;
        result = next_result;
    }
    // Every finding of the group must be fixed by it.
    let all_fixed = codes.iter().all(|c| {
        applied.iter().filter(|a| *a == c).count() >= codes.iter().filter(|x| *x == c).count()
    });
    if current == *text || !all_fixed {
        return None;
    }
    // Everything outside `start..=end` must be as it was.
    let old: Vec<&str> = text.split_inclusive('\n').collect();
    let new: Vec<&str> = current.split_inclusive('\n').collect();
    let tail = old.len().checked_sub(end)?;
    let new_end = new.len().checked_sub(tail)?;
    if new_end < start - 1 || old[..start - 1] != new[..start - 1] || old[end..] != new[new_end..] {
        return None;
    }
    Some(suggest::Suggestion {
        start_line: start,
        end_line: end,
        lines: new[start - 1..new_end]
            .concat()
            .lines()
            .map(str::to_string)
            .collect(),
    })
}

/// Move a group of overlapping suggestions to `out`: as one comment with a
/// combined suggestion when there is one, else as they are.
fn flush<'a>(
    f: &ReviewedFile,
    config: &LintConfig,
    group: &mut Vec<Placed<'a>>,
    out: &mut Vec<Placed<'a>>,
) {
    if group.len() > 1 {
        let start = group.iter().map(|p| p.start).min().unwrap_or(1);
        let end = group.iter().map(|p| p.end).max().unwrap_or(start);
        let diags: Vec<&Diagnostic> = group.iter().flat_map(|p| p.diags.iter().copied()).collect();
        if let Some(s) = combined_suggestion(f, config, &diags, start, end).filter(|s| {
            f.changes
                .hunk_containing(s.start_line, s.end_line)
                .is_some()
        }) {
            out.push(Placed {
                diags,
                start: s.start_line,
                end: s.end_line,
                suggestion: Some(s),
                note: None,
            });
            group.clear();
            return;
        }
    }
    out.append(group);
}

/// The review comments, on lines inside the diff's hunks. A finding whose
/// fix lies inside one hunk gets a suggestion; findings whose suggestions
/// share lines get one comment with one suggestion that fixes them all.
pub fn github_review(review: &Review) -> PullRequestReview {
    let mut comments = Vec::new();
    let mut findings = 0;
    let mut suggested = 0;
    // Findings no diff line shows (in an empty new file): listed in the body.
    let mut unplaced: Vec<(&ReviewedFile, &Diagnostic)> = Vec::new();
    for f in &review.files {
        let config = &f.config;
        let check = SyntaxCheck::new(f, config);
        let mut placed: Vec<Placed> = f
            .report
            .diagnostics
            .iter()
            .filter_map(|d| {
                let p = place(f, &check, d);
                if p.is_none() {
                    unplaced.push((f, d));
                }
                p
            })
            .collect();
        placed.sort_by_key(|p| (p.start, p.end));
        // Merge overlapping suggestions into groups.
        let mut out: Vec<Placed> = Vec::new();
        let mut group: Vec<Placed> = Vec::new();
        for p in placed {
            if p.suggestion.is_none() {
                out.push(p);
                continue;
            }
            let overlaps = group.iter().any(|g| p.start <= g.end);
            if !overlaps {
                flush(f, config, &mut group, &mut out);
            }
            group.push(p);
        }
        flush(f, config, &mut group, &mut out);
        out.sort_by_key(|p| (p.start, p.end));
        for p in out {
            findings += p.diags.len();
            if p.suggestion.is_some() {
                suggested += p.diags.len();
            }
            let text = p.suggestion.as_ref().map(|s| s.text());
            let mut body = comment_body(&p.diags, text.as_deref(), p.note.as_deref());
            if body.len() > MAX_COMMENT_BYTES {
                let note = format!(
                    "The suggested fix is too long for a review comment: run `dfix --write {}`.",
                    f.report.display
                );
                body = comment_body(&p.diags, None, Some(&note));
                suggested -= p.diags.len();
            }
            comments.push(ReviewComment {
                path: f.report.display.clone(),
                start_line: (p.start < p.end).then_some(p.start),
                line: p.end,
                body,
            });
        }
    }
    findings += unplaced.len();
    let mut body = if findings == 0 {
        "dfix found no problems in the lines this pull request changes.".to_string()
    } else {
        format!(
            "dfix found {findings} problem{} in the lines this pull request changes ({suggested} with a suggested fix).",
            if findings == 1 { "" } else { "s" }
        )
    };
    if !unplaced.is_empty() {
        body.push_str("\n\nNot on a line the diff shows:\n");
        for (f, d) in unplaced {
            let idx = LineIndex::new(&f.report.source);
            let (line, _) = line_span(&f.report.source, &idx, &d.range);
            body.push_str(&format!(
                "\n- `{}:{line}` **dfix {}** `{}`: {}",
                f.report.display, d.rule.code, d.rule.name, d.message
            ));
        }
    }
    PullRequestReview {
        commit_id: Some(review.head.clone()),
        body,
        comments,
    }
}

/// A unified diff (`a/`, `b/` paths from the repository root) of the fixes
/// of findings on changed lines, for `git apply`. Also returns the
/// rolled-back fixes as messages.
pub fn patch(review: &Review, min: Applicability) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut bugs = Vec::new();
    for f in &review.files {
        let text = &f.report.source;
        let (fixed, rolled_back) = fixes::fix_changed_lines(
            Some(&f.path),
            text,
            f.report.kind,
            &f.config,
            &f.changes,
            min,
        );
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
    let mut stderr = anstream::stderr();
    // Each file's dfix.toml / .hadolint.yaml, as `dfix check` reads them,
    // then the command line on top.
    let resolver = match &args.config {
        Some(p) => match crate::config::Resolver::explicit(p) {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return EXIT_ERROR;
            }
        },
        None => crate::config::Resolver::discover(),
    };
    let resolver = std::cell::RefCell::new(resolver);
    let cwd = match std::env::current_dir() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot read the working directory: {e}");
            return EXIT_ERROR;
        }
    };
    let config_for = |path: &Path| {
        let mut lint = resolver.borrow_mut().config_for(path).lint;
        if let Some(sel) = &args.select {
            lint.select = Some(sel.clone());
        }
        lint.ignore.extend(args.ignore.iter().cloned());
        lint
    };
    let review = review(&cwd, &args.base, &args.paths, &config_for);
    // Problems in the configuration files: `path:line:col: message`.
    let (errors, warnings) = {
        let mut r = resolver.borrow_mut();
        (r.take_errors(), r.take_warnings())
    };
    for w in &warnings {
        let _ = writeln!(stderr, "warning: {w}");
    }
    for e in &errors {
        let _ = writeln!(stderr, "error: {e}");
    }
    let review = match review {
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
        ReviewFormat::GithubReview => {
            if review.dirty {
                let _ = writeln!(
                    stderr,
                    "warning: the work tree has changes that are not committed: comment lines follow the work tree, but the review is for commit {}",
                    review.head
                );
            }
            output::github_review::render(&github_review(&review))
        }
        ReviewFormat::Patch => {
            let min = if args.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let (p, bugs) = patch(&review, min);
            for b in bugs {
                let _ = writeln!(stderr, "dfix bug: {b}");
            }
            p
        }
        ReviewFormat::Rdjson => output::rdjson::render(&report, &|fr, d| {
            let f = review
                .files
                .iter()
                .find(|f| f.report.display == fr.display)?;
            let fix = d.fix.as_ref()?;
            if SyntaxCheck::new(f, &f.config).breaks(f, fix) {
                return None;
            }
            // Outside the diff, reviewdog would print "invalid suggestion".
            let s = suggest::suggestion_for(&f.report.source, fix).filter(|s| {
                f.changes
                    .hunk_containing(s.start_line, s.end_line)
                    .is_some()
            })?;
            Some(output::rdjson::LineSuggestion {
                start_line: s.start_line,
                end_line: s.end_line,
                text: s.text(),
            })
        }),
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
    if !review.errors.is_empty() || !errors.is_empty() {
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
    fn a_fix_that_breaks_syntax_is_not_suggested() {
        let text = "FROM alpine:3.20\nCMD app\n";
        let f = ReviewedFile {
            path: PathBuf::from("Dockerfile"),
            report: FileReport {
                display: "Dockerfile".into(),
                kind: crate::syntax::FileKind::Dockerfile,
                source: text.into(),
                diagnostics: Vec::new(),
            },
            changes: FileChanges::whole_file(2),
            config: LintConfig::default(),
        };
        let rule = crate::rules::find("DF002").unwrap();
        let config = LintConfig::default();
        let check = SyntaxCheck::new(&f, &config);
        let good = Diagnostic::new(rule, 17..24, "m").with_fix(engine::Fix::safe(
            "exec form",
            vec![engine::Edit::replace(21..24, "[\"app\"]")],
        ));
        let p = place(&f, &check, &good).unwrap();
        assert_eq!(
            p.suggestion.map(|s| s.text()).as_deref(),
            Some("CMD [\"app\"]")
        );
        // An unterminated heredoc is a syntax error.
        let bad = Diagnostic::new(rule, 17..24, "m").with_fix(engine::Fix::safe(
            "broken",
            vec![engine::Edit::replace(17..24, "RUN <<EOF\necho")],
        ));
        assert!(check.breaks(&f, bad.fix.as_ref().unwrap()));
        let p = place(&f, &check, &bad).unwrap();
        assert!(p.suggestion.is_none());
        assert!(p.note.unwrap().contains("would add a syntax error"));
    }

    #[test]
    fn findings_no_diff_line_shows_go_to_the_body() {
        // A new empty file: its line 1 counts as changed, but GitHub shows no line.
        let rule = crate::rules::find("DF002").unwrap();
        let changes = FileChanges::whole_file(0);
        assert!(changes.touches(1, 1));
        assert!(changes.hunks().is_empty());
        let f = ReviewedFile {
            path: PathBuf::from("Dockerfile"),
            report: FileReport {
                display: "svc/Dockerfile".into(),
                kind: crate::syntax::FileKind::Dockerfile,
                source: String::new(),
                diagnostics: vec![Diagnostic::new(rule, 0..0, "about the whole file")],
            },
            changes,
            config: LintConfig::default(),
        };
        let review = Review {
            root: PathBuf::from("/repo"),
            head: "abc".into(),
            merge_base: "def".into(),
            dirty: false,
            files: vec![f],
            errors: Vec::new(),
        };
        let r = github_review(&review);
        assert!(r.comments.is_empty());
        assert!(r.body.starts_with("dfix found 1 problem in"), "{}", r.body);
        assert!(
            r.body.contains(
                "- `svc/Dockerfile:1` **dfix DF002** `shell-form-cmd`: about the whole file"
            ),
            "{}",
            r.body
        );
    }

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
