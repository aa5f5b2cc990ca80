//! # untrusted-registry (DF126)
//!
//! ## What it does
//! When trusted registries are configured (hadolint's `trustedRegistries`,
//! globs with `*` allowed), flags a `FROM` image from any other registry.
//! Images without a registry come from `docker.io`. Stage names, `scratch`
//! and images given by a build argument are not flagged.
//!
//! ## Why is this bad?
//! Pulling from an unvetted registry bypasses the organisation's image
//! scanning and mirrors, and a typo-squatted name can ship anything.
//!
//! ## Example
//! ```dockerfile
//! FROM randomuser/python:3.12
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM registry.example.com/python:3.12
//! ```
//!
//! ## Fix safety
//! No automatic fix: the mirrored image name is the organisation's choice.
//!
//! Same check as hadolint's `DL3026`.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF126",
        name: "untrusted-registry",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3026"],
        summary: "Base image from a registry outside the trusted list",
        source: include_str!("untrusted_registry.rs"),
    },
    check,
    scope: super::Scope::File,
};

/// The registry of an image reference; Docker Hub when none is given.
pub fn registry_of(image: &str) -> &str {
    match image.split_once('/') {
        Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => {
            first
        }
        _ => "docker.io",
    }
}

/// `*` matches any run of characters.
pub fn glob_match(pattern: &str, s: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern.eq_ignore_ascii_case(s),
        Some((head, tail)) => {
            s.len() >= head.len()
                && s[..head.len()].eq_ignore_ascii_case(head)
                && (head.len()..=s.len())
                    .any(|i| s.is_char_boundary(i) && glob_match(tail, &s[i..]))
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let trusted = &ctx.config.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    let mut stages: Vec<String> = Vec::new();
    for stage in ctx.stages() {
        if let Some((image, range)) = &stage.image {
            let lower = image.to_ascii_lowercase();
            if !(lower == "scratch" || image.contains('$') || stages.contains(&lower)) {
                let reg = registry_of(image);
                let ok = trusted.iter().any(|t| {
                    glob_match(t, reg)
                        || (reg == "docker.io" && (t == "hub.docker.com" || t == "index.docker.io"))
                });
                if !ok {
                    out.push(Diagnostic::new(
                        &RULE.meta,
                        range.clone(),
                        format!("`{image}` comes from `{reg}`, which is not a trusted registry"),
                    ));
                }
            }
        }
        if let Some(n) = &stage.name {
            stages.push(n.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{lint, LintConfig};

    fn codes(text: &str, trusted: &[&str]) -> usize {
        let config = LintConfig {
            select: Some(vec!["DF126".into()]),
            trusted_registries: trusted.iter().map(|s| s.to_string()).collect(),
            ..LintConfig::default()
        };
        lint(None, text, FileKind::Dockerfile, &config)
            .diagnostics
            .len()
    }

    #[test]
    fn trusted_registries() {
        let text = "FROM python:3.12 AS a\nFROM ghcr.io/x/y:1\nFROM a\nFROM $X\n";
        assert_eq!(codes(text, &[]), 0);
        assert_eq!(codes(text, &["docker.io"]), 1);
        assert_eq!(codes(text, &["*.io"]), 0);
        assert_eq!(codes(text, &["ghcr.io"]), 1);
        assert!(glob_match("*.example.com", "registry.example.com"));
        assert!(!glob_match("*.example.com", "example.org"));
    }
}
