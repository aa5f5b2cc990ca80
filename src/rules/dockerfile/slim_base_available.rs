//! # slim-base-available (DF303)
//!
//! ## What it does
//! Reports a final stage built on the full Debian-based variant of an
//! image that publishes a `-slim` one: `python`, `node`, `ruby`, `perl`,
//! `rust`, `debian` (`python:3.12` → `python:3.12-slim`,
//! `python:3.12-bookworm` → `python:3.12-slim-bookworm`,
//! `node:20-bookworm` → `node:20-bookworm-slim`, `debian:bookworm` →
//! `debian:bookworm-slim`). Builder stages are left alone: they often need
//! the compilers the full image carries.
//!
//! ## Why is this bad?
//! The full variants carry compilers, headers and documentation: hundreds
//! of megabytes more to pull on every node and many more packages for
//! scanners to flag.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! ```
//!
//! ## Fix safety
//! A suggestion only, never applied automatically: the slim image lacks
//! packages (gcc, git, headers) that a later `RUN` may need.

use super::util::ImageRef;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF303",
        name: "slim-base-available",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Always,
        aliases: &[],
        summary: "Final stage on a full base image that has a `-slim` variant",
        source: include_str!("slim_base_available.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let stages = ctx.stages();
    let Some(last) = stages.last() else {
        return;
    };
    let Some((image, range)) = &last.image else {
        return;
    };
    if image.contains('$') || image.contains('@') {
        return;
    }
    let r = ImageRef::parse(image);
    let short = r.short_name();
    // Only official images (`python`, `library/python`, `docker.io/…`).
    let official = matches!(
        r.name.to_ascii_lowercase().as_str(),
        n if n == short
            || n == format!("library/{short}")
            || n == format!("docker.io/library/{short}")
    );
    if !official {
        return;
    }
    let tag = r.tag.clone().unwrap_or_else(|| "latest".into());
    let Some(slim) = slim_tag(&short, &tag) else {
        return;
    };
    let tag_range = match &r.tag {
        Some(t) => range.end - t.len()..range.end,
        None => range.end..range.end,
    };
    let replacement = if r.tag.is_some() {
        slim.clone()
    } else {
        format!(":{slim}")
    };
    out.push(
        Diagnostic::new(
            &RULE.meta,
            range.clone(),
            format!("`{image}` is the full image; `{short}:{slim}` is much smaller"),
        )
        .with_fix(Fix::suggestion(
            format!("Use `{short}:{slim}`"),
            vec![Edit::replace(tag_range, replacement)],
        )),
    );
}

const DEBIAN_CODENAMES: &[&str] = &["trixie", "bookworm", "bullseye", "buster"];

/// The slim tag for `image:tag`, if that image publishes one.
fn slim_tag(image: &str, tag: &str) -> Option<String> {
    let t = tag.to_ascii_lowercase();
    if [
        "slim",
        "alpine",
        "windows",
        "nanoserver",
        "servercore",
        "stretch",
        "jessie",
    ]
    .iter()
    .any(|x| t.contains(x))
    {
        return None;
    }
    match image {
        "debian" => {
            if t == "latest"
                || DEBIAN_CODENAMES.contains(&t.as_str())
                || t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            {
                Some(if t == "latest" {
                    "stable-slim".into()
                } else {
                    format!("{tag}-slim")
                })
            } else {
                None
            }
        }
        "python" | "ruby" | "perl" | "rust" | "node" => {
            if t == "latest" {
                return Some("slim".into());
            }
            // Version first (`3.12`, `20`), then an optional codename.
            let (version, codename) = match t.split_once('-') {
                Some((v, c)) if DEBIAN_CODENAMES.contains(&c) => (v, Some(c)),
                Some(_) => return None,
                None if DEBIAN_CODENAMES.contains(&t.as_str()) => return None,
                None => (t.as_str(), None),
            };
            if !version.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !matches!(version, "lts" | "current")
            {
                return None;
            }
            let v = &tag[..version.len()];
            Some(match (image, codename) {
                (_, None) => format!("{v}-slim"),
                ("node", Some(c)) => format!("{v}-{c}-slim"),
                (_, Some(c)) => format!("{v}-slim-{c}"),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::slim_tag;

    #[test]
    fn tags() {
        assert_eq!(slim_tag("python", "3.12").as_deref(), Some("3.12-slim"));
        assert_eq!(
            slim_tag("python", "3.12-bookworm").as_deref(),
            Some("3.12-slim-bookworm")
        );
        assert_eq!(
            slim_tag("node", "20-bookworm").as_deref(),
            Some("20-bookworm-slim")
        );
        assert_eq!(
            slim_tag("debian", "bookworm").as_deref(),
            Some("bookworm-slim")
        );
        assert_eq!(slim_tag("python", "3.12-alpine"), None);
        assert_eq!(slim_tag("python", "3.12-slim"), None);
        assert_eq!(slim_tag("golang", "1.22"), None);
    }
}
