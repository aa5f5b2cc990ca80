//! Digest pinning: where the image references are, and the edits that pin
//! them to resolved digests.
//!
//! Owns: finding image references in a Dockerfile (`FROM`, `ARG` defaults
//! that feed a `FROM`), a Kubernetes manifest or a compose file (`image:`
//! scalars, through tree-sitter-yaml); turning a `DigestMap` (resolved by
//! the CLI or the LSP through `registry_client` beforehand) into diagnostics
//! with fixes: `image:tag` → `image:tag@sha256:…` (the tag stays for
//! readers), a stale pinned digest → the tag's current one.
//! Never touches: the network, the disk or the cache — everything here is a
//! pure function of the text and the map.

pub mod stale_digest;
pub mod unpinned_image;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::engine::{Diagnostic, Edit, Fix};
use crate::registry_client::{Reference, ResolvedDigest};
use crate::rules::dockerfile::util::words;
use crate::rules::dockerfile::Context;
use crate::rules::RuleMeta;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::{yaml, FileKind};

/// Every pinning rule.
pub static RULES: &[&RuleMeta] = &[
    &unpinned_image::DOCKERFILE,
    &unpinned_image::KUBERNETES,
    &unpinned_image::COMPOSE,
    &stale_digest::DOCKERFILE,
    &stale_digest::KUBERNETES,
    &stale_digest::COMPOSE,
];

/// What the registries said, keyed by `Reference::tag_key()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestMap {
    /// Tag → its current digest.
    pub tags: HashMap<String, ResolvedDigest>,
    /// `name@digest` of pinned digests the registry no longer holds.
    pub missing: HashSet<String>,
}

/// One image reference in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSite {
    /// The reference as written (quotes excluded); pin edits go at its end.
    pub range: Range<usize>,
    /// Where a diagnostic points (the `FROM` image word, even when the value
    /// lives in an `ARG` default).
    pub report_range: Range<usize>,
    /// The text at `range`.
    pub written: String,
    pub reference: Reference,
}

/// A reference dfix will not pin, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedSite {
    pub range: Range<usize>,
    pub written: String,
    pub reason: String,
}

/// Image references of `text`, and those that cannot be pinned.
pub fn image_sites(text: &str, kind: FileKind) -> (Vec<ImageSite>, Vec<SkippedSite>) {
    match kind {
        FileKind::Dockerfile => dockerfile_sites(text),
        FileKind::Kubernetes | FileKind::Compose => yaml_sites(text, kind),
        FileKind::Dockerignore | FileKind::Yaml => (Vec::new(), Vec::new()),
    }
}

/// The site whose reference (or `FROM` word) covers `offset`: what an
/// editor's "Pin to digest" action works on.
pub fn site_at(text: &str, kind: FileKind, offset: usize) -> Option<ImageSite> {
    image_sites(text, kind).0.into_iter().find(|s| {
        (s.range.start <= offset && offset <= s.range.end)
            || (s.report_range.start <= offset && offset <= s.report_range.end)
    })
}

/// The edits that pin `site` to `resolved` (empty when it already is).
pub fn pin_edits(site: &ImageSite, resolved: &ResolvedDigest) -> Vec<Edit> {
    match &site.reference.digest {
        None => vec![Edit::insert(
            site.range.end,
            format!("@{}", resolved.digest),
        )],
        Some(d) if *d == resolved.digest => Vec::new(),
        Some(_) => {
            let at = site.written.rfind('@').map(|p| site.range.start + p + 1);
            match at {
                Some(s) => vec![Edit::replace(s..site.range.end, resolved.digest.clone())],
                None => Vec::new(),
            }
        }
    }
}

fn short(d: &str) -> String {
    match d.split_once(':') {
        Some((alg, hex)) if hex.len() > 12 => format!("{alg}:{}…", &hex[..12]),
        _ => d.to_string(),
    }
}

/// The (unpinned, stale) rules of a file kind.
pub fn kind_rules(kind: FileKind) -> Option<(&'static RuleMeta, &'static RuleMeta)> {
    match kind {
        FileKind::Dockerfile => Some((&unpinned_image::DOCKERFILE, &stale_digest::DOCKERFILE)),
        FileKind::Kubernetes => Some((&unpinned_image::KUBERNETES, &stale_digest::KUBERNETES)),
        FileKind::Compose => Some((&unpinned_image::COMPOSE, &stale_digest::COMPOSE)),
        _ => None,
    }
}

/// The pinning diagnostics of `text` given what the registries said.
/// References the map does not know are not reported.
pub fn diagnostics(text: &str, kind: FileKind, map: &DigestMap) -> Vec<Diagnostic> {
    let Some((unpinned, stale)) = kind_rules(kind) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for site in image_sites(text, kind).0 {
        let r = &site.reference;
        let tag_ref = format!("{}:{}", r.name(), r.tag_or_latest());
        match &r.digest {
            None => {
                let Some(now) = map.tags.get(&r.tag_key()) else {
                    continue;
                };
                let what = if now.is_index() {
                    "a multi-arch index"
                } else {
                    "a single-platform manifest"
                };
                out.push(
                    Diagnostic::new(
                        unpinned,
                        site.report_range.clone(),
                        format!(
                            "`{}` is not pinned: the tag can move under you; the registry resolves it to {} ({what})",
                            site.written,
                            short(&now.digest)
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Pin `{}` to {}", site.written, short(&now.digest)),
                        pin_edits(&site, now),
                    )),
                );
            }
            Some(pinned) => {
                if map.missing.contains(&format!("{}@{pinned}", r.name())) {
                    out.push(Diagnostic::new(
                        stale,
                        site.report_range.clone(),
                        format!(
                            "the pinned digest {} is not in {} any more: pulls of `{}` will fail",
                            short(pinned),
                            r.name(),
                            site.written
                        ),
                    ));
                    continue;
                }
                if r.tag.is_none() {
                    continue;
                }
                let Some(now) = map.tags.get(&r.tag_key()) else {
                    continue;
                };
                if now.digest != *pinned {
                    out.push(
                        Diagnostic::new(
                            stale,
                            site.report_range.clone(),
                            format!(
                                "the pinned digest {} is stale: `{tag_ref}` now resolves to {}",
                                short(pinned),
                                short(&now.digest)
                            ),
                        )
                        .with_fix(Fix::unsafe_(
                            format!("Update the digest to {}", short(&now.digest)),
                            pin_edits(&site, now),
                        )),
                    );
                }
            }
        }
    }
    out
}

fn dockerfile_sites(text: &str) -> (Vec<ImageSite>, Vec<SkippedSite>) {
    let df = Dockerfile::parse(text);
    let ctx = Context::new(None, text, &df);
    let mut sites = Vec::new();
    let mut skipped = Vec::new();
    // ARG name → (value range inside quotes, value) of global ARG defaults.
    let mut arg_values: HashMap<String, (Range<usize>, String)> = HashMap::new();
    for ins in ctx.instructions() {
        if ins.keyword == "FROM" {
            break;
        }
        if ins.keyword != "ARG" {
            continue;
        }
        for (w, r) in words(text, ins.args_range.clone()) {
            if let Some((name, value)) = w.split_once('=') {
                let mut vs = r.start + name.len() + 1;
                let mut ve = r.end;
                let v = value;
                let inner = if v.len() >= 2
                    && ((v.starts_with('"') && v.ends_with('"'))
                        || (v.starts_with('\'') && v.ends_with('\'')))
                {
                    vs += 1;
                    ve -= 1;
                    &v[1..v.len() - 1]
                } else {
                    v
                };
                arg_values.insert(name.to_string(), (vs..ve, inner.to_string()));
            }
        }
    }
    let mut stage_names: Vec<String> = Vec::new();
    for stage in ctx.stages() {
        let Some((image, word_range)) = stage.image.clone() else {
            continue;
        };
        let lower = image.to_ascii_lowercase();
        let is_stage = stage_names.contains(&lower);
        if let Some(n) = &stage.name {
            stage_names.push(n.clone());
        }
        if lower == "scratch" || is_stage {
            continue;
        }
        let (range, written) = if image.contains('$') {
            let var = image
                .strip_prefix("${")
                .and_then(|s| s.strip_suffix('}'))
                .or_else(|| image.strip_prefix('$'))
                .filter(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            match var.and_then(|v| arg_values.get(v)) {
                Some((r, v)) if !v.contains('$') => (r.clone(), v.clone()),
                _ => {
                    skipped.push(SkippedSite {
                        range: word_range.clone(),
                        written: image.clone(),
                        reason: "the image is built from ARG values; pin the ARG default instead (a --build-arg override would silently lose a digest written here)".into(),
                    });
                    continue;
                }
            }
        } else {
            (word_range.clone(), image.clone())
        };
        if stage_names.contains(&written.to_ascii_lowercase()) || written == "scratch" {
            continue;
        }
        match Reference::parse(&written) {
            Ok(reference) => sites.push(ImageSite {
                range,
                report_range: word_range,
                written,
                reference,
            }),
            Err(e) => skipped.push(SkippedSite {
                range,
                written,
                reason: e.reason,
            }),
        }
    }
    (sites, skipped)
}

fn yaml_sites(text: &str, kind: FileKind) -> (Vec<ImageSite>, Vec<SkippedSite>) {
    let masked = yaml::mask_templates(text);
    let src = masked.as_deref().unwrap_or(text);
    let lang = yaml::language();
    let mut sites = Vec::new();
    let mut skipped = Vec::new();
    for doc in yaml::split_documents(src) {
        let Some(tree) = crate::syntax::parse_tree(&lang, &src[doc.clone()], None) else {
            continue;
        };
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if matches!(node.kind(), "block_mapping_pair" | "flow_pair") {
                if let (Some(k), Some(v)) = (
                    node.child_by_field_name("key"),
                    node.child_by_field_name("value"),
                ) {
                    let key = &text[doc.start + k.start_byte()..doc.start + k.end_byte()];
                    let key = key.trim_matches(|c| c == '"' || c == '\'');
                    if key == "image"
                        && kind == FileKind::Compose
                        && has_sibling(text, doc.start, node, "build")
                    {
                        // With `build:`, `image:` names what the build produces.
                        skipped.push(SkippedSite {
                            range: doc.start + v.start_byte()..doc.start + v.end_byte(),
                            written: text[doc.start + v.start_byte()..doc.start + v.end_byte()].to_string(),
                            reason: "the service builds this image (`build:`): `image:` is the build's output name".into(),
                        });
                    } else if key == "image" {
                        yaml_value_site(text, doc.start, v, kind, &mut sites, &mut skipped);
                    }
                }
            }
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                stack.push(child);
            }
        }
    }
    sites.sort_by_key(|s| s.range.start);
    skipped.sort_by_key(|s| s.range.start);
    (sites, skipped)
}

/// Does the mapping holding `pair` also have a `key:`?
fn has_sibling(text: &str, base: usize, pair: tree_sitter::Node, key: &str) -> bool {
    let Some(parent) = pair.parent() else {
        return false;
    };
    let mut c = parent.walk();
    let found = parent.named_children(&mut c).any(|p| {
        p.child_by_field_name("key").is_some_and(|k| {
            text[base + k.start_byte()..base + k.end_byte()].trim_matches(|c| c == '"' || c == '\'')
                == key
        })
    });
    found
}

fn yaml_value_site(
    text: &str,
    base: usize,
    value: tree_sitter::Node,
    kind: FileKind,
    sites: &mut Vec<ImageSite>,
    skipped: &mut Vec<SkippedSite>,
) {
    // flow_node → plain_scalar / double_quote_scalar / single_quote_scalar
    let scalar = if value.kind() == "flow_node" {
        value.named_child(0)
    } else {
        None
    };
    let Some(scalar) = scalar else {
        return; // a mapping (Helm values' repository/tag) or a block scalar
    };
    let (s, e) = (base + scalar.start_byte(), base + scalar.end_byte());
    let (s, e) = match scalar.kind() {
        "plain_scalar" => (s, e),
        "double_quote_scalar" | "single_quote_scalar" if e >= s + 2 => (s + 1, e - 1),
        _ => return,
    };
    let written = &text[s..e];
    if written.contains("{{") || written.contains('$') || written.contains('\\') {
        skipped.push(SkippedSite {
            range: s..e,
            written: written.to_string(),
            reason: if kind == FileKind::Compose {
                "the image uses variable interpolation".into()
            } else {
                "the image is templated".into()
            },
        });
        return;
    }
    if written.is_empty() {
        return;
    }
    match Reference::parse(written) {
        Ok(reference) => sites.push(ImageSite {
            range: s..e,
            report_range: s..e,
            written: written.to_string(),
            reference,
        }),
        Err(err) => skipped.push(SkippedSite {
            range: s..e,
            written: written.to_string(),
            reason: err.reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(c: char) -> String {
        format!("sha256:{}", c.to_string().repeat(64))
    }

    #[test]
    fn dockerfile_sites_follow_args_and_skip_stages() {
        let t = "ARG BASE=\"python:3.12-slim\"\nFROM ${BASE} AS build\nFROM build\nFROM scratch\nFROM node:${V}\nFROM alpine\n";
        let (sites, skipped) = image_sites(t, FileKind::Dockerfile);
        let written: Vec<_> = sites.iter().map(|s| s.written.as_str()).collect();
        assert_eq!(written, ["python:3.12-slim", "alpine"]);
        assert_eq!(&t[sites[0].range.clone()], "python:3.12-slim");
        assert_eq!(&t[sites[0].report_range.clone()], "${BASE}");
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].written, "node:${V}");
    }

    #[test]
    fn yaml_sites_keep_quotes_and_skip_templates() {
        let t = "spec:\n  containers:\n    - name: a\n      image: \"nginx:1.27\" # web\n    - image: '{{ .Values.image }}'\n  data: |\n    image: not-an-image-site\n";
        let (sites, skipped) = image_sites(t, FileKind::Kubernetes);
        assert_eq!(sites.len(), 1);
        assert_eq!(&t[sites[0].range.clone()], "nginx:1.27");
        assert_eq!(skipped.len(), 1);
    }

    #[test]
    fn pin_and_stale() {
        let t = "FROM nginx:1.27\nFROM redis:7@".to_string() + &d('a') + "\n";
        let mut map = DigestMap::default();
        map.tags.insert(
            "docker.io/library/nginx:1.27".into(),
            ResolvedDigest {
                digest: d('b'),
                media_type: "application/vnd.oci.image.index.v1+json".into(),
            },
        );
        map.tags.insert(
            "docker.io/library/redis:7".into(),
            ResolvedDigest {
                digest: d('c'),
                media_type: "application/vnd.oci.image.manifest.v1+json".into(),
            },
        );
        let diags = diagnostics(&t, FileKind::Dockerfile, &map);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].rule.code, "DF060");
        assert_eq!(diags[1].rule.code, "DF061");
        let edits: Vec<Edit> = diags
            .iter()
            .flat_map(|d| d.fix.as_ref().unwrap().edits.clone())
            .collect();
        let fixed = crate::engine::apply::apply_edits(&t, &edits);
        assert_eq!(
            fixed,
            format!("FROM nginx:1.27@{}\nFROM redis:7@{}\n", d('b'), d('c'))
        );
        assert!(diagnostics(&fixed, FileKind::Dockerfile, &map).is_empty());
    }
}
