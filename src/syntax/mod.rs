//! Documents and their trees: file-kind detection, the source text, line
//! index, tree-sitter trees (Dockerfile, YAML) and the models built on them.
//!
//! Owns: turning bytes plus a file name into a `Document` a rule can read.
//! Never touches: rules, diagnostics, IO, LSP or CLI types. Byte offsets are
//! the only positions used here; line/column conversion lives in `LineIndex`.

pub mod dockerfile;
pub mod line_index;
#[cfg(test)]
pub(crate) mod random_edit;
pub mod shell;
pub mod yaml;
pub mod yaml_tree;

use std::path::Path;

pub use line_index::LineIndex;

pub type TreeSitterLanguage = tree_sitter::Language;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Kubernetes,
    Compose,
    Dockerignore,
    /// YAML that is neither Kubernetes nor compose (e.g. Helm values).
    Yaml,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Kubernetes => "kubernetes",
            FileKind::Compose => "compose",
            FileKind::Dockerignore => "dockerignore",
            FileKind::Yaml => "yaml",
        }
    }
}

/// Kind from the file name alone, when the name decides it.
pub fn kind_from_name(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if lower == ".dockerignore" || lower.ends_with(".dockerignore") {
        return Some(FileKind::Dockerignore);
    }
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
    {
        // `Dockerfile.yaml` and friends are not Dockerfiles.
        if lower.ends_with(".yaml")
            || lower.ends_with(".yml")
            || lower.ends_with(".json")
            || lower.ends_with(".md")
        {
            return None;
        }
        return Some(FileKind::Dockerfile);
    }
    if is_yaml_name(&lower)
        && (lower.starts_with("docker-compose")
            || lower.starts_with("compose.")
            || lower.starts_with("compose-")
            || lower == "compose.yaml"
            || lower == "compose.yml")
    {
        return Some(FileKind::Compose);
    }
    None
}

fn is_yaml_name(lower: &str) -> bool {
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// Kind from the name, falling back on the content for YAML files.
/// `None`: not a file dfix checks.
pub fn detect_kind(path: &Path, text: &str) -> Option<FileKind> {
    if let Some(k) = kind_from_name(path) {
        return Some(k);
    }
    let lower = path.file_name()?.to_str()?.to_ascii_lowercase();
    if is_yaml_name(&lower) {
        return Some(yaml_kind(text));
    }
    None
}

/// Kubernetes when a document has top-level `apiVersion` and `kind`;
/// compose when it has a top-level `services:`; otherwise plain YAML.
pub fn yaml_kind(text: &str) -> FileKind {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut api, mut kind, mut services) = (false, false, false);
    for line in text.lines() {
        if line.starts_with("---") {
            if api && kind {
                return FileKind::Kubernetes;
            }
            api = false;
            kind = false;
            continue;
        }
        if line.starts_with("apiVersion:") {
            api = true;
        } else if line.starts_with("kind:") {
            kind = true;
        } else if line.starts_with("services:") {
            services = true;
        }
    }
    if api && kind {
        FileKind::Kubernetes
    } else if services {
        FileKind::Compose
    } else {
        FileKind::Yaml
    }
}

/// Count ERROR and MISSING nodes of a tree, and return the first few.
pub fn tree_errors(
    tree: &tree_sitter::Tree,
    limit: usize,
) -> (usize, Vec<(std::ops::Range<usize>, bool)>) {
    let mut count = 0;
    let mut first = Vec::new();
    let root = tree.root_node();
    if !root.has_error() {
        return (0, first);
    }
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            count += 1;
            if first.len() < limit {
                first.push((node.byte_range(), node.is_missing()));
            }
            if node.is_error() {
                continue;
            }
        }
        if node.has_error() {
            for child in node.children(&mut cursor) {
                stack.push(child);
            }
        }
    }
    first.sort_by_key(|(r, _)| r.start);
    (count, first)
}

/// Parse with a tree-sitter language, optionally reusing an edited old tree.
pub fn parse_tree(
    lang: &TreeSitterLanguage,
    text: &str,
    old: Option<&tree_sitter::Tree>,
) -> Option<tree_sitter::Tree> {
    thread_local! {
        static PARSERS: std::cell::RefCell<Vec<(TreeSitterLanguage, tree_sitter::Parser)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    PARSERS.with(|p| {
        let mut parsers = p.borrow_mut();
        let idx = match parsers.iter().position(|(l, _)| l == lang) {
            Some(i) => i,
            None => {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(lang).ok()?;
                parsers.push((lang.clone(), parser));
                parsers.len() - 1
            }
        };
        parsers[idx].1.parse(text, old)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        for (name, kind) in [
            ("Dockerfile", Some(FileKind::Dockerfile)),
            ("Dockerfile.prod", Some(FileKind::Dockerfile)),
            ("api.Dockerfile", Some(FileKind::Dockerfile)),
            ("x.dockerfile", Some(FileKind::Dockerfile)),
            ("Containerfile", Some(FileKind::Dockerfile)),
            (".dockerignore", Some(FileKind::Dockerignore)),
            ("Dockerfile.dockerignore", Some(FileKind::Dockerignore)),
            ("docker-compose.prod.yml", Some(FileKind::Compose)),
            ("compose.yaml", Some(FileKind::Compose)),
            ("Dockerfile.yaml", None),
            ("main.rs", None),
        ] {
            assert_eq!(kind_from_name(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn yaml_kinds_by_content() {
        assert_eq!(
            yaml_kind("apiVersion: v1\nkind: Pod\n"),
            FileKind::Kubernetes
        );
        assert_eq!(
            yaml_kind("# c\n---\nfoo: 1\n---\napiVersion: v1\nkind: Pod\n"),
            FileKind::Kubernetes
        );
        assert_eq!(
            yaml_kind("services:\n  web:\n    image: x\n"),
            FileKind::Compose
        );
        assert_eq!(yaml_kind("image:\n  tag: 1\n"), FileKind::Yaml);
    }
}
