//! Digest pinning through the engine, without a network: a `DigestMap` (what
//! the CLI resolves before the lint) goes into `LintConfig.inputs`, and
//! `fix_text` must pin Dockerfiles, Kubernetes manifests and compose files
//! byte-exactly (quotes, comments, CRLF, BOM, a missing final newline), be
//! idempotent, keep the tag, pin ARG defaults, leave templated and
//! interpolated images alone, and update stale digests only with `--unsafe`.

use std::sync::Arc;

use dfix::engine::{self, Applicability, FixOptions, LintConfig};
use dfix::pin::DigestMap;
use dfix::registry_client::ResolvedDigest;
use dfix::syntax::FileKind;

fn digest(c: char) -> String {
    format!("sha256:{}", c.to_string().repeat(64))
}

fn map() -> DigestMap {
    let mut m = DigestMap::default();
    let index = "application/vnd.oci.image.index.v1+json";
    for (key, c) in [
        ("docker.io/library/nginx:1.27", 'a'),
        ("docker.io/library/python:3.12-slim", 'b'),
        ("docker.io/library/redis:latest", 'c'),
        ("ghcr.io/acme/api:2.0", 'd'),
        ("registry.example.com:5000/team/app:1", 'e'),
    ] {
        m.tags.insert(
            key.to_string(),
            ResolvedDigest {
                digest: digest(c),
                media_type: index.to_string(),
            },
        );
    }
    m.missing
        .insert(format!("docker.io/library/busybox@{}", digest('0')));
    m
}

fn config() -> LintConfig {
    let mut c = LintConfig {
        select: Some(vec!["DF06".into(), "KS06".into(), "DC06".into()]),
        ..LintConfig::default()
    };
    c.inputs.digests = Some(Arc::new(map()));
    c
}

fn fix(text: &str, kind: FileKind, unsafe_fixes: bool) -> String {
    let opts = FixOptions {
        min_applicability: if unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
        ..FixOptions::default()
    };
    let out = engine::fix_text(None, text, kind, &config(), &opts);
    assert!(out.rolled_back.is_empty(), "{:?}", out.rolled_back);
    assert!(out.converged);
    let again = engine::fix_text(None, &out.text, kind, &config(), &opts);
    assert_eq!(again.text, out.text, "not idempotent");
    out.text
}

fn codes(text: &str, kind: FileKind) -> Vec<&'static str> {
    engine::lint(None, text, kind, &config())
        .diagnostics
        .iter()
        .map(|d| d.rule.code)
        .collect()
}

#[test]
fn dockerfile_from_and_arg_defaults() {
    let text = "\u{feff}# syntax=docker/dockerfile:1\r\nARG BASE='python:3.12-slim'\r\nFROM ${BASE} AS build\r\nFROM build AS test\r\nFROM nginx:1.27\r\nFROM --platform=$BUILDPLATFORM ghcr.io/acme/api:2.0 AS api\r\nFROM node:${NODE_VERSION}\r\nFROM scratch";
    assert_eq!(
        codes(text, FileKind::Dockerfile),
        ["DF060", "DF060", "DF060"],
        "three pinnable images, node:${{NODE_VERSION}} and stages are not"
    );
    let fixed = fix(text, FileKind::Dockerfile, false);
    let want = format!(
        "\u{feff}# syntax=docker/dockerfile:1\r\nARG BASE='python:3.12-slim@{}'\r\nFROM ${{BASE}} AS build\r\nFROM build AS test\r\nFROM nginx:1.27@{}\r\nFROM --platform=$BUILDPLATFORM ghcr.io/acme/api:2.0@{} AS api\r\nFROM node:${{NODE_VERSION}}\r\nFROM scratch",
        digest('b'),
        digest('a'),
        digest('d')
    );
    assert_eq!(fixed, want);
}

#[test]
fn untagged_means_latest_and_stays_untagged() {
    let fixed = fix("FROM redis\n", FileKind::Dockerfile, false);
    assert_eq!(fixed, format!("FROM redis@{}\n", digest('c')));
    // Pinned without a tag: the digest is only checked for existence.
    assert!(codes(&fixed, FileKind::Dockerfile).is_empty());
}

#[test]
fn stale_digest_is_reported_and_updated_only_with_unsafe() {
    let text = format!("FROM nginx:1.27@{}\n", digest('9'));
    let diags = engine::lint(None, &text, FileKind::Dockerfile, &config()).diagnostics;
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].rule.code, "DF061");
    assert!(diags[0].message.contains("stale"), "{}", diags[0].message);
    assert_eq!(fix(&text, FileKind::Dockerfile, false), text);
    assert_eq!(
        fix(&text, FileKind::Dockerfile, true),
        format!("FROM nginx:1.27@{}\n", digest('a'))
    );
}

#[test]
fn digest_gone_from_the_registry() {
    let text = format!("FROM busybox@{}\n", digest('0'));
    let diags = engine::lint(None, &text, FileKind::Dockerfile, &config()).diagnostics;
    assert_eq!(diags.len(), 1);
    assert!(diags[0]
        .message
        .contains("not in docker.io/library/busybox any more"));
    assert!(diags[0].fix.is_none());
}

#[test]
fn kubernetes_manifest_multi_document() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - image: 'registry.example.com:5000/team/app:1'   # init\n      containers:\n        - name: web\n          image: \"nginx:1.27\"\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: cache, image: redis}\n    - name: unknown\n      image: quay.io/not/resolved:3\n  # image: nginx:1.27 in a comment stays\n";
    let fixed = fix(text, FileKind::Kubernetes, false);
    let want = format!(
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - image: 'registry.example.com:5000/team/app:1@{}'   # init\n      containers:\n        - name: web\n          image: \"nginx:1.27@{}\"\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {{name: cache, image: redis@{}}}\n    - name: unknown\n      image: quay.io/not/resolved:3\n  # image: nginx:1.27 in a comment stays\n",
        digest('e'),
        digest('a'),
        digest('c')
    );
    assert_eq!(fixed, want);
}

#[test]
fn helm_templates_and_block_scalars_are_left_alone() {
    let text = "spec:\n  containers:\n    - image: \"{{ .Values.image }}:{{ .Chart.AppVersion }}\"\n    - image: nginx:{{ .Values.tag }}\n  data:\n    script: |\n      image: nginx:1.27\n";
    assert_eq!(fix(text, FileKind::Kubernetes, false), text);
}

#[test]
fn compose_file_keeps_interpolation_and_crlf() {
    let text = "services:\r\n  web:\r\n    image: nginx:1.27\r\n  api:\r\n    image: ${API_IMAGE:-ghcr.io/acme/api:2.0}\r\n  db:\r\n    image: python:3.12-slim";
    let fixed = fix(text, FileKind::Compose, false);
    assert_eq!(
        fixed,
        format!(
            "services:\r\n  web:\r\n    image: nginx:1.27@{}\r\n  api:\r\n    image: ${{API_IMAGE:-ghcr.io/acme/api:2.0}}\r\n  db:\r\n    image: python:3.12-slim@{}",
            digest('a'),
            digest('b')
        )
    );
}

#[test]
fn compose_image_of_a_build_is_not_pinned() {
    // `image:` beside `build:` is the name the build tags, not a pull.
    let text =
        "services:\n  app:\n    build: .\n    image: nginx:1.27\n  web:\n    image: nginx:1.27\n";
    assert_eq!(
        fix(text, FileKind::Compose, false),
        format!(
            "services:\n  app:\n    build: .\n    image: nginx:1.27\n  web:\n    image: nginx:1.27@{}\n",
            digest('a')
        )
    );
}

#[test]
fn no_digest_map_no_pinning_diagnostics() {
    let c = LintConfig::default();
    let d = engine::lint(None, "FROM nginx:1.27\n", FileKind::Dockerfile, &c).diagnostics;
    assert!(d.iter().all(|d| !d.rule.code.starts_with("DF06")));
}
