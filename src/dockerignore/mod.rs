//! `.dockerignore`: Docker's pattern semantics, the build context a
//! Dockerfile is built from, and what the ignore file should hold.
//!
//! Owns: `Dockerignore` (patterns, `pattern.rs`), `BuildContext` (a listing
//! of the context directory plus the ignore file in force — gathered by the
//! CLI, which does the IO, and handed to the lint through
//! `engine::LintInputs`), the paths a Dockerfile's `COPY`/`ADD`/bind mounts
//! need, the candidates that should never be sent (`.git`, `.env*`,
//! `node_modules`, …) and `plan()`: the new text of the ignore file.
//! Never touches: the file system — every function here is pure.

pub mod pattern;

use std::collections::BTreeSet;
use std::ops::Range;

pub use pattern::Dockerignore;

use crate::rules::dockerfile::util::words;
use crate::syntax::dockerfile::{Dockerfile, Instruction};

/// One file or directory in the context.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContextEntry {
    /// Context-relative, `/`-separated.
    pub path: String,
    pub is_dir: bool,
}

/// The ignore file that applies to a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreFile {
    /// As shown to the user (`app/.dockerignore`).
    pub display: String,
    pub text: String,
    /// `Dockerfile.dockerignore` beside the Dockerfile (it wins over the
    /// context's `.dockerignore`).
    pub per_dockerfile: bool,
}

/// What the lint knows about a Dockerfile's build context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildContext {
    /// The context directory as shown to the user.
    pub root_display: String,
    /// Sorted. Directories dfix does not descend into (`.git`,
    /// `node_modules`, …) are listed without their content.
    /// Shared between the Dockerfiles of one context.
    pub entries: std::sync::Arc<Vec<ContextEntry>>,
    /// The listing hit its size cap.
    pub truncated: bool,
    pub ignore_file: Option<IgnoreFile>,
    /// The Dockerfile's path relative to the context, when inside it.
    pub dockerfile: Option<String>,
    /// Where a new ignore file would go, as shown (`app/.dockerignore`).
    pub new_ignore_display: String,
    /// The last `missing_entries` answer (the language server asks the same
    /// question on every keystroke).
    pub memo: MissingMemo,
}

/// The inputs and answer of the last `missing_entries` call on a build
/// context: a cache, so it never makes two contexts unequal.
#[derive(Debug, Clone, Default)]
pub struct MissingMemo(std::sync::Arc<std::sync::Mutex<Option<MemoEntry>>>);

type MemoEntry = (MemoKey, Vec<Addition>);

/// Everything `missing_entries` reads: the sources without their ranges,
/// the ignore file's text, and which listing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemoKey {
    sources: Vec<(String, String, String, bool)>,
    ignore: Option<String>,
    entries: usize,
    truncated: bool,
}

impl PartialEq for MissingMemo {
    fn eq(&self, _: &MissingMemo) -> bool {
        true
    }
}

impl Eq for MissingMemo {}

impl BuildContext {
    pub fn dockerignore(&self) -> Dockerignore {
        self.ignore_file
            .as_ref()
            .map(|f| Dockerignore::parse(&f.text))
            .unwrap_or_default()
    }

    pub fn has(&self, path: &str) -> bool {
        self.entries
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .is_ok()
    }
}

/// Directories the listing records but does not descend into.
pub const OPAQUE_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".terraform",
    ".idea",
    ".vscode",
    "target",
];

/// A source a `COPY`/`ADD`/`RUN --mount=type=bind` reads from the context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSource {
    /// Cleaned, context-relative (`.` is the whole context).
    pub path: String,
    /// As written, and where.
    pub written: String,
    pub range: Range<usize>,
    /// `COPY`, `ADD` or `RUN`.
    pub keyword: String,
    pub has_glob: bool,
}

impl ContextSource {
    /// `.`, `./`, `*`, `/`: the whole context.
    pub fn is_whole_context(&self) -> bool {
        self.path == "." || self.path == "*" || self.path == "**"
    }
}

/// Every source a Dockerfile reads from its build context (stage and
/// `--from` sources, URLs, heredocs and variables are not context paths).
pub fn context_sources(text: &str, df: &Dockerfile) -> Vec<ContextSource> {
    let mut out = Vec::new();
    for ins in &df.instructions {
        collect_sources(text, ins, &mut out);
        if let Some(inner) = &ins.onbuild {
            collect_sources(text, inner, &mut out);
        }
    }
    out
}

fn collect_sources(text: &str, ins: &Instruction, out: &mut Vec<ContextSource>) {
    match ins.keyword.as_str() {
        "COPY" | "ADD" => {
            if ins.flags.iter().any(|f| f.name == "from") {
                return;
            }
            let mut srcs: Vec<(String, Range<usize>)> = match &ins.json {
                Some(list) => {
                    let n = list.len().saturating_sub(1);
                    list[..n]
                        .iter()
                        .map(|s| (s.clone(), ins.args_range.clone()))
                        .collect()
                }
                None => {
                    let w = words(text, ins.args_range.clone());
                    let n = w.len().saturating_sub(1);
                    w[..n]
                        .iter()
                        .map(|(s, r)| (crate::rules::dockerfile::util::unquote(s), r.clone()))
                        .collect()
                }
            };
            srcs.retain(|(s, _)| {
                !s.starts_with("<<")
                    && !s.contains("://")
                    && !s.starts_with("git@")
                    && !s.contains('$')
                    && !s.is_empty()
            });
            for (s, range) in srcs {
                out.push(ContextSource {
                    path: pattern::clean(&s),
                    has_glob: s.contains(['*', '?', '[']),
                    written: s,
                    range,
                    keyword: ins.keyword.clone(),
                });
            }
        }
        "RUN" => {
            for f in &ins.flags {
                let Some(v) = f.value.as_deref().filter(|_| f.name == "mount") else {
                    continue;
                };
                let kv: Vec<(&str, &str)> =
                    v.split(',').filter_map(|p| p.split_once('=')).collect();
                let is_bind = kv.iter().any(|(k, t)| *k == "type" && *t == "bind")
                    || !kv.iter().any(|(k, _)| *k == "type");
                if !is_bind || kv.iter().any(|(k, _)| *k == "from") {
                    continue;
                }
                let src = kv
                    .iter()
                    .find(|(k, _)| matches!(*k, "source" | "src"))
                    .map(|(_, s)| s.trim_matches('"').to_string())
                    .unwrap_or_else(|| ".".to_string());
                if src.contains('$') {
                    continue;
                }
                out.push(ContextSource {
                    path: pattern::clean(&src),
                    has_glob: false,
                    written: src,
                    range: f.range.clone(),
                    keyword: "RUN".into(),
                });
            }
        }
        _ => {}
    }
}

/// Docker's `COPY` globbing: `filepath.Match` per path component.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let g: Vec<&str> = glob.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    g.len() == p.len() && g.iter().zip(&p).all(|(a, b)| component_match(a, b))
}

/// Go's `filepath.Match` for one path component: `*`, `?`, `[…]` (with
/// `^`/`!` negation and ranges), `\` escapes. No regex: this runs for every
/// (glob, entry) pair.
fn component_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    // (pattern index, text index) to resume at after the last `*`
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class_match(&p, pi, t[ti]) {
                        if matched {
                            pi = next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() && p[pi + 1] == t[ti] => {
                    pi += 2;
                    ti += 1;
                    continue;
                }
                '\\' if pi + 1 < p.len() => {}
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// `[…]` at `p[start]` against `c`: (matched, index after `]`), or `None`
/// when the class is not closed.
fn class_match(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('^') | Some('!'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() && (p[i] != ']' || first) {
        first = false;
        let lo = if p[i] == '\\' && i + 1 < p.len() {
            i += 1;
            p[i]
        } else {
            p[i]
        };
        i += 1;
        let hi = if i + 1 < p.len() && p[i] == '-' && p[i + 1] != ']' {
            let h = p[i + 1];
            i += 2;
            h
        } else {
            lo
        };
        if lo <= c && c <= hi {
            matched = true;
        }
    }
    if i >= p.len() {
        return None;
    }
    Some((matched != negate, i + 1))
}

/// Does `s` name exactly `path` (itself, or through its glob)?
fn names(s: &ContextSource, path: &str) -> bool {
    if s.has_glob {
        glob_matches(&s.path, path)
    } else {
        s.path == path
    }
}

/// A group of paths that should not be in a build context.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// How the group is named in messages.
    label: &'static str,
    /// The pattern at the context root (`**/` is prefixed for nested hits).
    pattern: &'static str,
    test: fn(&BuildContext, &ContextEntry) -> bool,
}

fn name_of(e: &ContextEntry) -> &str {
    e.path.rsplit('/').next().unwrap_or(&e.path)
}

fn sibling_exists(ctx: &BuildContext, e: &ContextEntry, file: &str) -> bool {
    let dir = e.path.rsplit_once('/').map(|(d, _)| d);
    let p = match dir {
        Some(d) => format!("{d}/{file}"),
        None => file.to_string(),
    };
    ctx.has(&p)
}

static CANDIDATES: &[Candidate] = &[
    Candidate {
        label: "version-control metadata",
        pattern: ".git",
        test: |_, e| name_of(e) == ".git",
    },
    Candidate {
        label: "version-control metadata",
        pattern: ".hg",
        test: |_, e| e.is_dir && name_of(e) == ".hg",
    },
    Candidate {
        label: "version-control metadata",
        pattern: ".svn",
        test: |_, e| e.is_dir && name_of(e) == ".svn",
    },
    Candidate {
        label: "environment files (secrets)",
        pattern: ".env*",
        test: |_, e| {
            !e.is_dir
                && (name_of(e) == ".env"
                    || name_of(e).starts_with(".env.")
                    || name_of(e) == ".envrc")
        },
    },
    Candidate {
        label: "installed Node packages",
        pattern: "node_modules",
        test: |_, e| e.is_dir && name_of(e) == "node_modules",
    },
    Candidate {
        label: "build output",
        pattern: "target",
        test: |c, e| {
            e.is_dir
                && name_of(e) == "target"
                && (sibling_exists(c, e, "Cargo.toml") || sibling_exists(c, e, "pom.xml"))
        },
    },
    Candidate {
        label: "Python caches",
        pattern: "__pycache__",
        test: |_, e| e.is_dir && name_of(e) == "__pycache__",
    },
    Candidate {
        label: "Python caches",
        pattern: "*.pyc",
        test: |_, e| !e.is_dir && name_of(e).ends_with(".pyc"),
    },
    Candidate {
        label: "Python caches",
        pattern: ".pytest_cache",
        test: |_, e| e.is_dir && name_of(e) == ".pytest_cache",
    },
    Candidate {
        label: "Python caches",
        pattern: ".mypy_cache",
        test: |_, e| e.is_dir && name_of(e) == ".mypy_cache",
    },
    Candidate {
        label: "Python caches",
        pattern: ".tox",
        test: |_, e| e.is_dir && name_of(e) == ".tox",
    },
    Candidate {
        label: "virtual environments",
        pattern: ".venv",
        test: |_, e| e.is_dir && name_of(e) == ".venv",
    },
    Candidate {
        label: "virtual environments",
        pattern: "venv",
        test: |_, e| e.is_dir && name_of(e) == "venv",
    },
    Candidate {
        label: "logs",
        pattern: "*.log",
        test: |_, e| !e.is_dir && name_of(e).ends_with(".log"),
    },
    Candidate {
        label: "editor and OS files",
        pattern: ".idea",
        test: |_, e| e.is_dir && name_of(e) == ".idea",
    },
    Candidate {
        label: "editor and OS files",
        pattern: ".vscode",
        test: |_, e| e.is_dir && name_of(e) == ".vscode",
    },
    Candidate {
        label: "editor and OS files",
        pattern: ".DS_Store",
        test: |_, e| !e.is_dir && name_of(e) == ".DS_Store",
    },
    Candidate {
        label: "editor and OS files",
        pattern: "*.swp",
        test: |_, e| !e.is_dir && name_of(e).ends_with(".swp"),
    },
    Candidate {
        label: "Terraform state",
        pattern: ".terraform",
        test: |_, e| e.is_dir && name_of(e) == ".terraform",
    },
];

/// Compose files at the context root, by name.
fn is_compose_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    (l.starts_with("docker-compose") || l.starts_with("compose."))
        && (l.ends_with(".yml") || l.ends_with(".yaml"))
}

/// Does the context hold anything a candidate pattern is about? A cheap
/// test (no pattern matching) that lets the rules skip the full analysis on
/// contexts that hold only sources.
pub fn any_candidate_present(ctx: &BuildContext) -> bool {
    ctx.entries.iter().any(|e| {
        CANDIDATES.iter().any(|c| (c.test)(ctx, e))
            || (!e.path.contains('/') && !e.is_dir && is_compose_name(&e.path))
    })
}

/// An entry the ignore file should gain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub label: String,
    pub pattern: String,
    /// `!path` lines that keep what a `COPY`/`ADD` needs.
    pub exceptions: Vec<String>,
    /// A few of the paths it excludes.
    pub examples: Vec<String>,
    /// Why excluding it changes the image (`COPY . .` copies it today).
    pub unsafe_reason: Option<String>,
}

impl Addition {
    /// Something worth a finding on its own: not just the Dockerfile or the
    /// ignore file itself (those ride along when a file is written anyway).
    pub fn is_substantive(&self) -> bool {
        !matches!(self.label.as_str(), "the Dockerfile" | "the ignore file")
    }
}

/// What the context holds that the ignore file does not exclude, with the
/// pattern that would, never excluding a path a `COPY`/`ADD` needs.
/// Answered from `ctx.memo` when asked the same again.
pub fn missing_entries(ctx: &BuildContext, sources: &[ContextSource]) -> Vec<Addition> {
    let key = MemoKey {
        sources: sources
            .iter()
            .map(|s| {
                (
                    s.path.clone(),
                    s.written.clone(),
                    s.keyword.clone(),
                    s.has_glob,
                )
            })
            .collect(),
        ignore: ctx.ignore_file.as_ref().map(|f| f.text.clone()),
        entries: std::sync::Arc::as_ptr(&ctx.entries) as usize,
        truncated: ctx.truncated,
    };
    let Ok(mut memo) = ctx.memo.0.lock() else {
        return compute_missing_entries(ctx, sources);
    };
    if let Some((k, answer)) = memo.as_ref() {
        if *k == key {
            return answer.clone();
        }
    }
    let answer = compute_missing_entries(ctx, sources);
    *memo = Some((key, answer.clone()));
    answer
}

fn compute_missing_entries(ctx: &BuildContext, sources: &[ContextSource]) -> Vec<Addition> {
    let di = ctx.dockerignore();
    let mut out: Vec<Addition> = Vec::new();
    let specific: Vec<&ContextSource> = sources.iter().filter(|s| !s.is_whole_context()).collect();
    let whole = sources.iter().find(|s| s.is_whole_context());
    let mut push = |label: &str, pattern: String, hits: Vec<String>| {
        if hits.is_empty() {
            return;
        }
        let trial = Dockerignore::parse(&pattern);
        // Sources the new pattern would exclude: keep them with exceptions.
        let mut exceptions = Vec::new();
        for s in &specific {
            if s.has_glob {
                continue;
            }
            if trial.is_excluded(&s.path) {
                exceptions.push(format!("!{}", s.path));
            }
        }
        // Glob sources: keep every entry they match (only entries the new
        // pattern excludes can need an exception).
        let globs: Vec<&&ContextSource> = specific.iter().filter(|s| s.has_glob).collect();
        if !globs.is_empty() {
            for e in ctx.entries.iter().filter(|e| trial.is_excluded(&e.path)) {
                if globs.iter().any(|s| glob_matches(&s.path, &e.path)) {
                    exceptions.push(format!("!{}", e.path));
                }
            }
        }
        exceptions.sort();
        exceptions.dedup();
        let mut text = pattern.clone();
        for x in &exceptions {
            text.push('\n');
            text.push_str(x);
        }
        let check = Dockerignore::parse(&text);
        let needed_ok = specific
            .iter()
            .filter(|s| !s.has_glob)
            .all(|s| !check.is_excluded(&s.path));
        if !needed_ok {
            return;
        }
        // Does some COPY/ADD copy these paths into the image today?
        let copied_by = hits.iter().find_map(|h| {
            if let Some(w) = whole {
                return Some(format!(
                    "`{} {}` copies them into the image today",
                    w.keyword, w.written
                ));
            }
            specific.iter().find_map(|s| {
                let covers = if s.has_glob {
                    glob_matches(&s.path, h)
                } else {
                    h == &s.path || h.starts_with(&format!("{}/", s.path))
                };
                covers.then(|| {
                    format!(
                        "`{} {}` copies them into the image today",
                        s.keyword, s.written
                    )
                })
            })
        });
        let mut examples = hits;
        examples.truncate(3);
        out.push(Addition {
            label: label.to_string(),
            pattern,
            exceptions,
            examples,
            unsafe_reason: copied_by,
        });
    };
    for c in CANDIDATES {
        let hits: Vec<&ContextEntry> = ctx
            .entries
            .iter()
            .filter(|e| (c.test)(ctx, e))
            .filter(|e| !di.is_excluded(&e.path))
            // a path a COPY names, or a `!` line re-includes, is kept on purpose
            .filter(|e| !specific.iter().any(|s| names(s, &e.path)))
            .filter(|e| {
                !di.patterns
                    .iter()
                    .any(|p| p.exception && p.matches(&e.path))
            })
            .collect();
        if hits.is_empty() {
            continue;
        }
        let nested = hits.iter().any(|e| e.path.contains('/'));
        let pattern = if nested {
            format!("**/{}", c.pattern)
        } else {
            c.pattern.to_string()
        };
        push(
            c.label,
            pattern,
            hits.iter().map(|e| e.path.clone()).collect(),
        );
    }
    for e in ctx.entries.iter() {
        if !e.path.contains('/')
            && !e.is_dir
            && is_compose_name(&e.path)
            && !di.is_excluded(&e.path)
        {
            push("compose files", e.path.clone(), vec![e.path.clone()]);
        }
    }
    if let Some(df) = &ctx.dockerfile {
        if !di.is_excluded(df) {
            push("the Dockerfile", df.clone(), vec![df.clone()]);
        }
        // A new ignore file lists itself (Docker still reads it; COPY skips it).
        if ctx.ignore_file.is_none() {
            push(
                "the ignore file",
                ".dockerignore".into(),
                vec![".dockerignore".into()],
            );
        }
    }
    out
}

/// The ignore file's new text with `additions` appended (or a new file),
/// keeping everything already written byte for byte.
pub fn plan_text(existing: Option<&str>, additions: &[&Addition]) -> String {
    let mut out = String::new();
    let newline = match existing {
        Some(t) if t.contains("\r\n") => "\r\n",
        _ => "\n",
    };
    match existing {
        Some(t) => {
            out.push_str(t);
            if !t.is_empty() && !t.ends_with('\n') {
                out.push_str(newline);
            }
            out.push_str(
                "# added by dfix: paths the build context holds but the image does not need",
            );
            out.push_str(newline);
        }
        None => {
            out.push_str("# created by dfix from what the build context holds; edit freely");
            out.push_str(newline);
        }
    }
    let mut seen = BTreeSet::new();
    for a in additions {
        if !seen.insert(a.pattern.clone()) {
            continue;
        }
        out.push_str(&a.pattern);
        out.push_str(newline);
        for x in &a.exceptions {
            out.push_str(x);
            out.push_str(newline);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(paths: &[(&str, bool)], ignore: Option<&str>) -> BuildContext {
        let mut entries: Vec<ContextEntry> = paths
            .iter()
            .map(|(p, d)| ContextEntry {
                path: p.to_string(),
                is_dir: *d,
            })
            .collect();
        entries.sort();
        BuildContext {
            root_display: ".".into(),
            entries: std::sync::Arc::new(entries),
            truncated: false,
            ignore_file: ignore.map(|t| IgnoreFile {
                display: ".dockerignore".into(),
                text: t.into(),
                per_dockerfile: false,
            }),
            dockerfile: Some("Dockerfile".into()),
            new_ignore_display: ".dockerignore".into(),
            memo: Default::default(),
        }
    }

    #[test]
    fn needed_paths_get_exceptions() {
        let t = "FROM node:20\nCOPY .env.production ./\nCOPY src/ /app/src\n";
        let df = Dockerfile::parse(t);
        let sources = context_sources(t, &df);
        assert_eq!(sources.len(), 2);
        let c = ctx(
            &[
                (".env", false),
                (".env.production", false),
                ("Dockerfile", false),
                ("node_modules", true),
                ("src", true),
                ("src/a.js", false),
            ],
            Some("node_modules\n"),
        );
        let adds = missing_entries(&c, &sources);
        let env = adds.iter().find(|a| a.pattern == ".env*").unwrap();
        assert_eq!(env.exceptions, ["!.env.production"]);
        // `.env` itself is copied by nothing: excluding it is safe.
        assert!(env.unsafe_reason.is_none());
        assert!(!adds.iter().any(|a| a.pattern == "node_modules"));
        let df_add = adds.iter().find(|a| a.pattern == "Dockerfile").unwrap();
        assert!(df_add.unsafe_reason.is_none());
        let refs: Vec<&Addition> = adds.iter().collect();
        let text = plan_text(Some("node_modules"), &refs);
        assert!(text.starts_with("node_modules\n# added by dfix"));
        let di = Dockerignore::parse(&text);
        assert!(!di.is_excluded(".env.production"));
        assert!(di.is_excluded(".env"));
    }

    /// The memo answers a repeated question, and never a different one.
    #[test]
    fn missing_entries_memo_tracks_its_inputs() {
        let t = "FROM node:20\nCOPY . /app\n";
        let df = Dockerfile::parse(t);
        let sources = context_sources(t, &df);
        let c = ctx(
            &[(".env", false), ("node_modules", true), ("src/a.js", false)],
            None,
        );
        let first = missing_entries(&c, &sources);
        assert!(first.iter().any(|a| a.pattern == "node_modules"));
        assert_eq!(missing_entries(&c, &sources), first);
        assert_eq!(compute_missing_entries(&c, &sources), first);
        // A clone shares the memo; its different ignore file is a different
        // question.
        let mut d = c.clone();
        d.ignore_file = Some(IgnoreFile {
            display: ".dockerignore".into(),
            text: "node_modules\n".into(),
            per_dockerfile: false,
        });
        let second = missing_entries(&d, &sources);
        assert_eq!(second, compute_missing_entries(&d, &sources));
        assert!(!second.iter().any(|a| a.pattern == "node_modules"));
        // Other sources: another question too.
        let t2 = "FROM node:20\nCOPY .env /app/\n";
        let s2 = context_sources(t2, &Dockerfile::parse(t2));
        assert_eq!(missing_entries(&c, &s2), compute_missing_entries(&c, &s2));
    }

    #[test]
    fn globs() {
        assert!(component_match("*", ""));
        assert!(component_match("a*b?c", "aXXbYc"));
        assert!(!component_match("a*b?c", "aXXbc"));
        assert!(component_match("[a-c]x", "bx"));
        assert!(!component_match("[!a-c]x", "bx"));
        assert!(component_match("[^a-c]x", "dx"));
        assert!(component_match("\\*", "*"));
        assert!(!component_match("\\*", "a"));
        assert!(component_match("*.tar.gz", "a.b.tar.gz"));
        assert!(glob_matches("*.json", "package.json"));
        assert!(!glob_matches("*.json", "a/package.json"));
        assert!(glob_matches("src/*.py", "src/app.py"));
    }
}
