//! The real `dfix lsp` binary over stdio: random incremental edits
//! (inserts, deletions across lines, emoji and CJK text). After every edit
//! the server's text equals the client's, and its diagnostics equal a fresh
//! `dfix check --format json` of the same text.

mod lsp_client;

use lsp_client::{cli_check, lsp_tuples, Client, Rng};
use serde_json::json;

const DOCKERFILE: &str = "\
# syntax=docker/dockerfile:1
FROM ubuntu AS build
RUN apt-get update
RUN apt-get install curl wget \\
    # the editor 📝
    vim
RUN pip install requests && apk add git
CMD python app.py --name \"日本語\"
FROM build
USER root
RUN apt-get update && apt-get install -y jq
ENTRYPOINT /bin/start 😀
";

const DOCKERFILE_SNIPPETS: &[&str] = &[
    "x",
    "\n",
    "😀",
    "日本語",
    "é",
    " \\\n  && ",
    "RUN apt-get update && apt-get install -y curl\n",
    "FROM node:20 AS web\n",
    "FROM alpine\n",
    "USER app\n",
    "CMD [\"a\", \"b\"]\n",
    "# dfix: ignore[DF012]\n",
    "\r\n",
    "\"",
    "RUN <<EOF\napt-get update\nEOF\n",
];

const MANIFEST: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web # 名前
spec:
  containers:
    - name: app
      image: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api 😀
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: busybox:1.36
          securityContext:
            privileged: true
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: apii
  ports:
    - port: 80
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  metrics:
    - type: Resource
      resource:
        name: cpu
";

const YAML_SNIPPETS: &[&str] = &[
    "x",
    "\n",
    "---\n",
    "😀",
    "日本",
    ": ",
    "- ",
    "  ",
    "\"",
    "[",
    "kind: Service\n",
    "apiVersion: v1\n",
    "      securityContext: {}\n",
    "# dfix: ignore[KS000]",
    "    app: api\n",
    "  namespace: prod\n",
];

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit: (start, end, replacement), on char boundaries.
fn random_edit(rng: &mut Rng, text: &str, snippets: &[&str]) -> (usize, usize, String) {
    let len = text.len();
    let start = floor(text, rng.below(len + 1));
    match rng.below(10) {
        // Insert a snippet.
        0..=4 => (
            start,
            start,
            snippets[rng.below(snippets.len())].to_string(),
        ),
        // Delete a short range, often across lines.
        5..=7 => {
            let end = floor(text, (start + rng.below(40)).min(len));
            (start, end, String::new())
        }
        // Replace a range with a snippet.
        _ => {
            let end = floor(text, (start + rng.below(12)).min(len));
            (start, end, snippets[rng.below(snippets.len())].to_string())
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn run_edits(
    encodings: &[&str],
    uri: &str,
    language: &str,
    name: &str,
    initial: &str,
    snippets: &[&str],
    edits: usize,
    seed: u64,
    min_percent_nonempty: usize,
) {
    let (mut c, _) = Client::start(encodings, json!(null));
    let mut text = initial.to_string();
    c.open(uri, language, &text);
    let first = c.diagnostics(uri, 1);
    assert_eq!(lsp_tuples(&c, &text, &first), cli_check(&text, name, &[]));
    let mut rng = Rng::new(seed);
    let mut nonempty = 0;
    for i in 0..edits {
        let version = i as i64 + 2;
        // Sometimes two changes in one notification (each relative to the
        // text after the previous one).
        let n = if rng.below(5) == 0 { 2 } else { 1 };
        let mut changes = Vec::new();
        for _ in 0..n {
            let (s, e, new) = random_edit(&mut rng, &text, snippets);
            changes.push(json!({
                "range": {"start": c.pos(&text, s), "end": c.pos(&text, e)},
                "text": new,
            }));
            text.replace_range(s..e, &new);
        }
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
        let diags = c.diagnostics(uri, version);
        let server = c.request("dfix/documentText", json!({"uri": uri}));
        assert_eq!(server["version"], json!(version));
        assert_eq!(
            server["text"].as_str().unwrap(),
            text,
            "edit {i}: the server's text differs from the client's"
        );
        let got = lsp_tuples(&c, &text, &diags);
        let want = cli_check(&text, name, &[]);
        assert_eq!(
            got, want,
            "edit {i} (seed {seed}): diagnostics differ for text:\n{text}"
        );
        if !got.is_empty() {
            nonempty += 1;
        }
    }
    // The edits kept the documents interesting.
    assert!(
        nonempty >= edits * min_percent_nonempty / 100,
        "only {nonempty} of {edits} versions had diagnostics"
    );
    c.shutdown();
}

#[test]
fn dockerfile_1000_random_edits_utf16() {
    run_edits(
        &["utf-16"],
        "file:///tmp/dfix-lsp-test/Dockerfile",
        "dockerfile",
        "Dockerfile",
        DOCKERFILE,
        DOCKERFILE_SNIPPETS,
        1000,
        0x5eed_0001,
        50,
    );
}

#[test]
fn dockerfile_random_edits_utf8() {
    run_edits(
        &["utf-8", "utf-16"],
        "file:///tmp/dfix-lsp-test/api.Dockerfile",
        "dockerfile",
        "api.Dockerfile",
        DOCKERFILE,
        DOCKERFILE_SNIPPETS,
        300,
        0x5eed_0002,
        50,
    );
}

#[test]
fn manifest_random_edits_per_document_trees() {
    run_edits(
        &["utf-16"],
        "file:///tmp/dfix-lsp-test/app.yaml",
        "yaml",
        "app.yaml",
        MANIFEST,
        YAML_SNIPPETS,
        500,
        0x5eed_0003,
        // Random edits soon break the YAML (then only KS000, or no
        // Kubernetes kind at all).
        20,
    );
}
