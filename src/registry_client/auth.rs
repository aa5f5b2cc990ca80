//! Credentials and auth challenges.
//!
//! Owns: reading `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`):
//! `auths` (`auth` = base64 `user:password`, or `username`/`password`),
//! `credHelpers` (per registry) and `credsStore` (default) through the
//! `docker-credential-<name> get` protocol; parsing `WWW-Authenticate`.
//! Credentials never reach `Display`/`Debug` output.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;

use super::reference::DOCKER_HUB;

/// A user name and a secret (password or token). `Debug` redacts the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({}, <redacted>)", self.username)
    }
}

impl Credentials {
    /// The value of an `Authorization: Basic` header.
    pub fn basic_header(&self) -> String {
        let raw = format!("{}:{}", self.username, self.secret);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }
}

/// Where credentials come from.
#[derive(Debug, Clone, Default)]
pub struct DockerConfig {
    /// Normalised registry host → credentials written inline.
    auths: HashMap<String, Credentials>,
    /// Normalised registry host → helper name.
    cred_helpers: HashMap<String, String>,
    creds_store: Option<String>,
    /// Where it was read from, for messages.
    pub path: Option<PathBuf>,
}

/// Why credentials could not be read. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfigError(pub String);

impl fmt::Display for AuthConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl DockerConfig {
    /// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("DOCKER_CONFIG") {
            return Some(PathBuf::from(d).join("config.json"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".docker/config.json"))
    }

    /// Read the default config; a missing file is an empty config.
    pub fn load_default() -> Result<DockerConfig, AuthConfigError> {
        match Self::default_path() {
            Some(p) if p.exists() => Self::load(&p),
            _ => Ok(DockerConfig::default()),
        }
    }

    pub fn load(path: &Path) -> Result<DockerConfig, AuthConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| AuthConfigError(format!("{}: cannot read: {e}", path.display())))?;
        let mut c = Self::parse(&text).map_err(|e| {
            AuthConfigError(format!("{}: not a Docker config file: {e}", path.display()))
        })?;
        c.path = Some(path.to_path_buf());
        Ok(c)
    }

    pub fn parse(text: &str) -> Result<DockerConfig, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut out = DockerConfig::default();
        if let Some(auths) = v.get("auths").and_then(|a| a.as_object()) {
            for (key, entry) in auths {
                let creds = if let Some(a) = entry.get("auth").and_then(|a| a.as_str()) {
                    let decoded = base64::engine::general_purpose::STANDARD
                        .decode(a.trim())
                        .map_err(|_| format!("auths.{key}.auth is not base64"))?;
                    let decoded = String::from_utf8(decoded)
                        .map_err(|_| format!("auths.{key}.auth is not UTF-8"))?;
                    decoded.split_once(':').map(|(u, p)| Credentials {
                        username: u.to_string(),
                        secret: p.to_string(),
                    })
                } else {
                    match (
                        entry.get("username").and_then(|u| u.as_str()),
                        entry.get("password").and_then(|p| p.as_str()),
                    ) {
                        (Some(u), Some(p)) => Some(Credentials {
                            username: u.to_string(),
                            secret: p.to_string(),
                        }),
                        _ => None,
                    }
                };
                if let Some(c) = creds.filter(|c| !c.username.is_empty() || !c.secret.is_empty()) {
                    out.auths.insert(normalize_server(key), c);
                }
            }
        }
        if let Some(h) = v.get("credHelpers").and_then(|a| a.as_object()) {
            for (key, helper) in h {
                if let Some(name) = helper.as_str() {
                    out.cred_helpers
                        .insert(normalize_server(key), name.to_string());
                }
            }
        }
        out.creds_store = v
            .get("credsStore")
            .and_then(|s| s.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Ok(out)
    }

    /// Credentials for `registry` (a normalised registry name such as
    /// `docker.io` or `host:5000`), asking a credential helper when one is
    /// configured. `Ok(None)` means anonymous.
    pub fn credentials_for(&self, registry: &str) -> Result<Option<Credentials>, AuthConfigError> {
        let key = normalize_server(registry);
        if let Some(helper) = self.cred_helpers.get(&key) {
            return helper_get(helper, &server_url_for_helper(registry));
        }
        if let Some(c) = self.auths.get(&key) {
            return Ok(Some(c.clone()));
        }
        if let Some(store) = &self.creds_store {
            return helper_get(store, &server_url_for_helper(registry));
        }
        Ok(None)
    }
}

/// `https://index.docker.io/v1/` → `docker.io`; `https://host:5000/` → `host:5000`.
pub fn normalize_server(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = s.split('/').next().unwrap_or(s).to_ascii_lowercase();
    match host.as_str() {
        "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com" => {
            DOCKER_HUB.to_string()
        }
        _ => host,
    }
}

/// Docker Hub's credentials are stored under its legacy v1 URL.
fn server_url_for_helper(registry: &str) -> String {
    if normalize_server(registry) == DOCKER_HUB {
        "https://index.docker.io/v1/".to_string()
    } else {
        registry.to_string()
    }
}

/// `docker-credential-<helper> get` with the server URL on stdin.
fn helper_get(helper: &str, server: &str) -> Result<Option<Credentials>, AuthConfigError> {
    if !helper
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(AuthConfigError(format!(
            "credential helper name `{helper}` is not valid"
        )));
    }
    let program = format!("docker-credential-{helper}");
    let mut child = Command::new(&program)
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| AuthConfigError(format!("cannot run credential helper `{program}`: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(server.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| AuthConfigError(format!("credential helper `{program}` failed: {e}")))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let msg = format!("{}{}", stdout, String::from_utf8_lossy(&out.stderr));
        if msg.to_ascii_lowercase().contains("credentials not found") {
            return Ok(None);
        }
        // The helper's own message never holds the secret it failed to find.
        return Err(AuthConfigError(format!(
            "credential helper `{program}` failed for {server}: {}",
            msg.trim()
        )));
    }
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).map_err(|_| {
        AuthConfigError(format!(
            "credential helper `{program}` printed something that is not JSON"
        ))
    })?;
    let username = v.get("Username").and_then(|u| u.as_str()).unwrap_or("");
    let secret = v.get("Secret").and_then(|u| u.as_str()).unwrap_or("");
    if secret.is_empty() {
        return Ok(None);
    }
    Ok(Some(Credentials {
        username: username.to_string(),
        secret: secret.to_string(),
    }))
}

/// A parsed `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    Bearer {
        realm: String,
        service: Option<String>,
        scope: Option<String>,
    },
    Basic,
    Other(String),
}

/// Parse `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
pub fn parse_challenge(header: &str) -> Challenge {
    let header = header.trim();
    let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Challenge::Basic;
    }
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Challenge::Other(scheme.to_string());
    }
    let params = parse_params(rest);
    Challenge::Bearer {
        realm: params.get("realm").cloned().unwrap_or_default(),
        service: params.get("service").cloned(),
        scope: params.get("scope").cloned(),
    }
}

/// `k="v", k2=v2` with quoted values that may hold commas.
fn parse_params(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i] == b',' || b[i].is_ascii_whitespace()) {
            i += 1;
        }
        let ks = i;
        while i < b.len() && b[i] != b'=' && b[i] != b',' {
            i += 1;
        }
        let key = s[ks..i].trim().to_ascii_lowercase();
        if i >= b.len() || b[i] != b'=' {
            continue;
        }
        i += 1;
        let value = if i < b.len() && b[i] == b'"' {
            i += 1;
            let mut v = String::new();
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    i += 1;
                }
                let ch = s[i..].chars().next().unwrap_or(' ');
                v.push(ch);
                i += ch.len_utf8();
            }
            i += 1;
            v
        } else {
            let vs = i;
            while i < b.len() && b[i] != b',' {
                i += 1;
            }
            s[vs..i].trim().to_string()
        };
        if !key.is_empty() {
            out.insert(key, value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges() {
        let c = parse_challenge(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push""#,
        );
        assert_eq!(
            c,
            Challenge::Bearer {
                realm: "https://auth.docker.io/token".into(),
                service: Some("registry.docker.io".into()),
                scope: Some("repository:library/nginx:pull,push".into()),
            }
        );
        assert_eq!(
            parse_challenge(r#"Basic realm="Registry""#),
            Challenge::Basic
        );
    }

    #[test]
    fn config_auths() {
        let cfg = DockerConfig::parse(
            r#"{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"},
                "localhost:5443":{"username":"u","password":"p"}}}"#,
        )
        .unwrap();
        let hub = cfg.credentials_for("docker.io").unwrap().unwrap();
        assert_eq!(hub.username, "user");
        assert_eq!(hub.secret, "pass");
        assert!(!format!("{hub:?}").contains("pass"));
        assert_eq!(
            cfg.credentials_for("localhost:5443")
                .unwrap()
                .unwrap()
                .secret,
            "p"
        );
        assert_eq!(cfg.credentials_for("ghcr.io").unwrap(), None);
    }

    #[test]
    fn missing_helper_is_a_clear_error() {
        let cfg = DockerConfig::parse(r#"{"credsStore":"dfix-test-no-such-helper"}"#).unwrap();
        let e = cfg.credentials_for("ghcr.io").unwrap_err();
        assert!(
            e.0.contains("docker-credential-dfix-test-no-such-helper"),
            "{e}"
        );
    }
}
