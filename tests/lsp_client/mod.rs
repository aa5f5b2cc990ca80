//! A small LSP client over the real `dfix lsp` binary's stdio, for the
//! integration tests. It keeps its own copy of each document and converts
//! positions itself (independently of the server's code).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications seen while waiting for something else.
    pub backlog: Vec<Value>,
    pub utf8: bool,
    remembered: std::collections::HashMap<String, Vec<Value>>,
}

impl Client {
    /// Start `dfix lsp` and initialize it.
    pub fn start(encodings: &[&str], init_options: Value) -> (Client, Value) {
        Client::start_in(encodings, init_options, Value::Null)
    }

    /// `start` with a workspace root (`rootUri`).
    pub fn start_in(encodings: &[&str], init_options: Value, root_uri: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dfix"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start dfix lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut buf = vec![0; len.expect("Content-Length")];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&buf).expect("server sent JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            backlog: Vec::new(),
            utf8: false,
            remembered: Default::default(),
        };
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "initializationOptions": init_options,
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "textDocument": {
                        "publishDiagnostics": {"versionSupport": true},
                        "codeAction": {
                            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}},
                            "resolveSupport": {"properties": ["edit"]}
                        }
                    },
                    "workspace": {"configuration": false, "didChangeWatchedFiles": {"dynamicRegistration": false}}
                }
            }),
        );
        c.utf8 = init["capabilities"]["positionEncoding"] == "utf-8";
        c.notify("initialized", json!({}));
        (c, init)
    }

    fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => {
                // Answer server→client requests (registrations, configuration).
                if v.get("method").is_some() && v.get("id").is_some() {
                    let id = v["id"].clone();
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                }
                v
            }
            Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for the server"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server exited"),
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.recv(deadline);
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                assert!(v.get("error").is_none(), "{method} failed: {v}");
                return v["result"].clone();
            }
            if v.get("method").is_some() && v.get("id").is_none() {
                self.backlog.push(v);
            }
        }
    }

    /// Wait for diagnostics of `uri` at `version` (earlier versions are
    /// skipped: the server may drop or publish them).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let matches = |v: &Value| {
            v["method"] == "textDocument/publishDiagnostics"
                && v["params"]["uri"] == uri
                && v["params"]["version"] == json!(version)
        };
        if let Some(i) = self.backlog.iter().position(matches) {
            let v = self.backlog.remove(i);
            self.backlog.retain(|b| b["params"]["uri"] != uri);
            return v["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.recv(deadline);
            if matches(&v) {
                return v["params"]["diagnostics"].as_array().unwrap().clone();
            }
            if v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri {
                let got = v["params"]["version"].as_i64().unwrap_or(-1);
                assert!(got <= version, "diagnostics for a version never sent: {v}");
                continue;
            }
            if v.get("method").is_some() && v.get("id").is_none() {
                self.backlog.push(v);
            }
        }
    }

    /// Keep diagnostics to ask for them again (`diagnostics_now`).
    pub fn remember(&mut self, uri: &str, diags: Vec<Value>) {
        self.remembered.insert(uri.to_string(), diags);
    }

    pub fn diagnostics_now(&self, uri: &str) -> Vec<Value> {
        self.remembered.get(uri).cloned().unwrap_or_default()
    }

    /// Is there a publish for `uri` within `wait`?
    pub fn maybe_diagnostics(&mut self, uri: &str, wait: Duration) -> Option<Vec<Value>> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self.rx.recv_timeout(left).ok()?;
            if v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri {
                return Some(v["params"]["diagnostics"].as_array().unwrap().clone());
            }
        }
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    pub fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        panic!("the server did not exit after `exit`");
    }

    /// LSP position of a byte offset in `text`, in the negotiated encoding.
    pub fn pos(&self, text: &str, offset: usize) -> Value {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..offset].matches('\n').count();
        let seg = &text[line_start..offset];
        let col = if self.utf8 {
            seg.len()
        } else {
            seg.encode_utf16().count()
        };
        json!({"line": line, "character": col})
    }

    /// Byte offset of an LSP position in `text`.
    pub fn offset(&self, text: &str, pos: &Value) -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for _ in 0..line {
            start += text[start..].find('\n').expect("line exists") + 1;
        }
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= col || c == '\n' {
                return start + i;
            }
            units += if self.utf8 {
                c.len_utf8()
            } else {
                c.len_utf16()
            };
        }
        text.len()
    }

    /// Apply LSP text edits (non-overlapping) to `text`.
    pub fn apply(&self, text: &str, edits: &[Value]) -> String {
        let mut e: Vec<(usize, usize, String)> = edits
            .iter()
            .map(|x| {
                (
                    self.offset(text, &x["range"]["start"]),
                    self.offset(text, &x["range"]["end"]),
                    x["newText"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        e.sort_by_key(|x| std::cmp::Reverse(x.0));
        let mut out = text.to_string();
        for (s, end, t) in e {
            out.replace_range(s..end, &t);
        }
        out
    }
}

/// The edits of a single-document workspace edit.
pub fn workspace_edits(edit: &Value) -> Vec<Value> {
    if let Some(dc) = edit["documentChanges"].as_array() {
        return dc
            .iter()
            .flat_map(|d| d["edits"].as_array().unwrap().clone())
            .collect();
    }
    edit["changes"]
        .as_object()
        .map(|m| {
            m.values()
                .flat_map(|v| v.as_array().unwrap().clone())
                .collect()
        })
        .unwrap_or_default()
}

/// `dfix check --format json` of `text` read from stdin as `name`:
/// (code, start byte, end byte, severity, message), sorted.
pub fn cli_check(
    text: &str,
    name: &str,
    extra: &[&str],
) -> Vec<(String, usize, usize, String, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(["check", "--format", "json", "--stdin-filename", name])
        .args(extra)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    let at = |p: &Value| -> usize {
        // 1-based line, 1-based column in characters.
        let line = p["line"].as_u64().unwrap() as usize - 1;
        let col = p["column"].as_u64().unwrap() as usize - 1;
        let mut start = 0;
        for _ in 0..line {
            start += text[start..].find('\n').unwrap() + 1;
        }
        text[start..]
            .char_indices()
            .nth(col)
            .map_or(text.len(), |(i, _)| start + i)
    };
    let mut out: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                at(&d["range"]["start"]),
                at(&d["range"]["end"]),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The same tuple for LSP diagnostics against the client's text.
pub fn lsp_tuples(
    c: &Client,
    text: &str,
    diags: &[Value],
) -> Vec<(String, usize, usize, String, String)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            let sev = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                _ => "info",
            };
            (
                d["code"].as_str().unwrap().to_string(),
                c.offset(text, &d["range"]["start"]),
                c.offset(text, &d["range"]["end"]),
                sev.to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A small deterministic PRNG (xorshift64*), so failures replay.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
