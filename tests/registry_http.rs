//! The registry client's HTTP behaviour against a minimal HTTP/1.1 server
//! on 127.0.0.1 that answers from a script: retries with backoff on 5xx and
//! 429 (`Retry-After`), the digest checked against the body, redirects
//! checked by the policy, and 403. What a real registry does is covered by
//! `.ci/suites/20-registry.sh`; these are the answers a healthy local
//! registry never gives.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dfix::registry_client::auth::DockerConfig;
use dfix::registry_client::{Client, ClientConfig, Policy, Reference, RegistryError};
use sha2::{Digest, Sha256};

const MANIFEST: &str =
    r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#;

fn manifest_digest() -> String {
    format!("sha256:{:x}", Sha256::digest(MANIFEST.as_bytes()))
}

/// Serve one scripted response per connection; returns the address and
/// the request lines seen.
fn serve(responses: Vec<String>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    std::thread::spawn(move || {
        for response in responses {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut read_line = || {
                let mut buf = Vec::new();
                let _ = reader.read_until(b'\n', &mut buf);
                String::from_utf8_lossy(&buf).into_owned()
            };
            let request_line = read_line();
            let mut headers = Vec::new();
            if request_line.starts_with("GET") || request_line.starts_with("HEAD") {
                loop {
                    let line = read_line();
                    if line.trim().is_empty() {
                        break;
                    }
                    headers.push(line.trim().to_string());
                }
            }
            seen2.lock().unwrap().push(format!(
                "{} accept={}",
                request_line.trim(),
                headers
                    .iter()
                    .find(|h| h.to_ascii_lowercase().starts_with("accept:"))
                    .map(|h| h.contains("image.index.v1+json"))
                    .unwrap_or(false)
            ));
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.flush();
        }
    });
    (addr, seen)
}

fn answer(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut s = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s.push_str(body);
    s
}

fn client(addr: &str, policy: Policy) -> Client {
    let cfg = ClientConfig {
        insecure: vec![addr.to_string()],
        backoff: Duration::from_millis(10),
        ca_file: None,
        policy,
        ..ClientConfig::default()
    };
    Client::new(cfg, DockerConfig::default()).unwrap()
}

fn ok_manifest(digest: &str) -> String {
    answer(
        "200 OK",
        &[
            ("Content-Type", "application/vnd.oci.image.index.v1+json"),
            ("Docker-Content-Digest", digest),
        ],
        MANIFEST,
    )
}

#[test]
fn retries_5xx_and_429_then_resolves() {
    // The first connection is the HTTPS attempt of an insecure registry:
    // the server answers garbage to the TLS hello, dfix falls back to HTTP.
    let (addr, seen) = serve(vec![
        "not TLS\r\n\r\n".to_string(),
        answer("503 Service Unavailable", &[], "busy"),
        answer(
            "429 Too Many Requests",
            &[("Retry-After", "0")],
            "slow down",
        ),
        ok_manifest(&manifest_digest()),
    ]);
    let r = Reference::parse(&format!("{addr}/team/app:1")).unwrap();
    let got = client(&addr, Policy::trusted()).resolve_tag(&r).unwrap();
    assert_eq!(got.digest, manifest_digest());
    assert!(got.is_index());
    let seen = seen.lock().unwrap();
    let gets: Vec<_> = seen
        .iter()
        .filter(|l| l.starts_with("GET /v2/team/app/manifests/1"))
        .collect();
    assert_eq!(gets.len(), 3, "{seen:?}");
    assert!(gets.iter().all(|l| l.ends_with("accept=true")), "{seen:?}");
}

#[test]
fn gives_up_after_the_retries() {
    let busy = answer("503 Service Unavailable", &[], "busy");
    let (addr, _) = serve(vec![
        "x\r\n\r\n".to_string(),
        busy.clone(),
        busy.clone(),
        busy.clone(),
        busy,
    ]);
    let r = Reference::parse(&format!("{addr}/team/app:1")).unwrap();
    let e = client(&addr, Policy::trusted())
        .resolve_tag(&r)
        .unwrap_err();
    assert!(e.to_string().contains("HTTP 503 after 3 retries"), "{e}");
}

#[test]
fn a_digest_header_that_does_not_match_the_body_is_refused() {
    let wrong = format!("sha256:{}", "f".repeat(64));
    let (addr, _) = serve(vec!["x\r\n\r\n".to_string(), ok_manifest(&wrong)]);
    let r = Reference::parse(&format!("{addr}/team/app:1")).unwrap();
    let e = client(&addr, Policy::trusted())
        .resolve_tag(&r)
        .unwrap_err();
    assert!(matches!(e, RegistryError::DigestMismatch { .. }), "{e:?}");
}

#[test]
fn forbidden_is_a_clear_error() {
    let (addr, _) = serve(vec![
        "x\r\n\r\n".to_string(),
        answer("403 Forbidden", &[], ""),
    ]);
    let r = Reference::parse(&format!("{addr}/team/app:1")).unwrap();
    let e = client(&addr, Policy::trusted())
        .resolve_tag(&r)
        .unwrap_err();
    assert!(e.to_string().contains("access denied (403)"), "{e}");
}

#[test]
fn untrusted_input_cannot_redirect_to_internal_hosts() {
    // The registry itself is explicitly allowed; its redirect to the cloud
    // metadata address is not.
    let (addr, seen) = serve(vec![
        "x\r\n\r\n".to_string(),
        answer(
            "307 Temporary Redirect",
            &[("Location", "http://169.254.169.254/latest/meta-data/")],
            "",
        ),
    ]);
    let r = Reference::parse(&format!("{addr}/team/app:1")).unwrap();
    let e = client(&addr, Policy::untrusted(vec![addr.clone()]))
        .resolve_tag(&r)
        .unwrap_err();
    assert!(matches!(e, RegistryError::NotAllowed { .. }), "{e:?}");
    assert!(e.to_string().contains("169.254.169.254"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 2);
}
