//! The registry client against real registries: Debian's docker-registry,
//! started by `.ci/suites/20-registry.sh` (anonymous over HTTP, htpasswd
//! over TLS with a generated CA), with images pushed by skopeo. Built only
//! with `--features registry-tests`; the suite sets `DFIX_TEST_REGISTRY*`.
//! Without them every test fails loudly: this binary only exists to run
//! inside that suite, so a missing registry is an error, never a skip.

use dfix::registry_client::auth::DockerConfig;
use dfix::registry_client::{
    Client, ClientConfig, DigestCache, Reference, RegistryError, Resolver, ResolverOptions, Source,
};
use dfix::syntax::FileKind;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is unset: tests/registry_live.rs runs only inside .ci/suites/20-registry.sh, which starts the registries")
    })
}

fn plain_client() -> Client {
    let cfg = ClientConfig {
        insecure: vec![env("DFIX_TEST_REGISTRY")],
        ca_file: None,
        ..ClientConfig::default()
    };
    Client::new(cfg, DockerConfig::default()).unwrap()
}

fn secure_client(password: &str) -> Client {
    let reg = env("DFIX_TEST_REGISTRY_TLS");
    let docker = DockerConfig::parse(&format!(
        r#"{{"auths":{{"{reg}":{{"username":"{}","password":"{password}"}}}}}}"#,
        env("DFIX_TEST_REGISTRY_USER")
    ))
    .unwrap();
    let cfg = ClientConfig {
        ca_file: Some(env("DFIX_TEST_REGISTRY_CA").into()),
        ..ClientConfig::default()
    };
    Client::new(cfg, docker).unwrap()
}

fn reference(reg_var: &str, path: &str) -> Reference {
    Reference::parse(&format!("{}/{path}", env(reg_var))).unwrap()
}

#[test]
fn multi_arch_tag_resolves_to_the_index_digest() {
    let r = plain_client()
        .resolve_tag(&reference("DFIX_TEST_REGISTRY", "team/multi:1.0"))
        .unwrap();
    assert_eq!(r.digest, env("DFIX_TEST_MULTI_DIGEST"));
    assert!(r.is_index(), "media type {}", r.media_type);
}

#[test]
fn single_arch_tag_resolves_to_the_manifest_digest() {
    let r = plain_client()
        .resolve_tag(&reference("DFIX_TEST_REGISTRY", "team/single:1.0"))
        .unwrap();
    assert_eq!(r.digest, env("DFIX_TEST_SINGLE_DIGEST"));
    assert!(!r.is_index());
}

#[test]
fn basic_auth_over_verified_tls() {
    let r = secure_client(&env("DFIX_TEST_REGISTRY_PASSWORD"))
        .resolve_tag(&reference("DFIX_TEST_REGISTRY_TLS", "private/app:1.0"))
        .unwrap();
    assert_eq!(r.digest, env("DFIX_TEST_PRIVATE_DIGEST"));
}

#[test]
fn wrong_password_is_a_clear_401_without_the_secret() {
    let e = secure_client("not-the-password")
        .resolve_tag(&reference("DFIX_TEST_REGISTRY_TLS", "private/app:1.0"))
        .unwrap_err();
    assert!(
        matches!(
            e,
            RegistryError::Unauthorized {
                had_credentials: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.to_string().contains("not-the-password"));
}

#[test]
fn unknown_tag_and_digest_are_not_found() {
    let c = plain_client();
    let e = c
        .resolve_tag(&reference("DFIX_TEST_REGISTRY", "team/multi:no-such-tag"))
        .unwrap_err();
    assert!(matches!(e, RegistryError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("404"), "{e}");
    let r = reference("DFIX_TEST_REGISTRY", "team/multi:1.0");
    assert!(c.digest_exists(&r, &env("DFIX_TEST_MULTI_DIGEST")).unwrap());
    let absent = format!("sha256:{}", "0".repeat(64));
    assert!(!c.digest_exists(&r, &absent).unwrap());
}

#[test]
fn resolver_caches_and_answers_offline() {
    let dir = tempfile::tempdir().unwrap();
    let r = reference("DFIX_TEST_REGISTRY", "team/single:1.0");
    let online = Resolver::new(
        Some(plain_client()),
        Some(DigestCache::open(dir.path())),
        ResolverOptions::default(),
    );
    let (d1, s1) = online.resolve(&r).unwrap();
    assert_eq!(s1, Source::Registry);
    let (d2, s2) = online.resolve(&r).unwrap();
    assert_eq!(s2, Source::Cache);
    assert_eq!(d1, d2);
    online.save_cache().unwrap();
    let offline = Resolver::new(
        None,
        Some(DigestCache::open(dir.path())),
        ResolverOptions {
            offline: true,
            ..ResolverOptions::default()
        },
    );
    let (d3, s3) = offline.resolve(&r).unwrap();
    assert_eq!(
        (d3.digest.as_str(), s3),
        (d1.digest.as_str(), Source::Cache)
    );
    let other = reference("DFIX_TEST_REGISTRY", "team/multi:1.0");
    assert!(matches!(
        offline.resolve(&other),
        Err(RegistryError::NotCached { .. })
    ));
}

#[test]
fn lsp_pin_action_resolves_lazily() {
    let dir = tempfile::tempdir().unwrap();
    let resolver = Resolver::new(
        Some(plain_client()),
        Some(DigestCache::open(dir.path())),
        ResolverOptions::default(),
    );
    let text = format!(
        "FROM {}/team/multi:1.0 AS base\r\nRUN true\r\n",
        env("DFIX_TEST_REGISTRY")
    );
    let fix = resolver
        .pin_fix_at(&text, FileKind::Dockerfile, 8)
        .unwrap()
        .expect("a pin fix at the FROM image");
    let fixed = dfix::engine::apply::apply_edits(&text, &fix.edits);
    assert_eq!(
        fixed,
        format!(
            "FROM {}/team/multi:1.0@{} AS base\r\nRUN true\r\n",
            env("DFIX_TEST_REGISTRY"),
            env("DFIX_TEST_MULTI_DIGEST")
        )
    );
    // Already pinned: nothing to do. Not on an image: nothing either.
    assert!(resolver
        .pin_fix_at(&fixed, FileKind::Dockerfile, 8)
        .unwrap()
        .is_none());
    assert!(resolver
        .pin_fix_at(&fixed, FileKind::Dockerfile, fixed.len() - 3)
        .unwrap()
        .is_none());
}
