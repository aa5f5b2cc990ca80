//! Server state: open documents, their latest lint, negotiated encoding,
//! client capabilities and settings; and the lint scheduler.
//!
//! Handlers change state under one short `std::sync::Mutex` lock and never
//! await while holding it. Lints run in `spawn_blocking` on a snapshot; a
//! lint whose document moved on before it started is skipped, and one that
//! finishes after a newer edit is dropped (never published).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::lsp_types::Uri;
use tower_lsp_server::Client;

use super::document::{Document, Trees};
use super::lint::{self, Snapshot};
use super::outbox::Outbox;
use super::position::Encoding;
use super::settings::Settings;
use super::worker::Worker;
use crate::engine::Diagnostic;

#[derive(Default)]
pub struct State {
    pub docs: HashMap<String, Document>,
    /// Latest published lint per document: (version, diagnostics).
    pub results: HashMap<String, (i32, Arc<Vec<Diagnostic>>)>,
    pub encoding: Encoding,
    pub settings: Settings,
    /// The client resolves a code action's `edit` lazily.
    pub resolve_edits: bool,
    pub pull_configuration: bool,
    pub dynamic_watch: bool,
    /// The first workspace folder: unsaved buffers get its configuration.
    pub workspace_root: Option<std::path::PathBuf>,
}

impl State {
    /// The current diagnostics of a document, if they match its version.
    pub fn current(&self, key: &str) -> Option<Arc<Vec<Diagnostic>>> {
        let doc = self.docs.get(key)?;
        let (v, d) = self.results.get(key)?;
        (*v == doc.version).then(|| d.clone())
    }
}

pub struct Session {
    pub client: Client,
    /// Where the lint path writes its `publishDiagnostics` (see `outbox`).
    pub outbox: Outbox,
    state: Mutex<State>,
    worker: Worker,
    /// Server-side latency of each published edit: from the `didChange`
    /// arriving to its diagnostics handed to the transport, in ms.
    latencies: Mutex<Vec<f64>>,
    /// CPU time of each lint on the lint thread (lint + conversion), in ms,
    /// when `DFIX_LSP_STATS` asks for figures.
    lint_cpu: Mutex<Vec<f64>>,
    measure_cpu: bool,
}

impl Session {
    pub fn new(client: Client, worker: Worker, outbox: Outbox) -> Session {
        Session {
            client,
            outbox,
            state: Mutex::new(State::default()),
            worker,
            latencies: Mutex::new(Vec::new()),
            lint_cpu: Mutex::new(Vec::new()),
            measure_cpu: std::env::var_os("DFIX_LSP_STATS").is_some(),
        }
    }

    /// p50/p90/p99/max of the server-side latencies and of the lint CPU
    /// time, as JSON.
    pub fn latency_stats(&self) -> serde_json::Value {
        let quantiles = |m: &Mutex<Vec<f64>>| {
            let mut v = m.lock().map(|l| l.clone()).unwrap_or_default();
            v.sort_by(f64::total_cmp);
            let q = |p: f64| -> Option<f64> {
                let i = ((p * v.len() as f64) as usize).min(v.len().checked_sub(1)?);
                Some((v[i] * 1000.0).round() / 1000.0)
            };
            serde_json::json!({
                "n": v.len(), "p50_ms": q(0.5), "p90_ms": q(0.9),
                "p99_ms": q(0.99), "max_ms": q(1.0),
            })
        };
        serde_json::json!({
            "edit_to_publish": quantiles(&self.latencies),
            "lint_cpu": quantiles(&self.lint_cpu),
        })
    }

    /// The state; a panic in another handler does not poison it for good.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lint a document on the lint thread and publish, unless it is
    /// superseded: a lint whose document moved on before it starts is
    /// skipped (a burst of typing lints once), one that finishes after a
    /// newer edit is dropped. The lint thread publishes itself: no hop back
    /// to the async runtime on the way to the client.
    pub fn schedule(self: &Arc<Self>, key: String) {
        let (version, changed_at) = {
            let st = self.state();
            let Some(doc) = st.docs.get(&key) else { return };
            (doc.version, doc.changed_at)
        };
        let session = self.clone();
        let runtime = tokio::runtime::Handle::try_current().ok();
        self.worker.submit(move || {
            session.lint_and_publish(&key, version, changed_at, runtime);
        });
    }

    /// The lint job (on the lint thread).
    fn lint_and_publish(
        self: &Arc<Self>,
        key: &str,
        version: i32,
        changed_at: Option<std::time::Instant>,
        runtime: Option<tokio::runtime::Handle>,
    ) {
        let (snap, settings, enc) = {
            let st = self.state();
            let Some(doc) = st.docs.get(key) else { return };
            if doc.version != version {
                return; // cancelled: a newer lint is queued
            }
            (
                Snapshot::of(doc, st.workspace_root.as_deref()),
                st.settings.clone(),
                st.encoding,
            )
        };
        let cpu_before = self.measure_cpu.then(thread_cpu_ns).flatten();
        let mut linted = lint::lint(&snap, &settings);
        let frame = lint::publish_frame(
            &snap.key,
            Some(version),
            &linted.diagnostics,
            &snap.text,
            &snap.lines,
            enc,
            &settings,
        );
        if changed_at.is_none() {
            // A first lint parses every YAML document once and frees the
            // trees: hand that memory back.
            release_free_memory();
        }
        if let (Some(a), Some(b)) = (cpu_before, thread_cpu_ns()) {
            if let Ok(mut l) = self.lint_cpu.lock() {
                l.push(b.saturating_sub(a) as f64 / 1e6);
            }
        }
        let messages = std::mem::take(&mut linted.config_messages);
        if let (false, Some(rt)) = (messages.is_empty(), runtime) {
            let session = self.clone();
            rt.spawn(async move {
                for m in messages {
                    session
                        .client
                        .log_message(tower_lsp_server::lsp_types::MessageType::WARNING, m)
                        .await;
                }
            });
        }
        let replaced = {
            let mut st = self.state();
            let Some(doc) = st.docs.get_mut(key) else {
                return;
            };
            if doc.version != version {
                return; // superseded: a newer lint publishes
            }
            if linted.build_context.is_some() {
                doc.build_context = linted.build_context;
            }
            if linted.file_config.is_some() {
                doc.file_config = linted.file_config;
            }
            if let (Some(new), Trees::Yaml(cur)) = (linted.yaml_docs, &mut doc.trees) {
                *cur = new;
                doc.drop_cold_trees();
            }
            // Under the lock: no later version can be published first.
            self.outbox.send(frame);
            st.results
                .insert(key.to_string(), (version, linted.diagnostics))
        };
        // The previous results are freed outside the lock.
        drop(replaced);
        if let (Some(t), Ok(mut l)) = (changed_at, self.latencies.lock()) {
            l.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }

    /// Drop what the lint thread keeps for a closed document.
    pub fn forget(&self, key: String) {
        self.worker.submit(move || lint::forget(&key));
    }

    /// Re-lint every open document (settings changed) or those `pick`
    /// accepts, gathering their build contexts again.
    pub fn relint_where(self: &Arc<Self>, pick: impl Fn(&Document) -> bool) {
        let keys: Vec<String> = {
            let mut st = self.state();
            let keys: Vec<String> = st
                .docs
                .iter()
                .filter(|(_, d)| pick(d))
                .map(|(k, _)| k.clone())
                .collect();
            for k in &keys {
                st.results.remove(k);
                // Per-document results may depend on the settings: drop them.
                if let Some(doc) = st.docs.get_mut(k) {
                    doc.forget_document_lints();
                    doc.build_context = None;
                    doc.file_config = None;
                }
            }
            keys
        };
        for k in keys {
            self.schedule(k);
        }
    }
}

/// Return freed heap pages to the system (glibc keeps them otherwise, and
/// RSS would stay at the high-water mark of the largest file ever opened).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// CPU time this thread has run, in ns (`CLOCK_THREAD_CPUTIME_ID`). Only
/// read when figures are asked for.
fn thread_cpu_ns() -> Option<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

pub fn key(uri: &Uri) -> String {
    uri.as_str().to_string()
}

/// The file path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<std::path::PathBuf> {
    use tower_lsp_server::UriExt;
    if uri.scheme().is_some_and(|s| s.as_str() == "file") {
        uri.to_file_path().map(|p| p.into_owned())
    } else {
        // Untitled buffers and the like: the last path segment still names
        // the kind (`untitled:Dockerfile`).
        let s = uri.as_str();
        let name = s.rsplit(['/', ':']).next()?;
        (!name.is_empty()).then(|| Path::new(name).to_path_buf())
    }
}
