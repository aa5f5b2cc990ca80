//! Image references, the OCI distribution client and the digest cache.
//!
//! Owns: parsing image references the way Docker does (`reference`),
//! talking to registries (`client`: auth, retries, TLS, redirects), the
//! credentials in `~/.docker/config.json` and credential helpers (`auth`),
//! which hosts may be contacted (`policy`), and the on-disk digest cache
//! with its TTL and offline mode (`cache`). `Resolver` ties them together.
//! Never touches: rules, edits or file text — the pinning layer
//! (`crate::pin`) turns resolved digests into edits without any IO.
//! This module and `cli` are the only places that talk to the network.

pub mod auth;
pub mod cache;
pub mod client;
pub mod policy;
pub mod reference;

use std::sync::Mutex;

pub use cache::DigestCache;
pub use client::{Client, ClientConfig, RegistryError, ResolvedDigest};
pub use policy::Policy;
pub use reference::{Reference, ReferenceError};

/// How a `Resolver` uses the cache and the network.
#[derive(Debug, Clone)]
pub struct ResolverOptions {
    /// Never contact a registry; answer from the cache whatever its age.
    pub offline: bool,
    /// Cache entries older than this are refreshed (online only).
    pub ttl_secs: u64,
}

impl Default for ResolverOptions {
    fn default() -> Self {
        ResolverOptions {
            offline: false,
            ttl_secs: cache::DEFAULT_TTL_SECS,
        }
    }
}

/// Where a resolution came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Registry,
    Cache,
}

/// Tag → digest through the cache, then the registry.
pub struct Resolver {
    client: Option<Client>,
    cache: Option<Mutex<DigestCache>>,
    options: ResolverOptions,
}

impl Resolver {
    /// `client` may be `None` only when `options.offline`.
    pub fn new(
        client: Option<Client>,
        cache: Option<DigestCache>,
        options: ResolverOptions,
    ) -> Resolver {
        Resolver {
            client,
            cache: cache.map(Mutex::new),
            options,
        }
    }

    pub fn options(&self) -> &ResolverOptions {
        &self.options
    }

    /// The current digest of `r`'s tag (or `latest`).
    pub fn resolve(&self, r: &Reference) -> Result<(ResolvedDigest, Source), RegistryError> {
        let key = r.tag_key();
        let ttl = (!self.options.offline).then_some(self.options.ttl_secs);
        if let Some(cache) = &self.cache {
            if let Ok(c) = cache.lock() {
                if let Some(e) = c.get(&key, ttl) {
                    return Ok((
                        ResolvedDigest {
                            digest: e.digest.clone(),
                            media_type: e.media_type.clone(),
                        },
                        Source::Cache,
                    ));
                }
            }
        }
        if self.options.offline {
            return Err(RegistryError::NotCached {
                reference: r.to_string(),
            });
        }
        let client = self
            .client
            .as_ref()
            .ok_or_else(|| RegistryError::NotCached {
                reference: r.to_string(),
            })?;
        let resolved = client.resolve_tag(r)?;
        if let Some(cache) = &self.cache {
            if let Ok(mut c) = cache.lock() {
                c.put(&key, &resolved.digest, &resolved.media_type);
            }
        }
        Ok((resolved, Source::Registry))
    }

    /// Does the registry still hold `digest` in `r`'s repository? Offline,
    /// a digest the cache knows for any tag of that repository counts;
    /// otherwise the answer is `None` (unknown).
    pub fn digest_exists(
        &self,
        r: &Reference,
        digest: &str,
    ) -> Result<Option<bool>, RegistryError> {
        if self.options.offline {
            return Ok(None);
        }
        match &self.client {
            Some(c) => c.digest_exists(r, digest).map(Some),
            None => Ok(None),
        }
    }

    /// Write the cache back.
    pub fn save_cache(&self) -> std::io::Result<()> {
        if let Some(cache) = &self.cache {
            if let Ok(mut c) = cache.lock() {
                return c.save();
            }
        }
        Ok(())
    }
}

impl Resolver {
    /// A resolver the way the CLI and the language server build one:
    /// credentials from `~/.docker/config.json`, the default cache
    /// directory, `client_config` for TLS, insecure hosts and the policy.
    pub fn from_environment(
        client_config: ClientConfig,
        options: ResolverOptions,
    ) -> Result<Resolver, RegistryError> {
        let client = if options.offline {
            None
        } else {
            let docker =
                auth::DockerConfig::load_default().map_err(|e| RegistryError::Credentials(e.0))?;
            Some(Client::new(client_config, docker)?)
        };
        let cache = DigestCache::default_dir().map(|d| DigestCache::open(&d));
        Ok(Resolver::new(client, cache, options))
    }

    /// The language server's "Pin to digest" action, resolved lazily
    /// (`codeAction/resolve`): the fix for the image reference at byte
    /// `offset` of `text`, or `None` when there is no pinnable reference
    /// there or it is pinned to the current digest already. Does network IO
    /// (or answers from the cache); call it off the main loop.
    pub fn pin_fix_at(
        &self,
        text: &str,
        kind: crate::syntax::FileKind,
        offset: usize,
    ) -> Result<Option<crate::engine::Fix>, RegistryError> {
        let Some(site) = crate::pin::site_at(text, kind, offset) else {
            return Ok(None);
        };
        let (resolved, _) = self.resolve(&site.reference)?;
        let _ = self.save_cache();
        let edits = crate::pin::pin_edits(&site, &resolved);
        if edits.is_empty() {
            return Ok(None);
        }
        let short = resolved.digest.get(..19).unwrap_or(&resolved.digest);
        let fix = if site.reference.digest.is_some() {
            crate::engine::Fix::unsafe_(format!("Update the digest to {short}…"), edits)
        } else {
            crate::engine::Fix::safe(format!("Pin `{}` to {short}…", site.written), edits)
        };
        Ok(Some(fix))
    }
}
