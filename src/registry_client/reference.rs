//! Image references, parsed and normalised the way Docker does it.
//!
//! `nginx` is `docker.io/library/nginx:latest`; `user/app` is
//! `docker.io/user/app`; the first path component is a registry host only
//! when it contains `.` or `:` or is `localhost`; `index.docker.io` is
//! `docker.io`; repository paths are lower case; tags are `[\w][\w.-]{0,127}`;
//! digests are `algorithm:hex` (sha256 is checked for 64 hex digits).

use std::fmt;

/// Docker Hub's canonical name.
pub const DOCKER_HUB: &str = "docker.io";
/// The host that serves Docker Hub's distribution API.
pub const DOCKER_HUB_API: &str = "registry-1.docker.io";

/// A normalised image reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// `docker.io`, `ghcr.io`, `127.0.0.1:5000` …
    pub registry: String,
    /// `library/nginx`, `org/app` …
    pub repository: String,
    pub tag: Option<String>,
    /// `sha256:…`
    pub digest: Option<String>,
}

/// Why a string is not an image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid image reference: {}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for ReferenceError {}

impl Reference {
    /// Parse `[registry/]path[:tag][@digest]`.
    pub fn parse(input: &str) -> Result<Reference, ReferenceError> {
        let err = |reason: &str| ReferenceError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let s = input.trim();
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s.contains(|c: char| c.is_whitespace() || c == '$' || c == '{' || c == '}') {
            return Err(err("it holds whitespace or an unresolved variable"));
        }
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => {
                check_digest(d).map_err(|e| err(&e))?;
                (r, Some(d.to_string()))
            }
            None => (s, None),
        };
        let last_slash = rest.rfind('/').map(|p| p + 1).unwrap_or(0);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(c) => (
                &rest[..last_slash + c],
                Some(rest[last_slash + c + 1..].to_string()),
            ),
            None => (rest, None),
        };
        if let Some(t) = &tag {
            if !valid_tag(t) {
                return Err(err(&format!(
                    "tag `{t}` must match [A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}}"
                )));
            }
        }
        if name.is_empty() {
            return Err(err("the repository name is empty"));
        }
        let (registry, path) = match name.split_once('/') {
            Some((first, remainder))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                (first.to_string(), remainder.to_string())
            }
            _ => (DOCKER_HUB.to_string(), name.to_string()),
        };
        let registry = if registry == "index.docker.io" {
            DOCKER_HUB.to_string()
        } else {
            registry
        };
        if !valid_host(&registry) {
            return Err(err(&format!("`{registry}` is not a valid registry host")));
        }
        let repository = if registry == DOCKER_HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path
        };
        for comp in repository.split('/') {
            if !valid_component(comp) {
                return Err(err(&format!(
                    "repository path component `{comp}` must be lower-case letters, digits and separators (`.`, `_`, `__`, `-`)"
                )));
            }
        }
        if registry.len() + 1 + repository.len() > 255 {
            return Err(err("the name is longer than 255 characters"));
        }
        Ok(Reference {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The tag, or `latest` when none is written.
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }

    /// The host (and port) that serves the distribution API.
    pub fn api_host(&self) -> &str {
        if self.registry == DOCKER_HUB {
            DOCKER_HUB_API
        } else {
            &self.registry
        }
    }

    /// `docker.io/library/nginx`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }

    /// The key a tag resolution is cached under: `docker.io/library/nginx:latest`.
    pub fn tag_key(&self) -> String {
        format!("{}:{}", self.name(), self.tag_or_latest())
    }

    /// The host part without a port.
    pub fn host_without_port(&self) -> &str {
        host_without_port(&self.registry)
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name())?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

/// `host:port` → `host`; `[::1]:5000` → `::1`.
pub fn host_without_port(registry: &str) -> &str {
    if let Some(rest) = registry.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match registry.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => h,
        _ => registry,
    }
}

/// Is `d` a well-formed digest (`sha256:` + 64 lower-case hex digits, or
/// another `algorithm:encoded`)?
pub fn check_digest(d: &str) -> Result<(), String> {
    let Some((alg, hex)) = d.split_once(':') else {
        return Err(format!("digest `{d}` lacks `algorithm:`"));
    };
    if alg.is_empty()
        || !alg
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c))
    {
        return Err(format!("digest algorithm `{alg}` is not valid"));
    }
    let ok = match alg {
        "sha256" => hex.len() == 64 && hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        "sha512" => hex.len() == 128 && hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        _ => {
            hex.len() >= 32
                && hex
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "=_-".contains(c))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("digest `{d}` has a malformed {alg} value"))
    }
}

fn valid_tag(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {}
        _ => return false,
    }
    t.len() <= 128 && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c))
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() {
        return false;
    }
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        // a separator run
        let s = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[s..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.chars().all(|x| x == '-');
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Reference {
        Reference::parse(s).unwrap()
    }

    #[test]
    fn docker_hub_defaults() {
        let r = p("nginx");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/nginx");
        assert_eq!(r.tag, None);
        assert_eq!(r.tag_key(), "docker.io/library/nginx:latest");
        assert_eq!(r.api_host(), "registry-1.docker.io");
        assert_eq!(p("user/app:1").repository, "user/app");
        assert_eq!(p("index.docker.io/library/nginx").registry, "docker.io");
        assert_eq!(p("docker.io/nginx").repository, "library/nginx");
    }

    #[test]
    fn registries_ports_tags_digests() {
        let d = format!("sha256:{}", "a".repeat(64));
        let r = p(&format!("localhost:5000/team/app:1.2@{d}"));
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some(d.as_str()));
        assert_eq!(r.host_without_port(), "localhost");
        let r = p("ghcr.io/org/tool");
        assert_eq!(r.registry, "ghcr.io");
        assert_eq!(p("localhost/app").registry, "localhost");
        assert_eq!(p("[::1]:5000/app").host_without_port(), "::1");
        assert_eq!(p(&format!("alpine@{d}")).tag, None);
    }

    #[test]
    fn rejects_bad_refs() {
        for bad in [
            "",
            "Nginx",
            "nginx:",
            "nginx:-bad",
            "nginx@sha256:abc",
            "nginx@md5",
            "a//b",
            "${BASE}",
            "ex ample",
            "nginx-",
        ] {
            assert!(Reference::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
