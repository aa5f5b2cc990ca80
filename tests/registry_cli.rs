//! `--pin-digests` through the real binary without a registry: `--offline`
//! against a digest cache written here (the cache format is dfix's own), an
//! unreachable registry (exit 2, every file unchanged), the allow-list and
//! the flag checks. The same flows against real registries run in
//! `.ci/suites/20-registry.sh`.

use std::path::Path;
use std::process::Command;

fn digest(c: char) -> String {
    format!("sha256:{}", c.to_string().repeat(64))
}

fn dfix(dir: &Path, cache: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dfix"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("DFIX_CACHE_DIR", cache)
        .env("DOCKER_CONFIG", cache.join("no-docker-config"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM nginx:1.27\nFROM ghcr.io/acme/api:2.0 AS api\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: \"nginx:1.27\"  # front\n",
    )
    .unwrap();
    dir
}

fn seed_cache(cache: &Path, resolved_at: u64) {
    std::fs::create_dir_all(cache).unwrap();
    let entries = serde_json::json!({
        "version": 1,
        "entries": {
            "docker.io/library/nginx:1.27": {
                "digest": digest('a'),
                "media_type": "application/vnd.oci.image.index.v1+json",
                "resolved_at": resolved_at,
            },
            "ghcr.io/acme/api:2.0": {
                "digest": digest('b'),
                "media_type": "application/vnd.oci.image.manifest.v1+json",
                "resolved_at": resolved_at,
            },
        }
    });
    std::fs::write(cache.join("digests.json"), entries.to_string()).unwrap();
}

#[test]
fn offline_pins_from_the_cache_whatever_its_age() {
    let dir = project();
    let cache = tempfile::tempdir().unwrap();
    // Resolved in 1970: far past any TTL, still good enough offline.
    seed_cache(cache.path(), 0);
    let (code, out) = dfix(
        dir.path(),
        cache.path(),
        &[
            "--write",
            "--pin-digests",
            "--offline",
            "--select",
            "DF06,DC06",
            ".",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("from the cache, offline"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!(
            "FROM nginx:1.27@{}\nFROM ghcr.io/acme/api:2.0@{} AS api\n",
            digest('a'),
            digest('b')
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        format!(
            "services:\n  web:\n    image: \"nginx:1.27@{}\"  # front\n",
            digest('a')
        )
    );
    // A second run changes nothing and finds nothing.
    let (code, out) = dfix(
        dir.path(),
        cache.path(),
        &[
            "--write",
            "--pin-digests",
            "--offline",
            "--select",
            "DF06,DC06",
            ".",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Applied 0 fixes"), "{out}");
}

#[test]
fn offline_cache_miss_is_an_error_and_nothing_is_written() {
    let dir = project();
    let cache = tempfile::tempdir().unwrap();
    let (code, out) = dfix(
        dir.path(),
        cache.path(),
        &["--write", "--pin-digests", "--offline", "."],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("not in the digest cache"), "{out}");
    assert!(out.contains("no file was changed"), "{out}");
    assert!(out.contains("Dockerfile:1:6"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "FROM nginx:1.27\nFROM ghcr.io/acme/api:2.0 AS api\n"
    );
}

#[test]
fn unreachable_registry_exits_2_and_changes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let text = "FROM 127.0.0.1:9/team/app:1.0\n";
    std::fs::write(dir.path().join("Dockerfile"), text).unwrap();
    let (code, out) = dfix(
        dir.path(),
        cache.path(),
        &[
            "--write",
            "--pin-digests",
            "--insecure-registry",
            "127.0.0.1:9",
            ".",
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("127.0.0.1:9"), "{out}");
    assert!(out.contains("no file was changed"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        text
    );
}

#[test]
fn ignored_references_are_not_resolved() {
    // A local-only image (built by Skaffold, say) silenced inline, and a
    // rule switched off: neither is looked up, so the run does not fail.
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    seed_cache(cache.path(), 0);
    std::fs::write(
        dir.path().join("Dockerfile"),
        "# dfix: ignore[DF060]\nFROM 127.0.0.1:9/local/app:dev\nFROM nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  x:\n    image: 127.0.0.1:9/other:1\n",
    )
    .unwrap();
    let (code, out) = dfix(
        dir.path(),
        cache.path(),
        &[
            "--write",
            "--pin-digests",
            "--offline",
            "--select",
            "DF06",
            "--ignore",
            "DC060",
            ".",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!(
            "# dfix: ignore[DF060]\nFROM 127.0.0.1:9/local/app:dev\nFROM nginx:1.27@{}\n",
            digest('a')
        )
    );
}

#[test]
fn allow_list_refuses_before_any_connection() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM 169.254.169.254/latest/meta-data:x\n",
    )
    .unwrap();
    let (code, out) = dfix(
        dir.path(),
        cache.path(),
        &[
            "check",
            "--pin-digests",
            "--registry-allow",
            "docker.io",
            ".",
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("not on the allow-list"), "{out}");
}

#[test]
fn registry_flags_need_pin_digests() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (code, out) = dfix(dir.path(), cache.path(), &["check", "--offline", "."]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("only apply with --pin-digests"), "{out}");
}
