//! The language server (`dfix lsp`): LSP over stdio on the same engine the
//! CLI uses.
//!
//! Owns: LSP messages, open documents and their incrementally reparsed
//! trees (`document`), position conversion with the negotiated encoding
//! (`position`), the lint scheduler (`session`), diagnostics with their fix
//! edits in `data` (`lint`), code actions (`code_actions`), hover, settings.
//! Never touches: rule logic or fix application (it calls `engine`), the
//! file system (documents come from the client; the only file it names is
//! the one a URI points to).

mod code_actions;
mod document;
mod handlers;
mod hover;
mod lint;
mod outbox;
mod position;
mod server;
mod session;
mod settings;
mod worker;

use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

/// Serve LSP on stdin/stdout until the client says `exit`; returns the exit
/// code.
pub fn run() -> i32 {
    keep_freed_memory();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the language server runtime: {e}");
            return crate::cli::EXIT_ERROR;
        }
    };
    let worker = match worker::Worker::start() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot start the lint thread: {e}");
            return crate::cli::EXIT_ERROR;
        }
    };
    let (outbox, transport, writer) = match outbox::Outbox::start(std::io::stdout()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: cannot start the output thread: {e}");
            return crate::cli::EXIT_ERROR;
        }
    };
    runtime.block_on(async {
        let (service, socket) = LspService::build(|client| server::Backend {
            session: Arc::new(session::Session::new(client, worker, outbox)),
        })
        .custom_method("dfix/documentText", server::Backend::document_text)
        .finish();
        Server::new(tokio::io::stdin(), transport, socket)
            .serve(service)
            .await;
    });
    // Write out what is queued; then leave without waiting for the stdin
    // reader, which may block until the client closes the pipe.
    writer.finish(std::time::Duration::from_secs(5));
    runtime.shutdown_background();
    crate::cli::EXIT_CLEAN
}

/// Every keystroke allocates and frees the same few hundred kilobytes
/// (diagnostics, the published JSON). glibc would hand them back to the
/// kernel each time (trim, munmap) and fault them in again on the next
/// keystroke; keep them instead. The server still returns memory after
/// each first lint (`session::release_free_memory`).
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator tunables; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
    }
}
