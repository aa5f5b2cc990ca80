//! The OCI distribution client: manifest HEAD/GET, auth, retries.
//!
//! Owns: HTTP to registries (ureq with rustls; TLS verified against
//! Mozilla's roots, or exactly the PEM bundle in `SSL_CERT_FILE` when that
//! is set), the anonymous and credentialed bearer-token flow, basic auth,
//! `Accept` headers for OCI indexes, Docker manifest lists and single
//! manifests, checking the `Docker-Content-Digest` header against the sha256
//! of the body, retry with backoff on 429/5xx, redirects followed only where
//! the policy allows, and clear errors. Never prints or logs a credential or
//! a token.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest as _, Sha256};

use super::auth::{parse_challenge, Challenge, Credentials, DockerConfig};
use super::policy::Policy;
use super::reference::Reference;

/// Media types dfix asks for, index types first so a multi-arch image is
/// pinned by its index digest.
pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json;q=0.9, application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.5";

const MAX_MANIFEST_BYTES: u64 = 8 << 20;

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Per request, from connect to the end of the body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Retries after a 429 or 5xx answer.
    pub max_retries: u32,
    /// First backoff; doubles on every retry (a `Retry-After` up to 10 s wins).
    pub backoff: Duration,
    /// Registries (`host` or `host:port`) reached over plain HTTP or HTTPS
    /// without certificate verification, like Docker's insecure registries.
    pub insecure: Vec<String>,
    /// A PEM bundle to trust instead of the built-in roots.
    pub ca_file: Option<std::path::PathBuf>,
    pub policy: Policy,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(5),
            max_retries: 3,
            backoff: Duration::from_millis(300),
            insecure: Vec::new(),
            ca_file: std::env::var_os("SSL_CERT_FILE")
                .filter(|v| !v.is_empty())
                .map(Into::into),
            policy: Policy::trusted(),
        }
    }
}

/// What went wrong talking to a registry. Messages never hold credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// The policy refused the registry or an address.
    NotAllowed {
        reference: String,
        reason: String,
    },
    Unreachable {
        registry: String,
        detail: String,
    },
    Timeout {
        registry: String,
    },
    Unauthorized {
        reference: String,
        had_credentials: bool,
    },
    Forbidden {
        reference: String,
    },
    NotFound {
        reference: String,
    },
    Status {
        reference: String,
        status: u16,
    },
    DigestMismatch {
        reference: String,
        header: String,
        computed: String,
    },
    Protocol {
        registry: String,
        detail: String,
    },
    Credentials(String),
    /// `--offline` and nothing cached.
    NotCached {
        reference: String,
    },
    Tls(String),
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RegistryError::*;
        match self {
            NotAllowed { reference, reason } => write!(f, "{reference}: refused: {reason}"),
            Unreachable { registry, detail } => {
                write!(f, "registry {registry} is unreachable: {detail}")
            }
            Timeout { registry } => write!(f, "registry {registry} did not answer in time"),
            Unauthorized {
                reference,
                had_credentials,
            } => {
                if *had_credentials {
                    write!(f, "{reference}: the registry rejected the credentials (401); check `docker login` for this registry")
                } else {
                    write!(f, "{reference}: authentication required (401); run `docker login` for this registry or add it to ~/.docker/config.json")
                }
            }
            Forbidden { reference } => write!(
                f,
                "{reference}: access denied (403): the credentials may not pull this repository"
            ),
            NotFound { reference } => write!(
                f,
                "{reference}: not found (404): no such repository, tag or digest in the registry"
            ),
            Status { reference, status } => {
                write!(f, "{reference}: the registry answered HTTP {status}")
            }
            DigestMismatch {
                reference,
                header,
                computed,
            } => write!(
                f,
                "{reference}: the registry says the manifest is {header} but its body hashes to {computed}; refusing to pin"
            ),
            Protocol { registry, detail } => {
                write!(f, "registry {registry}: unexpected answer: {detail}")
            }
            Credentials(m) => write!(f, "credentials: {m}"),
            NotCached { reference } => write!(
                f,
                "{reference}: not in the digest cache and --offline forbids asking the registry"
            ),
            Tls(m) => write!(f, "TLS: {m}"),
        }
    }
}

impl std::error::Error for RegistryError {}

/// A tag resolved to the digest of what it names now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedDigest {
    pub digest: String,
    pub media_type: String,
}

impl ResolvedDigest {
    /// An OCI index or Docker manifest list (a multi-arch image).
    pub fn is_index(&self) -> bool {
        self.media_type.contains("index") || self.media_type.contains("manifest.list")
    }
}

struct Answer {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// A registry client; cheap to share between threads.
pub struct Client {
    config: ClientConfig,
    verified: ureq::Agent,
    unverified: ureq::Agent,
    docker_config: DockerConfig,
    /// (registry, repository) → Authorization header value.
    tokens: Mutex<HashMap<(String, String), String>>,
    /// registry → scheme that worked (`https`/`http`), for insecure ones.
    schemes: Mutex<HashMap<String, &'static str>>,
}

impl Client {
    pub fn new(config: ClientConfig, docker_config: DockerConfig) -> Result<Client, RegistryError> {
        let roots = match &config.ca_file {
            Some(p) => {
                let pem = std::fs::read(p).map_err(|e| {
                    RegistryError::Tls(format!("cannot read CA bundle {}: {e}", p.display()))
                })?;
                let mut certs = Vec::new();
                for item in ureq::tls::parse_pem(&pem) {
                    if let Ok(ureq::tls::PemItem::Certificate(c)) = item {
                        certs.push(c);
                    }
                }
                if certs.is_empty() {
                    return Err(RegistryError::Tls(format!(
                        "{} holds no PEM certificate",
                        p.display()
                    )));
                }
                ureq::tls::RootCerts::Specific(Arc::new(certs))
            }
            None => ureq::tls::RootCerts::WebPki,
        };
        let make = |verify: bool| -> ureq::Agent {
            let tls = ureq::tls::TlsConfig::builder()
                .root_certs(roots.clone())
                .disable_verification(!verify)
                .build();
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .timeout_global(Some(config.timeout))
                .timeout_connect(Some(config.connect_timeout))
                .user_agent(concat!("dfix/", env!("CARGO_PKG_VERSION")))
                .tls_config(tls)
                .build()
                .new_agent()
        };
        Ok(Client {
            verified: make(true),
            unverified: make(false),
            config,
            docker_config,
            tokens: Mutex::new(HashMap::new()),
            schemes: Mutex::new(HashMap::new()),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    fn is_insecure(&self, registry: &str) -> bool {
        let host = super::reference::host_without_port(registry);
        self.config
            .insecure
            .iter()
            .any(|i| i.eq_ignore_ascii_case(registry) || i.eq_ignore_ascii_case(host))
    }

    /// Resolve the tag of `r` (or `latest`) to the digest of its manifest
    /// or index, checked against the sha256 of the body.
    pub fn resolve_tag(&self, r: &Reference) -> Result<ResolvedDigest, RegistryError> {
        let shown = r.to_string();
        self.check_policy(r)?;
        let a = self.manifest_request(r, r.tag_or_latest(), "GET")?;
        let computed = format!("sha256:{:x}", Sha256::digest(&a.body));
        if let Some(h) = a.headers.get("docker-content-digest") {
            if h.starts_with("sha256:") && *h != computed {
                return Err(RegistryError::DigestMismatch {
                    reference: shown,
                    header: h.clone(),
                    computed,
                });
            }
        }
        let media_type = a
            .headers
            .get("content-type")
            .map(|c| c.split(';').next().unwrap_or("").trim().to_string())
            .filter(|c| !c.is_empty() && c != "application/json")
            .or_else(|| {
                serde_json::from_slice::<serde_json::Value>(&a.body)
                    .ok()
                    .and_then(|v| v.get("mediaType")?.as_str().map(str::to_string))
            })
            .unwrap_or_default();
        Ok(ResolvedDigest {
            digest: computed,
            media_type,
        })
    }

    /// Does the registry still hold the manifest `digest` of `r`'s repository?
    pub fn digest_exists(&self, r: &Reference, digest: &str) -> Result<bool, RegistryError> {
        self.check_policy(r)?;
        match self.manifest_request(r, digest, "HEAD") {
            Ok(_) => Ok(true),
            Err(RegistryError::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn check_policy(&self, r: &Reference) -> Result<(), RegistryError> {
        let shown = r.to_string();
        self.config
            .policy
            .registry_allowed(&r.registry)
            .and_then(|_| self.config.policy.connect_allowed(r.api_host()))
            .map_err(|reason| RegistryError::NotAllowed {
                reference: shown,
                reason,
            })
    }

    fn manifest_request(
        &self,
        r: &Reference,
        reference: &str,
        method: &str,
    ) -> Result<Answer, RegistryError> {
        let shown = format!(
            "{}{}{}",
            r.name(),
            if reference.contains(':') { "@" } else { ":" },
            reference
        );
        let path = format!("/v2/{}/manifests/{}", r.repository, reference);
        let key = (r.registry.clone(), r.repository.clone());
        let mut auth = self.tokens.lock().ok().and_then(|t| t.get(&key).cloned());
        let mut tried_auth = false;
        let mut had_credentials = false;
        loop {
            let a = self.send_with_retries(r, method, &path, auth.as_deref(), &shown)?;
            match a.status {
                200..=299 => return Ok(a),
                401 if !tried_auth => {
                    tried_auth = true;
                    let creds = self
                        .docker_config
                        .credentials_for(&r.registry)
                        .map_err(|e| RegistryError::Credentials(e.0))?;
                    had_credentials = creds.is_some();
                    let challenge = a
                        .headers
                        .get("www-authenticate")
                        .map(|h| parse_challenge(h))
                        .unwrap_or(Challenge::Basic);
                    let header = match challenge {
                        Challenge::Bearer {
                            realm,
                            service,
                            scope,
                        } => self.fetch_token(
                            r,
                            &realm,
                            service.as_deref(),
                            scope.as_deref(),
                            creds.as_ref(),
                            &shown,
                        )?,
                        Challenge::Basic => match &creds {
                            Some(c) => c.basic_header(),
                            None => {
                                return Err(RegistryError::Unauthorized {
                                    reference: shown,
                                    had_credentials: false,
                                })
                            }
                        },
                        Challenge::Other(s) => {
                            return Err(RegistryError::Protocol {
                                registry: r.registry.clone(),
                                detail: format!("unsupported auth scheme `{s}`"),
                            })
                        }
                    };
                    if let Ok(mut t) = self.tokens.lock() {
                        t.insert(key.clone(), header.clone());
                    }
                    auth = Some(header);
                }
                401 => {
                    return Err(RegistryError::Unauthorized {
                        reference: shown,
                        had_credentials,
                    })
                }
                403 => return Err(RegistryError::Forbidden { reference: shown }),
                404 => return Err(RegistryError::NotFound { reference: shown }),
                s => {
                    return Err(RegistryError::Status {
                        reference: shown,
                        status: s,
                    })
                }
            }
        }
    }

    /// The bearer-token flow: GET the realm with service and scope, with
    /// basic credentials when there are some.
    fn fetch_token(
        &self,
        r: &Reference,
        realm: &str,
        service: Option<&str>,
        scope: Option<&str>,
        creds: Option<&Credentials>,
        shown: &str,
    ) -> Result<String, RegistryError> {
        let scope = scope
            .map(str::to_string)
            .unwrap_or_else(|| format!("repository:{}:pull", r.repository));
        let mut url = realm.to_string();
        let mut sep = if url.contains('?') { '&' } else { '?' };
        if let Some(s) = service {
            url.push(sep);
            url.push_str(&format!("service={}", encode(s)));
            sep = '&';
        }
        url.push(sep);
        url.push_str(&format!("scope={}", encode(&scope)));
        let host = url_host(&url).ok_or_else(|| RegistryError::Protocol {
            registry: r.registry.clone(),
            detail: "the token realm is not an http(s) URL".into(),
        })?;
        self.config
            .policy
            .connect_allowed(&host)
            .map_err(|reason| RegistryError::NotAllowed {
                reference: shown.to_string(),
                reason: format!("token realm: {reason}"),
            })?;
        if url.starts_with("http://") && !self.is_insecure(&host) && creds.is_some() {
            return Err(RegistryError::Protocol {
                registry: r.registry.clone(),
                detail: "the token realm is plain HTTP; refusing to send credentials (add --insecure-registry to allow it)".into(),
            });
        }
        let basic = creds.map(|c| c.basic_header());
        let a = self.send_url_with_retries(&url, "GET", basic.as_deref(), &r.registry, &host)?;
        match a.status {
            200..=299 => {}
            401 => {
                return Err(RegistryError::Unauthorized {
                    reference: shown.to_string(),
                    had_credentials: creds.is_some(),
                })
            }
            403 => {
                return Err(RegistryError::Forbidden {
                    reference: shown.to_string(),
                })
            }
            s => {
                return Err(RegistryError::Protocol {
                    registry: r.registry.clone(),
                    detail: format!("the token endpoint answered HTTP {s}"),
                })
            }
        }
        let v: serde_json::Value =
            serde_json::from_slice(&a.body).map_err(|_| RegistryError::Protocol {
                registry: r.registry.clone(),
                detail: "the token endpoint did not answer JSON".into(),
            })?;
        let token = v
            .get("token")
            .or_else(|| v.get("access_token"))
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| RegistryError::Protocol {
                registry: r.registry.clone(),
                detail: "the token endpoint answered without a token".into(),
            })?;
        Ok(format!("Bearer {token}"))
    }

    fn send_with_retries(
        &self,
        r: &Reference,
        method: &str,
        path: &str,
        auth: Option<&str>,
        shown: &str,
    ) -> Result<Answer, RegistryError> {
        let host = r.api_host().to_string();
        let insecure = self.is_insecure(&r.registry);
        let known = self
            .schemes
            .lock()
            .ok()
            .and_then(|s| s.get(&r.registry).copied());
        let schemes: Vec<&'static str> = match known {
            Some(s) => vec![s],
            None if insecure => vec!["https", "http"],
            None => vec!["https"],
        };
        let mut last_err = None;
        for scheme in schemes {
            let url = format!("{scheme}://{host}{path}");
            match self.send_url_with_retries(&url, method, auth, &r.registry, &host) {
                Ok(a) => {
                    if let Ok(mut s) = self.schemes.lock() {
                        s.insert(r.registry.clone(), scheme);
                    }
                    return Ok(a);
                }
                Err(e @ RegistryError::NotAllowed { .. }) => {
                    return Err(match e {
                        RegistryError::NotAllowed { reason, .. } => RegistryError::NotAllowed {
                            reference: shown.to_string(),
                            reason,
                        },
                        other => other,
                    })
                }
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or(RegistryError::Unreachable {
            registry: r.registry.clone(),
            detail: "no scheme to try".into(),
        }))
    }

    /// One logical request: retries on 429/5xx with backoff, follows up to
    /// five redirects (each target checked by the policy; credentials are
    /// not sent to another host).
    fn send_url_with_retries(
        &self,
        url: &str,
        method: &str,
        auth: Option<&str>,
        registry: &str,
        origin_host: &str,
    ) -> Result<Answer, RegistryError> {
        let mut url = url.to_string();
        let mut redirects = 0;
        let mut attempt = 0;
        loop {
            let host = url_host(&url).unwrap_or_default();
            let send_auth = if host == origin_host { auth } else { None };
            let verify =
                !(self.is_insecure(&host) || self.is_insecure(registry) && host == origin_host);
            let a = self.send_once(&url, method, send_auth, verify, registry)?;
            if matches!(a.status, 301 | 302 | 303 | 307 | 308) {
                let Some(loc) = a.headers.get("location") else {
                    return Ok(a);
                };
                redirects += 1;
                if redirects > 5 {
                    return Err(RegistryError::Protocol {
                        registry: registry.to_string(),
                        detail: "too many redirects".into(),
                    });
                }
                let next = absolute_url(&url, loc);
                let next_host = url_host(&next).unwrap_or_default();
                self.config
                    .policy
                    .connect_allowed(&next_host)
                    .map_err(|reason| RegistryError::NotAllowed {
                        reference: registry.to_string(),
                        reason: format!("redirect: {reason}"),
                    })?;
                url = next;
                continue;
            }
            let retryable = a.status == 429 || (500..600).contains(&a.status) && a.status != 501;
            if retryable && attempt < self.config.max_retries {
                let backoff = self.config.backoff * 2u32.pow(attempt);
                let wait = a
                    .headers
                    .get("retry-after")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| Duration::from_secs(s.min(10)))
                    .unwrap_or(backoff);
                std::thread::sleep(wait);
                attempt += 1;
                continue;
            }
            if retryable {
                return Err(RegistryError::Protocol {
                    registry: registry.to_string(),
                    detail: format!(
                        "HTTP {} after {} retries{}",
                        a.status,
                        attempt,
                        if a.status == 429 {
                            " (rate limited)"
                        } else {
                            ""
                        }
                    ),
                });
            }
            return Ok(a);
        }
    }

    fn send_once(
        &self,
        url: &str,
        method: &str,
        auth: Option<&str>,
        verify: bool,
        registry: &str,
    ) -> Result<Answer, RegistryError> {
        let agent = if verify {
            &self.verified
        } else {
            &self.unverified
        };
        let result = if method == "HEAD" {
            let mut req = agent.head(url).header("Accept", MANIFEST_ACCEPT);
            if let Some(a) = auth {
                req = req.header("Authorization", a);
            }
            req.call()
        } else {
            let mut req = agent.get(url).header("Accept", MANIFEST_ACCEPT);
            if let Some(a) = auth {
                req = req.header("Authorization", a);
            }
            req.call()
        };
        let mut resp = result.map_err(|e| transport_error(e, registry))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.as_str().to_ascii_lowercase(),
                    v.to_str().ok()?.to_string(),
                ))
            })
            .collect();
        let body = if method == "HEAD" {
            Vec::new()
        } else {
            resp.body_mut()
                .with_config()
                .limit(MAX_MANIFEST_BYTES)
                .read_to_vec()
                .map_err(|e| transport_error(e, registry))?
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

fn transport_error(e: ureq::Error, registry: &str) -> RegistryError {
    match e {
        ureq::Error::Timeout(_) => RegistryError::Timeout {
            registry: registry.to_string(),
        },
        ureq::Error::HostNotFound => RegistryError::Unreachable {
            registry: registry.to_string(),
            detail: "host not found".into(),
        },
        ureq::Error::ConnectionFailed => RegistryError::Unreachable {
            registry: registry.to_string(),
            detail: "connection failed".into(),
        },
        ureq::Error::Io(io) => RegistryError::Unreachable {
            registry: registry.to_string(),
            detail: io.to_string(),
        },
        ureq::Error::BodyExceedsLimit(n) => RegistryError::Protocol {
            registry: registry.to_string(),
            detail: format!("manifest larger than {n} bytes"),
        },
        other => {
            let detail = other.to_string();
            if detail.contains("certificate") || detail.to_ascii_lowercase().contains("tls") {
                RegistryError::Tls(format!(
                    "registry {registry}: {detail} (point SSL_CERT_FILE at the CA bundle that signed it, or use --insecure-registry {registry})"
                ))
            } else {
                RegistryError::Unreachable {
                    registry: registry.to_string(),
                    detail,
                }
            }
        }
    }
}

/// `https://host:port/path` → `host:port`.
fn url_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // never keep userinfo
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn absolute_url(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let scheme_end = base.find("://").map(|p| p + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|p| scheme_end + p)
        .unwrap_or(base.len());
    if location.starts_with('/') {
        format!("{}{}", &base[..host_end], location)
    } else {
        let dir_end = base
            .rfind('/')
            .filter(|&p| p >= host_end)
            .unwrap_or(host_end);
        format!("{}/{}", &base[..dir_end], location)
    }
}

/// Percent-encode a query value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            url_host("https://auth.docker.io/token?x=1").as_deref(),
            Some("auth.docker.io")
        );
        assert_eq!(
            url_host("http://u:p@127.0.0.1:5000/v2/").as_deref(),
            Some("127.0.0.1:5000")
        );
        assert_eq!(
            absolute_url("https://h:1/v2/a/manifests/t", "/v2/b"),
            "https://h:1/v2/b"
        );
        assert_eq!(encode("repository:a/b:pull"), "repository%3Aa%2Fb%3Apull");
    }

    #[test]
    fn unreachable_registry_is_a_clear_error() {
        // Port 9 (discard) on loopback: nothing listens in a test sandbox.
        let cfg = ClientConfig {
            insecure: vec!["127.0.0.1:9".into()],
            max_retries: 0,
            ca_file: None,
            ..ClientConfig::default()
        };
        let c = Client::new(cfg, DockerConfig::default()).unwrap();
        let r = Reference::parse("127.0.0.1:9/app:1").unwrap();
        let e = c.resolve_tag(&r).unwrap_err();
        assert!(
            matches!(
                e,
                RegistryError::Unreachable { .. } | RegistryError::Timeout { .. }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("127.0.0.1:9"), "{e}");
    }

    #[test]
    fn untrusted_policy_refuses_internal_hosts_before_connecting() {
        let cfg = ClientConfig {
            policy: Policy::untrusted(vec!["docker.io".into()]),
            ca_file: None,
            ..ClientConfig::default()
        };
        let c = Client::new(cfg, DockerConfig::default()).unwrap();
        let r = Reference::parse("10.0.0.5:5000/app:1").unwrap();
        let e = c.resolve_tag(&r).unwrap_err();
        assert!(matches!(e, RegistryError::NotAllowed { .. }), "{e:?}");
    }
}
