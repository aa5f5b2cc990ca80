//! End-to-end flows against the real `dfix lsp` binary over stdio: quick
//! fixes from `data`, "Ignore CODE on this line", fix-all (resolved lazily),
//! hover, settings, watched files, encodings, stale data.

mod lsp_client;

use std::time::Duration;

use lsp_client::{cli_check, workspace_edits, Client};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/dfix-lsp-actions/Dockerfile";

const TEXT: &str = "FROM debian:12\r\nRUN apt-get update && apt-get install -y curl\r\n  # keep\r\n  RUN apk add git\r\nCMD python app.py\r\n";

fn code_actions(c: &mut Client, uri: &str, diags: &[Value], only: Option<&[&str]>) -> Vec<Value> {
    let range = diags.first().map(|d| d["range"].clone()).unwrap_or(
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
    );
    let mut ctx = json!({"diagnostics": diags});
    if let Some(o) = only {
        ctx["only"] = json!(o);
    }
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": ctx}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

fn change_all(c: &mut Client, uri: &str, version: i64, text: &str) {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn quick_fix_ignore_and_fix_all() {
    let (mut c, init) = Client::start(&["utf-16"], json!(null));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.open(URI, "dockerfile", TEXT);
    let diags = c.diagnostics(URI, 1);
    assert!(!diags.is_empty());
    for d in &diags {
        assert_eq!(d["source"], "dfix");
        assert!(d["code"].is_string());
        assert_eq!(d["data"]["version"], 1);
    }

    // A quick fix is the fix in `data`, preferred when safe.
    let fixable = diags
        .iter()
        .find(|d| d["data"]["fix"]["applicability"] == "safe")
        .expect("a safe fix")
        .clone();
    let actions = code_actions(
        &mut c,
        URI,
        std::slice::from_ref(&fixable),
        Some(&["quickfix"]),
    );
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("preferred quick fix");
    assert_eq!(fix["title"], fixable["data"]["fix"]["title"]);
    assert_eq!(
        fix["edit"]["documentChanges"][0]["textDocument"]["version"],
        1
    );
    let fixed = c.apply(TEXT, &workspace_edits(&fix["edit"]));
    assert_ne!(fixed, TEXT);
    // Nothing outside the edits changed: CRLF line ends survive.
    assert_eq!(fixed.matches("\r\n").count(), TEXT.matches("\r\n").count());

    // "Ignore CODE on this line" inserts the pragma; the engine then
    // drops that diagnostic.
    let code = fixable["code"].as_str().unwrap().to_string();
    let ignore = actions
        .iter()
        .find(|a| a["title"] == format!("Ignore {code} on this line"))
        .expect("ignore action");
    let ignored = c.apply(TEXT, &workspace_edits(&ignore["edit"]));
    assert!(
        ignored.contains(&format!("# dfix: ignore[{code}]\r\n")),
        "{ignored}"
    );
    change_all(&mut c, URI, 2, &ignored);
    let after = c.diagnostics(URI, 2);
    assert!(
        after.iter().all(|d| !(d["code"] == code.as_str()
            && d["range"]["start"]["line"].as_u64()
                == Some(fixable["range"]["start"]["line"].as_u64().unwrap() + 1))),
        "{after:?}"
    );

    // Stale data (version 1) gives no quick fix for version 2.
    let stale = code_actions(
        &mut c,
        URI,
        std::slice::from_ref(&fixable),
        Some(&["quickfix"]),
    );
    assert!(stale.iter().all(|a| a["isPreferred"] != true), "{stale:?}");

    // Fix-all is resolved lazily and equals `dfix --write`.
    change_all(&mut c, URI, 3, TEXT);
    let diags = c.diagnostics(URI, 3);
    let all = code_actions(&mut c, URI, &diags, Some(&["source.fixAll"]));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["kind"], "source.fixAll.dfix");
    assert!(all[0]["edit"].is_null());
    let resolved = c.request("codeAction/resolve", all[0].clone());
    let fixed_all = c.apply(TEXT, &workspace_edits(&resolved["edit"]));
    let want = write_fixed(TEXT, "Dockerfile");
    assert_eq!(fixed_all, want);
    c.shutdown();
}

/// What `dfix fix` makes of `text` (stdin in, fixed text out).
fn write_fixed(text: &str, name: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(["fix", "--stdin-filename", name, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

#[test]
fn hover_shows_the_rule_docs() {
    let (mut c, _) = Client::start(&["utf-16"], json!(null));
    c.open(URI, "dockerfile", TEXT);
    let diags = c.diagnostics(URI, 1);
    let d = &diags[0];
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": d["range"]["start"]}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains(d["code"].as_str().unwrap()), "{md}");
    assert!(md.contains("## Why is this bad?"), "{md}");
    // Nowhere near a diagnostic: no hover.
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 3}}),
    );
    assert!(none.is_null(), "{none}");
    c.shutdown();
}

#[test]
fn settings_select_ignore_and_severity() {
    let all = cli_check(TEXT, "Dockerfile", &[]);
    let first = all[0].0.clone();
    let (mut c, _) = Client::start(
        &["utf-16"],
        json!({"ignore": [first.clone()], "severity": {"DF": "error"},
               "rulesUrl": "https://wiki.example/dfix/{code}"}),
    );
    c.open(URI, "dockerfile", TEXT);
    let diags = c.diagnostics(URI, 1);
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d["code"] != first.as_str()));
    assert!(diags.iter().all(|d| d["severity"] == 1), "{diags:?}");
    // rulesUrl: each code links to its page.
    for d in &diags {
        let href = format!("https://wiki.example/dfix/{}", d["code"].as_str().unwrap());
        assert_eq!(d["codeDescription"]["href"], href.as_str());
    }
    // didChangeConfiguration (push model: this client has no
    // workspace/configuration) re-lints open documents.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dfix": {"select": [first.clone()]}}}),
    );
    let diags = c.diagnostics(URI, 1);
    assert!(!diags.is_empty());
    assert!(
        diags.iter().all(|d| d["code"] == first.as_str()),
        "{diags:?}"
    );
    // The new settings have no rulesUrl: no links.
    assert!(diags.iter().all(|d| d.get("codeDescription").is_none()));
    c.shutdown();
}

#[test]
fn dockerignore_change_refreshes_the_dockerfile_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let df_path = dir.path().join("Dockerfile");
    let text = "FROM alpine:3.20\nCOPY app /app\n";
    std::fs::write(&df_path, text).unwrap();
    std::fs::write(dir.path().join(".env"), "SECRET=1\n").unwrap();
    std::fs::create_dir(dir.path().join("app")).unwrap();
    let uri = format!("file://{}", df_path.display());
    let codes = |d: &[Value]| -> Vec<String> {
        d.iter()
            .map(|x| x["code"].as_str().unwrap().to_string())
            .collect()
    };
    let (mut c, _) = Client::start(&["utf-16"], json!(null));
    c.open(&uri, "dockerfile", text);
    let first = c.diagnostics(&uri, 1);
    c.remember(&uri, first.clone());
    let before = codes(&first);
    assert!(before.contains(&"DF050".to_string()), "{before:?}");
    // The same as `dfix check` of the file on disk.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(["check", "--format", "json"])
        .arg(&df_path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut cli: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = before.clone();
    sorted.sort();
    cli.sort();
    assert_eq!(sorted, cli);
    // The quick fix creates the .dockerignore (as `dfix --write` would).
    let diags = c.diagnostics_now(&uri);
    let df050: Vec<Value> = diags.into_iter().filter(|d| d["code"] == "DF050").collect();
    let actions = code_actions(&mut c, &uri, &df050, Some(&["quickfix"]));
    let create = actions
        .iter()
        .find(|a| a["edit"]["documentChanges"][0]["kind"] == "create")
        .unwrap_or_else(|| panic!("no create-file action: {actions:?}"));
    let ops = create["edit"]["documentChanges"].as_array().unwrap();
    assert!(ops[0]["uri"].as_str().unwrap().ends_with("/.dockerignore"));
    let new_text = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(new_text.contains(".env"), "{new_text}");
    // The client applies it and the watcher tells the server.
    std::fs::write(dir.path().join(".dockerignore"), new_text).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/.dockerignore", dir.path().display()), "type": 1}]}),
    );
    let after = c
        .maybe_diagnostics(&uri, Duration::from_secs(20))
        .expect("no refresh after .dockerignore changed");
    assert!(!codes(&after).contains(&"DF050".to_string()), "{after:?}");
    c.shutdown();
}

#[test]
fn utf8_positions_and_unknown_files() {
    let (mut c, init) = Client::start(&["utf-8", "utf-16"], json!(null));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let text = "FROM ubuntu # 😀\nRUN echo 日本 && apt-get install curl\n";
    c.open(URI, "dockerfile", text);
    let diags = c.diagnostics(URI, 1);
    let got = lsp_client::lsp_tuples(&c, text, &diags);
    assert_eq!(got, cli_check(text, "Dockerfile", &[]));
    assert!(!got.is_empty());
    // A file dfix does not check gets an empty publish.
    let md = "file:///tmp/dfix-lsp-actions/notes.md";
    c.open(md, "markdown", "RUN apt-get install x\n");
    assert!(c.diagnostics(md, 1).is_empty());
    c.shutdown();
}

#[test]
fn a_burst_of_changes_ends_with_the_last_version() {
    let (mut c, _) = Client::start(&["utf-16"], json!(null));
    let mut text = TEXT.to_string();
    c.open(URI, "dockerfile", &text);
    c.diagnostics(URI, 1);
    // 50 changes without waiting: earlier versions may be skipped or
    // dropped, never published after a later one; the last one is published.
    for v in 2..=51 {
        let at = text.len();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v}, "contentChanges": [{
                "range": {"start": c.pos(&text, at), "end": c.pos(&text, at)},
                "text": "RUN apt-get install -y x\n",
            }]}),
        );
        text.push_str("RUN apt-get install -y x\n");
    }
    let last = c.diagnostics(URI, 51);
    assert_eq!(
        lsp_client::lsp_tuples(&c, &text, &last),
        cli_check(&text, "Dockerfile", &[])
    );
    let server = c.request("dfix/documentText", json!({"uri": URI}));
    assert_eq!(server["text"].as_str().unwrap(), text);
    c.shutdown();
}

#[test]
fn odd_requests_never_crash_the_server() {
    let (mut c, _) = Client::start(&["utf-16"], json!(null));
    // A change to a document never opened, and requests about it.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/Dockerfile", "version": 2}, "contentChanges": [{"text": "FROM x\n"}]}),
    );
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/Dockerfile"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(none.is_null());
    c.open(URI, "dockerfile", "FROM ubuntu\nRUN apt-get install x 😀\n");
    c.diagnostics(URI, 1);
    // Ranges past the end, reversed, and inside a surrogate pair.
    let mut text = String::from("FROM ubuntu\nRUN apt-get install x 😀\n");
    for (v, (start, end, new)) in [
        ((9, 0), (12, 5), "\n"),
        ((1, 30), (0, 4), "X"),
        ((1, 23), (1, 24), ""),
    ]
    .into_iter()
    .enumerate()
    {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v as i64 + 2}, "contentChanges": [{
                "range": {"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}},
                "text": new,
            }]}),
        );
        c.diagnostics(URI, v as i64 + 2);
        let server = c.request("dfix/documentText", json!({"uri": URI}));
        text = server["text"].as_str().unwrap().to_string();
    }
    // Whatever the server made of them, its diagnostics match its text.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 9}, "contentChanges": [{"text": text.clone()}]}),
    );
    let diags = c.diagnostics(URI, 9);
    assert_eq!(
        lsp_client::lsp_tuples(&c, &text, &diags),
        cli_check(&text, "Dockerfile", &[])
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 99, "character": 99}}),
    );
    assert!(h.is_null() || h["contents"].is_object());
    let actions = code_actions(
        &mut c,
        URI,
        &[
            json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "message": "x", "source": "dfix", "code": "DF001", "data": {"bogus": true}}),
        ],
        None,
    );
    assert!(actions
        .iter()
        .all(|a| a["kind"] != "quickfix" || a["title"].as_str().unwrap().starts_with("Ignore")));
    c.shutdown();
}

#[test]
fn dfix_toml_applies_and_a_change_to_it_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let df_path = dir.path().join("Dockerfile");
    std::fs::write(&df_path, TEXT).unwrap();
    let uri = format!("file://{}", df_path.display());
    let codes = |d: &[Value]| -> Vec<String> {
        let mut v: Vec<String> = d
            .iter()
            .map(|x| x["code"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let cli_codes = || -> Vec<String> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfix"))
            .current_dir(dir.path())
            .args(["check", "--format", "json", "Dockerfile"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut c: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        c.sort();
        c
    };
    let (mut c, _) = Client::start(&["utf-16"], json!(null));
    c.open(&uri, "dockerfile", TEXT);
    let before = codes(&c.diagnostics(&uri, 1));
    assert_eq!(before, cli_codes());
    let gone = before[0].clone();
    std::fs::write(
        dir.path().join("dfix.toml"),
        format!("ignore = [\"{gone}\"]\n"),
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/dfix.toml", dir.path().display()), "type": 1}]}),
    );
    let after = codes(
        &c.maybe_diagnostics(&uri, Duration::from_secs(20))
            .expect("no refresh after dfix.toml changed"),
    );
    assert!(!after.contains(&gone), "{after:?}");
    assert_eq!(after, cli_codes());
    c.shutdown();
}

#[test]
fn an_unsaved_buffer_gets_the_workspace_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let uri = "untitled:Untitled-1";
    let (mut c, _) = Client::start(&["utf-16"], json!(null));
    c.open(uri, "dockerfile", TEXT);
    let all = c.diagnostics(uri, 1);
    c.shutdown();
    let gone = all[0]["code"].as_str().unwrap().to_string();
    std::fs::write(
        dir.path().join("dfix.toml"),
        format!("ignore = [\"{gone}\"]\n"),
    )
    .unwrap();
    let root = format!("file://{}", dir.path().display());
    let (mut c, _) = Client::start_in(&["utf-16"], json!(null), json!(root));
    c.open(uri, "dockerfile", TEXT);
    let diags = c.diagnostics(uri, 1);
    assert!(!diags.is_empty());
    assert!(
        diags.iter().all(|d| d["code"] != gone.as_str()),
        "{diags:?}"
    );
    assert_eq!(
        diags.len(),
        all.iter().filter(|d| d["code"] != gone.as_str()).count()
    );
    c.shutdown();
}
