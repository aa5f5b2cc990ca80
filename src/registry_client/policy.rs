//! Which registries may be contacted.
//!
//! Trusted input (your own files, `dfix --write --pin-digests`): every
//! registry. Untrusted input (`dfix review` on a pull request, or any run with
//! `--registry-allow`): only registries on the allow-list, and no host whose
//! addresses are loopback, private, link-local, unique-local or unspecified
//! unless that exact host is listed — so a pull request cannot make a bot
//! fetch internal hosts, also not through a token realm or a redirect.

use std::net::{IpAddr, ToSocketAddrs};

/// The policy for one run.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// `None`: every registry (trusted input). `Some`: only these
    /// (`host`, `host:port`, or `*.domain`).
    pub allow: Option<Vec<String>>,
}

impl Policy {
    pub fn trusted() -> Policy {
        Policy { allow: None }
    }

    /// Untrusted input: only `allow`, and no internal addresses unless the
    /// exact host is on the list.
    pub fn untrusted(allow: Vec<String>) -> Policy {
        Policy {
            allow: Some(allow.into_iter().map(|a| a.to_ascii_lowercase()).collect()),
        }
    }

    pub fn is_untrusted(&self) -> bool {
        self.allow.is_some()
    }

    /// May `registry` (the reference's registry name, e.g. `docker.io`) be
    /// resolved at all?
    pub fn registry_allowed(&self, registry: &str) -> Result<(), String> {
        let Some(allow) = &self.allow else {
            return Ok(());
        };
        let reg = registry.to_ascii_lowercase();
        if allow.iter().any(|a| pattern_matches(a, &reg)) {
            Ok(())
        } else {
            Err(format!(
                "registry `{registry}` is not on the allow-list (--registry-allow {})",
                if allow.is_empty() {
                    "is empty".to_string()
                } else {
                    allow.join(",")
                }
            ))
        }
    }

    /// May a connection go to `host_port` (any host dfix is about to contact:
    /// the registry, its token realm, a redirect target)?
    pub fn connect_allowed(&self, host_port: &str) -> Result<(), String> {
        let Some(allow) = &self.allow else {
            return Ok(());
        };
        let hp = host_port.to_ascii_lowercase();
        let host = super::reference::host_without_port(&hp).to_string();
        // An exact entry is the operator's explicit choice.
        if allow.iter().any(|a| *a == hp || *a == host) {
            return Ok(());
        }
        let addrs = resolve(&host, &hp)?;
        if let Some(bad) = addrs.iter().find(|ip| is_internal(ip)) {
            return Err(format!(
                "`{host}` resolves to the internal address {bad}; internal addresses are refused for untrusted input unless the exact host is on --registry-allow"
            ));
        }
        Ok(())
    }
}

fn resolve(host: &str, host_port: &str) -> Result<Vec<IpAddr>, String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    let with_port = if host_port.contains(':') && !host_port.ends_with(']') {
        host_port.to_string()
    } else {
        format!("{host}:443")
    };
    with_port
        .to_socket_addrs()
        .map(|it| it.map(|a| a.ip()).collect())
        .map_err(|e| format!("cannot resolve `{host}`: {e}"))
}

/// `*.example.com` matches `a.example.com` (not `example.com`); other
/// entries match exactly, with or without the port.
fn pattern_matches(pattern: &str, registry: &str) -> bool {
    if let Some(suffix) = pattern.strip_prefix("*.") {
        let host = super::reference::host_without_port(registry);
        return host.ends_with(&format!(".{suffix}"));
    }
    pattern == registry || pattern == super::reference::host_without_port(registry)
}

/// Loopback, private (RFC 1918), carrier-grade NAT, link-local,
/// unique-local, unspecified, multicast and documentation-free internal
/// ranges, also inside IPv4-mapped IPv6 addresses.
pub fn is_internal(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || o[0] == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(&IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_internal(&s.parse().unwrap()), "{s}");
        }
        for s in ["8.8.8.8", "2606:4700::1111", "172.32.0.1"] {
            assert!(!is_internal(&s.parse().unwrap()), "{s}");
        }
    }

    #[test]
    fn allow_list() {
        let p = Policy::untrusted(vec!["docker.io".into(), "*.example.com".into()]);
        assert!(p.registry_allowed("docker.io").is_ok());
        assert!(p.registry_allowed("r.example.com:5000").is_ok());
        assert!(p.registry_allowed("example.com").is_err());
        assert!(p.registry_allowed("127.0.0.1:5000").is_err());
        assert!(p.connect_allowed("127.0.0.1:5000").is_err());
        assert!(p.connect_allowed("169.254.169.254").is_err());
        let local = Policy::untrusted(vec!["127.0.0.1:5000".into()]);
        assert!(local.connect_allowed("127.0.0.1:5000").is_ok());
        assert!(Policy::trusted().connect_allowed("127.0.0.1:5000").is_ok());
    }
}
