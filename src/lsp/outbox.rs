//! Everything the server writes to stdout goes through one writer thread.
//!
//! tower-lsp-server writes its framed messages (responses, requests to the
//! client, log messages) into [`TransportWriter`]; the lint path hands its
//! `publishDiagnostics` notifications, already serialized, to
//! [`Outbox::send`]. Both end up, whole frames only, on one channel that the
//! writer thread drains to stdout, so frames never interleave.
//!
//! Why not `Client::publish_diagnostics`: tower-lsp turns the parameters
//! into a `serde_json::Value` tree before serializing it. For a Dockerfile
//! with 650 diagnostics that tree costs more CPU than the lint itself; the
//! lint path writes the JSON straight from the engine's diagnostics instead
//! (`lint::publish_frame`).

use std::io::Write;
use std::pin::Pin;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::task::{Context, Poll};
use std::time::Duration;

/// The sending side, cheap to clone.
#[derive(Clone)]
pub struct Outbox {
    tx: Sender<Item>,
}

/// What the writer thread writes.
enum Item {
    /// A whole frame from tower-lsp-server.
    Frame(Vec<u8>),
    /// Header and body of a message from the lint path.
    Message(Vec<u8>, Vec<u8>),
    /// `WriterThread::finish`: flush and report back.
    Flush,
}

/// Waits for the writer thread to write out what is queued.
pub struct WriterThread {
    tx: Sender<Item>,
    done: Receiver<()>,
}

impl Outbox {
    /// Start the writer thread on `out` (stdout in the server, a pipe in
    /// tests).
    pub fn start(
        out: impl Write + Send + 'static,
    ) -> std::io::Result<(Outbox, TransportWriter, WriterThread)> {
        let (tx, rx) = channel::<Item>();
        let (done_tx, done) = channel();
        std::thread::Builder::new()
            .name("dfix-out".to_string())
            .spawn(move || drain(rx, out, done_tx))?;
        let transport = TransportWriter {
            partial: Vec::new(),
            tx: tx.clone(),
        };
        let writer = WriterThread {
            tx: tx.clone(),
            done,
        };
        Ok((Outbox { tx }, transport, writer))
    }

    /// Queue one JSON-RPC message (the body, without header). The body is
    /// not copied: header and body go as one item.
    pub fn send(&self, body: Vec<u8>) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        let _ = self.tx.send(Item::Message(header, body));
    }
}

impl WriterThread {
    /// Wait until every frame queued so far is written (at most `timeout`:
    /// the client may have stopped reading).
    pub fn finish(self, timeout: Duration) {
        if self.tx.send(Item::Flush).is_ok() {
            let _ = self.done.recv_timeout(timeout);
        }
    }
}

/// Write frames as they come; flush when the queue runs dry or
/// `WriterThread::finish` asks for it (and then say so on `done`).
fn drain(rx: Receiver<Item>, mut out: impl Write, done: Sender<()>) {
    while let Ok(mut item) = rx.recv() {
        loop {
            let written = match &item {
                Item::Frame(f) => out.write_all(f),
                Item::Message(h, b) => out.write_all(h).and_then(|_| out.write_all(b)),
                Item::Flush => {
                    let _ = out.flush();
                    let _ = done.send(());
                    Ok(())
                }
            };
            if written.is_err() {
                return;
            }
            match rx.try_recv() {
                Ok(next) => item = next,
                Err(_) => break,
            }
        }
        if out.flush().is_err() {
            return;
        }
    }
}

/// The `AsyncWrite` tower-lsp-server writes into: it collects bytes until a
/// whole `Content-Length` frame is there and queues that frame. Never
/// blocks.
pub struct TransportWriter {
    partial: Vec<u8>,
    tx: Sender<Item>,
}

impl TransportWriter {
    /// Queue every complete frame at the front of `partial`.
    fn forward_frames(&mut self) {
        while let Some(len) = frame_len(&self.partial) {
            let rest = self.partial.split_off(len);
            let frame = std::mem::replace(&mut self.partial, rest);
            let _ = self.tx.send(Item::Frame(frame));
        }
    }
}

/// Length of the complete frame at the start of `buf` (header + body), if
/// it is all there.
fn frame_len(buf: &[u8]) -> Option<usize> {
    let header_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let header = std::str::from_utf8(&buf[..header_end]).ok()?;
    let body_len: usize = header.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())
            .flatten()
    })?;
    let total = header_end + body_len;
    (buf.len() >= total).then_some(total)
}

impl tokio::io::AsyncWrite for TransportWriter {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        this.partial.extend_from_slice(buf);
        this.forward_frames();
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use std::task::Waker;
    use tokio::io::AsyncWrite;

    /// A `Write` whose bytes the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn frame_len_needs_the_whole_frame() {
        let f = frame("{\"a\":1}");
        assert_eq!(frame_len(f.as_bytes()), Some(f.len()));
        assert_eq!(frame_len(&f.as_bytes()[..f.len() - 1]), None);
        assert_eq!(frame_len(b"Content-Length: 3\r\n"), None);
        let two = format!("{f}{}", frame("[]"));
        assert_eq!(frame_len(two.as_bytes()), Some(f.len()));
    }

    /// Frames split across writes come out whole, in order, never cut by
    /// a frame queued from the lint path in between.
    #[test]
    fn split_writes_and_direct_frames_never_interleave() {
        let sink = Sink::default();
        let (outbox, mut transport, writer) = Outbox::start(sink.clone()).unwrap();
        let first = frame("{\"id\":1,\"result\":\"ü\"}");
        let second = frame("{\"id\":2}");
        let both = format!("{first}{second}");
        let (a, b) = both.as_bytes().split_at(first.len() - 5);
        let mut cx = Context::from_waker(Waker::noop());
        let mut write = |bytes: &[u8]| match Pin::new(&mut transport).poll_write(&mut cx, bytes) {
            Poll::Ready(Ok(n)) => assert_eq!(n, bytes.len()),
            other => panic!("{other:?}"),
        };
        write(a);
        // The transport holds half a frame: this one must not land in it.
        outbox.send(b"{\"method\":\"x\"}".to_vec());
        write(b);
        drop((outbox, transport));
        writer.finish(Duration::from_secs(5));
        let out = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            out,
            format!("{}{first}{second}", frame("{\"method\":\"x\"}"))
        );
    }
}
