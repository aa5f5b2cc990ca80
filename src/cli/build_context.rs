//! The build context of a Dockerfile, read from disk, and the
//! `.dockerignore` the fix creates or extends.
//!
//! The context is the Dockerfile's directory unless `--build-context DIR`
//! says otherwise. The ignore file in force is `<Dockerfile>.dockerignore`
//! beside the Dockerfile when it exists, else `<context>/.dockerignore`.
//! The listing does not follow symlinks, does not descend into the
//! directories in `dockerignore::OPAQUE_DIRS`, and stops at 50,000 entries.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::dockerignore::{self, Addition, BuildContext, ContextEntry, IgnoreFile, OPAQUE_DIRS};
use crate::engine::{self, LintConfig};
use crate::syntax::dockerfile::Dockerfile;

use super::files::{display, InputError};

const MAX_ENTRIES: usize = 50_000;

/// Read the build context of the Dockerfile at `dockerfile`.
pub fn gather_build_context(dockerfile: &Path, context: Option<&Path>) -> Option<BuildContext> {
    let df_dir = dockerfile
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let root = context.map(Path::to_path_buf).unwrap_or(df_dir.clone());
    if !root.is_dir() {
        return None;
    }
    let (entries, truncated) = listing(&root);
    let df_name = dockerfile.file_name()?.to_string_lossy().to_string();
    let per_df = df_dir.join(format!("{df_name}.dockerignore"));
    let ctx_ignore = root.join(".dockerignore");
    let ignore_file = if per_df.is_file() {
        fs::read_to_string(&per_df).ok().map(|text| IgnoreFile {
            display: display(&per_df),
            text,
            per_dockerfile: true,
        })
    } else if ctx_ignore.is_file() {
        fs::read_to_string(&ctx_ignore).ok().map(|text| IgnoreFile {
            display: display(&ctx_ignore),
            text,
            per_dockerfile: false,
        })
    } else {
        None
    };
    let dockerfile_rel = relative(&root, dockerfile);
    Some(BuildContext {
        root_display: display(&root),
        entries,
        truncated,
        ignore_file,
        dockerfile: dockerfile_rel,
        new_ignore_display: display(&ctx_ignore),
        memo: Default::default(),
    })
}

/// The path of the ignore file a fix writes for `dockerfile`.
pub fn ignore_target(dockerfile: &Path, context: Option<&Path>) -> PathBuf {
    let df_dir = dockerfile
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(name) = dockerfile.file_name() {
        let per_df = df_dir.join(format!("{}.dockerignore", name.to_string_lossy()));
        if per_df.is_file() {
            return per_df;
        }
    }
    context.unwrap_or(df_dir).join(".dockerignore")
}

fn relative(root: &Path, p: &Path) -> Option<String> {
    let root = fs::canonicalize(root).ok()?;
    let p = fs::canonicalize(p).ok()?;
    let rel = p.strip_prefix(&root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

type Listing = (Arc<Vec<ContextEntry>>, bool);

/// The listing of `root`, read once per run (many Dockerfiles may share a
/// directory).
fn listing(root: &Path) -> Listing {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Listing>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let mut entries = Vec::new();
    let truncated = list(root, "", &mut entries);
    entries.sort();
    let value = (Arc::new(entries), truncated);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, value.clone());
    }
    value
}

/// Returns true when the cap was hit.
fn list(dir: &Path, prefix: &str, out: &mut Vec<ContextEntry>) -> bool {
    let Ok(rd) = fs::read_dir(dir) else {
        return false;
    };
    let mut children: Vec<_> = rd.filter_map(Result::ok).collect();
    children.sort_by_key(|e| e.file_name());
    for e in children {
        if out.len() >= MAX_ENTRIES {
            return true;
        }
        let name = e.file_name().to_string_lossy().to_string();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let Ok(ft) = e.file_type() else { continue };
        let is_dir = ft.is_dir();
        out.push(ContextEntry {
            path: path.clone(),
            is_dir,
        });
        if is_dir && !OPAQUE_DIRS.contains(&name.as_str()) && list(&e.path(), &path, out) {
            return true;
        }
    }
    false
}

/// One Dockerfile of this run with its context.
pub struct DockerfileInContext {
    pub path: PathBuf,
    /// The context directory when it is not the Dockerfile's own.
    pub context_dir: Option<PathBuf>,
    pub text: String,
    pub context: Arc<BuildContext>,
}

/// What the `.dockerignore` fix did.
#[derive(Default)]
pub struct IgnoreOutcome {
    pub written: usize,
    pub diffs: Vec<String>,
    pub errors: Vec<InputError>,
    /// Ignore file (display) → new text, so reports can be re-linted.
    pub new_texts: BTreeMap<PathBuf, String>,
    pub skipped_unsafe: usize,
}

/// Create or extend the ignore file of every context: one file per
/// target, honouring what every Dockerfile built from it needs.
pub fn fix_ignore_files(
    dockerfiles: &[DockerfileInContext],
    config: &LintConfig,
    include_unsafe: bool,
    diff_only: bool,
) -> IgnoreOutcome {
    let mut out = IgnoreOutcome::default();
    let enabled = ["DF050", "DF051"]
        .iter()
        .any(|c| crate::rules::find(c).is_some_and(|r| config.enabled(r)));
    if !enabled {
        return out;
    }
    let mut groups: BTreeMap<PathBuf, Vec<&DockerfileInContext>> = BTreeMap::new();
    for d in dockerfiles {
        groups
            .entry(ignore_target(&d.path, d.context_dir.as_deref()))
            .or_default()
            .push(d);
    }
    for (target, members) in groups {
        if !members
            .iter()
            .any(|m| dockerignore::any_candidate_present(&m.context))
        {
            continue;
        }
        let mut sources = Vec::new();
        for m in &members {
            let df = Dockerfile::parse(&m.text);
            sources.extend(dockerignore::context_sources(&m.text, &df));
        }
        let mut additions: Vec<Addition> = Vec::new();
        for m in &members {
            for a in dockerignore::missing_entries(&m.context, &sources) {
                if !additions.iter().any(|x| x.pattern == a.pattern) {
                    additions.push(a);
                }
            }
        }
        let chosen: Vec<&Addition> = additions
            .iter()
            .filter(|a| include_unsafe || a.unsafe_reason.is_none())
            .collect();
        out.skipped_unsafe += additions.len() - chosen.len();
        if !chosen.iter().any(|a| a.is_substantive()) {
            continue;
        }
        let existing = members[0]
            .context
            .ignore_file
            .as_ref()
            .map(|f| f.text.clone());
        let new_text = dockerignore::plan_text(existing.as_deref(), &chosen);
        let shown = display(&target);
        if diff_only {
            out.diffs.push(crate::output::unified_diff(
                &shown,
                existing.as_deref().unwrap_or(""),
                &new_text,
            ));
        } else if let Err(e) = write_new_or_existing(&target, &new_text) {
            out.errors.push(e);
            continue;
        } else {
            out.written += 1;
        }
        out.new_texts.insert(target, new_text);
    }
    out
}

/// The `.dockerignore` fix of one Dockerfile, for the language server's code
/// action (a `WorkspaceEdit` that creates the file, or inserts at its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreFileEdit {
    /// The ignore file to create or extend.
    pub path: PathBuf,
    /// `false`: create the file with `new_text`.
    pub exists: bool,
    /// The whole new text.
    pub new_text: String,
    /// When the file exists: the text to insert at its very end (the old
    /// text is a byte-for-byte prefix of `new_text`).
    pub appended: String,
    pub title: String,
    /// `Unsafe` when an entry excludes a path a `COPY` copies today.
    pub applicability: crate::engine::Applicability,
}

/// The ignore-file fix for the Dockerfile at `dockerfile` whose current
/// (maybe unsaved) text is `text`; `None` when nothing worth excluding is
/// missing. Reads the build context from disk.
pub fn dockerignore_edit_for(
    dockerfile: &Path,
    text: &str,
    context: Option<&Path>,
    include_unsafe: bool,
) -> Option<IgnoreFileEdit> {
    let bc = gather_build_context(dockerfile, context)?;
    if !dockerignore::any_candidate_present(&bc) {
        return None;
    }
    let df = Dockerfile::parse(text);
    let sources = dockerignore::context_sources(text, &df);
    let additions = dockerignore::missing_entries(&bc, &sources);
    let chosen: Vec<&Addition> = additions
        .iter()
        .filter(|a| include_unsafe || a.unsafe_reason.is_none())
        .collect();
    if !chosen.iter().any(|a| a.is_substantive()) {
        return None;
    }
    let path = ignore_target(dockerfile, context);
    let old = bc.ignore_file.as_ref().map(|f| f.text.clone());
    let new_text = dockerignore::plan_text(old.as_deref(), &chosen);
    let appended = new_text[old.as_deref().map_or(0, str::len)..].to_string();
    let unsafe_ = chosen.iter().any(|a| a.unsafe_reason.is_some());
    Some(IgnoreFileEdit {
        title: if old.is_some() {
            format!("Add {} missing entries to {}", chosen.len(), display(&path))
        } else {
            format!("Create {}", display(&path))
        },
        exists: old.is_some(),
        path,
        new_text,
        appended,
        applicability: if unsafe_ {
            crate::engine::Applicability::Unsafe
        } else {
            crate::engine::Applicability::Safe
        },
    })
}

fn write_new_or_existing(path: &Path, text: &str) -> Result<(), InputError> {
    if path.exists() {
        return super::files::write_atomic(path, text);
    }
    let err = |e: std::io::Error| InputError {
        path: display(path),
        message: format!("cannot create: {e}"),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".dfix-")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).map_err(err)?;
    }
    // persist_noclobber: never replace a file created in the meantime.
    tmp.persist_noclobber(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Lint a Dockerfile again as if its ignore file held `new_text`.
pub fn relint_with_ignore(
    path: &Path,
    text: &str,
    bc: &BuildContext,
    target: &Path,
    new_text: &str,
    config: &LintConfig,
) -> Vec<engine::Diagnostic> {
    let mut bc = bc.clone();
    bc.ignore_file = Some(IgnoreFile {
        display: display(target),
        text: new_text.to_string(),
        per_dockerfile: bc.ignore_file.as_ref().is_some_and(|f| f.per_dockerfile),
    });
    let mut cfg = config.clone();
    cfg.inputs.build_context = Some(Arc::new(bc));
    engine::lint(Some(path), text, crate::syntax::FileKind::Dockerfile, &cfg).diagnostics
}

/// Build contexts that compose files among the inputs declare:
/// `services.*.build` as a path, or as `{context, dockerfile}` (paths
/// relative to the compose file; remote contexts and `dockerfile_inline`
/// are skipped). Keyed by the Dockerfile's canonical path.
pub fn compose_contexts(inputs: &[super::files::Input]) -> HashMap<PathBuf, PathBuf> {
    let mut out = HashMap::new();
    for input in inputs {
        if input.is_stdin() {
            continue;
        }
        let Ok(src) = super::files::read_source(input) else {
            continue;
        };
        if src.kind != crate::syntax::FileKind::Compose {
            continue;
        }
        let base = input
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        for (context, dockerfile) in compose_builds(&src.text) {
            if context.contains("://") || context.starts_with("git@") || context.contains('$') {
                continue;
            }
            let trimmed = context.trim_end_matches('/');
            let ctx_dir = if trimmed.is_empty() || trimmed == "." {
                base.to_path_buf()
            } else {
                base.join(trimmed)
            };
            let df = ctx_dir.join(dockerfile.as_deref().unwrap_or("Dockerfile"));
            if let Ok(df) = fs::canonicalize(&df) {
                // kept as written (relative) for messages
                out.insert(df, ctx_dir);
            }
        }
    }
    out
}

/// `(context, dockerfile)` of each service's `build:`.
fn compose_builds(text: &str) -> Vec<(String, Option<String>)> {
    use crate::syntax::yaml;
    let mut out = Vec::new();
    let lang = yaml::language();
    for doc in yaml::split_documents(text) {
        let src = &text[doc.clone()];
        let Some(tree) = crate::syntax::parse_tree(&lang, src, None) else {
            continue;
        };
        let Some(services) = mapping_value(src, tree.root_node(), "services") else {
            continue;
        };
        for service in pairs(services) {
            let Some(svc) = service.child_by_field_name("value") else {
                continue;
            };
            let Some(build) = mapping_value(src, svc, "build") else {
                continue;
            };
            if let Some(s) = scalar(src, build) {
                out.push((s, None));
            } else {
                let context = mapping_value(src, build, "context")
                    .and_then(|n| scalar(src, n))
                    .unwrap_or_else(|| ".".to_string());
                let dockerfile =
                    mapping_value(src, build, "dockerfile").and_then(|n| scalar(src, n));
                out.push((context, dockerfile));
            }
        }
    }
    out
}

/// The first block mapping at or under `node`, its `key: value` pairs.
fn pairs(node: tree_sitter::Node) -> Vec<tree_sitter::Node> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "block_mapping" || n.kind() == "flow_mapping" {
            let mut c = n.walk();
            return n
                .named_children(&mut c)
                .filter(|p| matches!(p.kind(), "block_mapping_pair" | "flow_pair"))
                .collect();
        }
        let mut c = n.walk();
        let children: Vec<_> = n.named_children(&mut c).collect();
        for ch in children.into_iter().rev() {
            stack.push(ch);
        }
    }
    Vec::new()
}

fn mapping_value<'t>(
    src: &str,
    node: tree_sitter::Node<'t>,
    key: &str,
) -> Option<tree_sitter::Node<'t>> {
    pairs(node).into_iter().find_map(|p| {
        let k = p.child_by_field_name("key")?;
        let text = src
            .get(k.byte_range())?
            .trim_matches(|c| c == '"' || c == '\'');
        (text == key).then(|| p.child_by_field_name("value"))?
    })
}

fn scalar(src: &str, node: tree_sitter::Node) -> Option<String> {
    let inner = if node.kind() == "flow_node" {
        node.named_child(0)?
    } else {
        return None;
    };
    let raw = src.get(inner.byte_range())?;
    match inner.kind() {
        "plain_scalar" => Some(raw.trim().to_string()),
        "double_quote_scalar" | "single_quote_scalar" => {
            Some(raw[1..raw.len().saturating_sub(1).max(1)].to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lsp_edit_creates_then_appends() {
        let dir = tempfile::tempdir().unwrap();
        let df = dir.path().join("Dockerfile");
        let text = "FROM alpine:3.20\nCOPY app.sh /\n";
        fs::write(&df, text).unwrap();
        fs::write(dir.path().join("app.sh"), "").unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        let e = dockerignore_edit_for(&df, text, None, false).unwrap();
        assert!(!e.exists);
        assert!(e.new_text.contains(".git\n"));
        assert_eq!(e.applicability, crate::engine::Applicability::Safe);
        fs::write(dir.path().join(".dockerignore"), "# mine").unwrap();
        let e = dockerignore_edit_for(&df, text, None, false).unwrap();
        assert!(e.exists);
        assert!(
            e.appended.starts_with("\n# added by dfix"),
            "{:?}",
            e.appended
        );
        assert_eq!(format!("# mine{}", e.appended), e.new_text);
        fs::write(dir.path().join(".dockerignore"), e.new_text).unwrap();
        assert!(dockerignore_edit_for(&df, text, None, true).is_none());
    }

    #[test]
    fn compose_build_entries() {
        let t = "services:\n  web:\n    build: ./web\n  api:\n    build:\n      context: \"..\"\n      dockerfile: services/api.Dockerfile\n  db:\n    image: postgres:16\n  bare:\n    build: {context: ctx}\n";
        assert_eq!(
            compose_builds(t),
            [
                ("./web".to_string(), None),
                (
                    "..".to_string(),
                    Some("services/api.Dockerfile".to_string())
                ),
                ("ctx".to_string(), None),
            ]
        );
    }
}
