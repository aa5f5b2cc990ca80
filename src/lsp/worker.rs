//! The lint thread: one long-lived thread runs every lint, so its
//! thread-local tree-sitter parsers and shell-script cache stay warm, and
//! lints never compete with the message loop.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Sender};

type Job = Box<dyn FnOnce() + Send>;

pub struct Worker {
    tx: Sender<Job>,
}

impl Worker {
    pub fn start() -> std::io::Result<Worker> {
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("dfix-lint".to_string())
            .spawn(move || {
                for job in rx {
                    job();
                }
            })?;
        Ok(Worker { tx })
    }

    /// Queue `f` on the lint thread without waiting for it.
    pub fn submit(&self, f: impl FnOnce() + Send + 'static) {
        let _ = self.tx.send(Box::new(move || {
            let _ = catch_unwind(AssertUnwindSafe(f));
        }));
    }
}
