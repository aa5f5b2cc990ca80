//! `--pin-digests`: resolve every image reference of the inputs through
//! `registry_client` before the (pure) lint, so the pinning diagnostics and
//! fixes see a complete `DigestMap`. All or nothing: when any reference
//! cannot be resolved the run stops with exit code 2 before a file is
//! written.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use rayon::prelude::*;

use super::files::{self, Input};
use crate::pin::{self, DigestMap};
use crate::registry_client::{
    ClientConfig, Policy, Reference, RegistryError, Resolver, ResolverOptions, Source,
};
use crate::syntax::{line_index::ColumnUnit, LineIndex};

#[derive(Args, Debug, Clone, Default)]
pub struct RegistryArgs {
    /// Resolve image tags through their registries and pin them to digests (`image:tag@sha256:…`); checks pinned digests too.
    #[arg(long)]
    pub pin_digests: bool,
    /// With --pin-digests: answer from the digest cache only, never contact a registry.
    #[arg(long)]
    pub offline: bool,
    /// Reach this registry (`host` or `host:port`) over plain HTTP or HTTPS without certificate checks (repeatable).
    #[arg(long = "insecure-registry", value_name = "HOST")]
    pub insecure_registry: Vec<String>,
    /// Untrusted input: resolve only these registries (`host`, `host:port`, `*.domain`; comma-separated or repeated). Internal addresses are refused unless listed exactly.
    #[arg(long = "registry-allow", value_name = "HOST", value_delimiter = ',')]
    pub registry_allow: Option<Vec<String>>,
    /// With --pin-digests: seconds a cached digest stays fresh (default 86400).
    #[arg(long, value_name = "SECS")]
    pub digest_ttl: Option<u64>,
    /// The build context of the Dockerfiles checked (default: each Dockerfile's own directory).
    #[arg(long, value_name = "DIR")]
    pub build_context: Option<PathBuf>,
}

impl RegistryArgs {
    /// A usage error, if the flags do not fit together.
    pub fn usage_error(&self) -> Option<&'static str> {
        if !self.pin_digests
            && (self.offline
                || !self.insecure_registry.is_empty()
                || self.registry_allow.is_some()
                || self.digest_ttl.is_some())
        {
            return Some(
                "--offline, --insecure-registry, --registry-allow and --digest-ttl only apply with --pin-digests",
            );
        }
        None
    }
}

/// Resolve every reference of `inputs`. `Ok(None)` without --pin-digests;
/// `Err(())` after printing why resolution failed.
pub fn prepare(
    args: &RegistryArgs,
    inputs: &[Input],
    config: &crate::engine::LintConfig,
) -> Result<Option<Arc<DigestMap>>, ()> {
    if !args.pin_digests {
        return Ok(None);
    }
    let mut stderr = anstream::stderr();
    let policy = match &args.registry_allow {
        Some(list) => Policy::untrusted(list.clone()),
        None => Policy::trusted(),
    };
    let client_config = ClientConfig {
        insecure: args.insecure_registry.clone(),
        policy,
        timeout: Duration::from_secs(20),
        ..ClientConfig::default()
    };
    let options = ResolverOptions {
        offline: args.offline,
        ttl_secs: args
            .digest_ttl
            .unwrap_or(crate::registry_client::cache::DEFAULT_TTL_SECS),
    };
    let resolver = match Resolver::from_environment(client_config, options) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(stderr, "error: --pin-digests: {e}");
            return Err(());
        }
    };
    // Every site, with where it is, for messages.
    let mut tags: BTreeMap<String, (Reference, String)> = BTreeMap::new();
    let mut digests: BTreeMap<String, (Reference, String, String)> = BTreeMap::new();
    for input in inputs {
        let Ok(src) = files::read_source(input) else {
            continue; // reported by the lint pass
        };
        let (sites, skipped) = pin::image_sites(&src.text, src.kind);
        let sites = wanted_sites(&src.text, src.kind, sites, config);
        let idx = LineIndex::new(&src.text);
        let at = |o: usize| {
            let lc = idx.line_col(&src.text, o, ColumnUnit::Char);
            format!("{}:{}:{}", src.display, lc.line + 1, lc.col + 1)
        };
        for s in skipped {
            let _ = writeln!(
                stderr,
                "note: {}: `{}` is not pinned: {}",
                at(s.range.start),
                s.written,
                s.reason
            );
        }
        for s in sites {
            let r = s.reference.clone();
            let loc = at(s.report_range.start);
            if r.digest.is_none() || r.tag.is_some() {
                tags.entry(r.tag_key()).or_insert((r.clone(), loc.clone()));
            }
            if let Some(d) = &r.digest {
                digests
                    .entry(format!("{}@{d}", r.name()))
                    .or_insert((r.clone(), d.clone(), loc));
            }
        }
    }
    let tag_results: Vec<_> = tags
        .par_iter()
        .map(|(key, (r, loc))| (key.clone(), loc.clone(), resolver.resolve(r)))
        .collect();
    let digest_results: Vec<_> = digests
        .par_iter()
        .map(|(key, (r, d, loc))| (key.clone(), loc.clone(), resolver.digest_exists(r, d)))
        .collect();
    let mut map = DigestMap::default();
    let mut failures: Vec<(String, RegistryError)> = Vec::new();
    let (mut from_cache, mut from_registry) = (0, 0);
    for (key, loc, res) in tag_results {
        match res {
            Ok((resolved, source)) => {
                match source {
                    Source::Cache => from_cache += 1,
                    Source::Registry => from_registry += 1,
                }
                map.tags.insert(key, resolved);
            }
            Err(e) => failures.push((loc, e)),
        }
    }
    let mut missing = HashSet::new();
    for (key, loc, res) in digest_results {
        match res {
            Ok(Some(false)) => {
                missing.insert(key);
            }
            Ok(_) => {}
            Err(e) => failures.push((loc, e)),
        }
    }
    map.missing = missing;
    if let Err(e) = resolver.save_cache() {
        let _ = writeln!(stderr, "warning: cannot write the digest cache: {e}");
    }
    if !failures.is_empty() {
        failures.sort_by(|a, b| a.0.cmp(&b.0));
        for (loc, e) in &failures {
            let _ = writeln!(stderr, "error: {loc}: {e}");
        }
        let _ = writeln!(
            stderr,
            "error: --pin-digests: {} of {} image reference{} could not be resolved; no file was changed",
            failures.len(),
            tags.len() + digests.len(),
            if tags.len() + digests.len() == 1 { "" } else { "s" }
        );
        return Err(());
    }
    let _ = writeln!(
        stderr,
        "Resolved {} tag{} ({from_registry} from registries, {from_cache} from the cache{}), checked {} pinned digest{}.",
        tags.len(),
        if tags.len() == 1 { "" } else { "s" },
        if args.offline { ", offline" } else { "" },
        digests.len(),
        if digests.len() == 1 { "" } else { "s" },
    );
    Ok(Some(Arc::new(map)))
}

/// The sites whose pinning rules are enabled and not silenced by an inline
/// ignore (`# dfix: ignore[DF060]` above a `FROM`, …): those references
/// are not resolved at all, so a local-only image name cannot fail the run.
fn wanted_sites(
    text: &str,
    kind: crate::syntax::FileKind,
    sites: Vec<pin::ImageSite>,
    config: &crate::engine::LintConfig,
) -> Vec<pin::ImageSite> {
    use crate::engine::Diagnostic;
    let Some((unpinned, stale)) = pin::kind_rules(kind) else {
        return Vec::new();
    };
    sites
        .into_iter()
        .filter(|s| {
            let rule = if s.reference.digest.is_some() {
                stale
            } else {
                unpinned
            };
            if !config.enabled(rule) {
                return false;
            }
            let mut probe = vec![Diagnostic::new(rule, s.report_range.clone(), "")];
            crate::engine::ignore::apply_inline_ignores(text, kind, &mut probe, None);
            !probe.is_empty()
        })
        .collect()
}
