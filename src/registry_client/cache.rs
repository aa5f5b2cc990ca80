//! The digest cache on disk.
//!
//! One JSON file, `digests.json`, in `$DFIX_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/dfix`, else `~/.cache/dfix`. Keys are tag references
//! (`docker.io/library/nginx:1.27`); values hold the digest, its media type
//! and when it was resolved. Entries older than the TTL are refreshed from
//! the registry; `--offline` uses them whatever their age. Writes are atomic
//! (temp file + rename). A corrupt cache file is ignored, never fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Default time to live: one day.
pub const DEFAULT_TTL_SECS: u64 = 24 * 60 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    pub digest: String,
    pub media_type: String,
    /// Unix seconds.
    pub resolved_at: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

/// The cache, loaded in memory; `save` writes it back.
#[derive(Debug)]
pub struct DigestCache {
    path: PathBuf,
    file: CacheFile,
    dirty: bool,
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl DigestCache {
    /// The default cache directory.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("DFIX_CACHE_DIR").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(d));
        }
        if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(d).join("dfix"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/dfix"))
    }

    /// Open the cache in `dir` (a missing or unreadable file is an empty cache).
    pub fn open(dir: &Path) -> DigestCache {
        let path = dir.join("digests.json");
        let file = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<CacheFile>(&t).ok())
            .filter(|f| f.version == 1)
            .unwrap_or(CacheFile {
                version: 1,
                entries: BTreeMap::new(),
            });
        DigestCache {
            path,
            file,
            dirty: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The entry for `key` if it is younger than `ttl_secs` (any age when
    /// `ttl_secs` is `None`, none when it is `Some(0)`).
    pub fn get(&self, key: &str, ttl_secs: Option<u64>) -> Option<&CacheEntry> {
        let e = self.file.entries.get(key)?;
        match ttl_secs {
            // A TTL of 0 means "never from the cache" (timestamps are whole
            // seconds: an entry written this second has age 0).
            Some(ttl) if ttl == 0 || now_secs().saturating_sub(e.resolved_at) > ttl => None,
            _ => Some(e),
        }
    }

    pub fn put(&mut self, key: &str, digest: &str, media_type: &str) {
        self.file.entries.insert(
            key.to_string(),
            CacheEntry {
                digest: digest.to_string(),
                media_type: media_type.to_string(),
                resolved_at: now_secs(),
            },
        );
        self.dirty = true;
    }

    pub fn len(&self) -> usize {
        self.file.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.file.entries.is_empty()
    }

    /// Write the cache back if it changed (atomically).
    pub fn save(&mut self) -> std::io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let text = serde_json::to_string_pretty(&self.file).map_err(std::io::Error::other)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, text.as_bytes())?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        self.dirty = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_ttl() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = DigestCache::open(dir.path());
        assert!(c.is_empty());
        c.put("docker.io/library/nginx:1", "sha256:x", "m");
        c.save().unwrap();
        let c2 = DigestCache::open(dir.path());
        assert_eq!(
            c2.get("docker.io/library/nginx:1", Some(60))
                .map(|e| e.digest.as_str()),
            Some("sha256:x")
        );
        // TTL 0: never from the cache, even for an entry written this second.
        assert!(c2.get("docker.io/library/nginx:1", Some(0)).is_none());
        let mut old = DigestCache::open(dir.path());
        old.file
            .entries
            .get_mut("docker.io/library/nginx:1")
            .unwrap()
            .resolved_at = 0;
        assert!(old.get("docker.io/library/nginx:1", Some(60)).is_none());
        assert!(old.get("docker.io/library/nginx:1", None).is_some());
        std::fs::write(dir.path().join("digests.json"), "not json").unwrap();
        assert!(DigestCache::open(dir.path()).is_empty());
    }
}
