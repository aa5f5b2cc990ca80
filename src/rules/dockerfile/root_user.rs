//! # root-user (DF020)
//!
//! ## What it does
//! Flags a final stage that never switches to a non-root `USER`, or whose
//! last `USER` is `root` / `0`. Windows images and bases known to run as
//! non-root (distroless `:nonroot`, Chainguard) are not flagged.
//!
//! ## Why is this bad?
//! The application runs as UID 0. A container escape (a kernel bug, a
//! mounted `/var/run/docker.sock`, a writable hostPath) then hands the
//! attacker root on the node. Kubernetes `runAsNonRoot: true` also refuses
//! to start such an image.
//!
//! ## Example
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN pip install --no-cache-dir flask
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN pip install --no-cache-dir flask
//! RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --create-home app
//! USER 10001:10001
//! CMD ["python", "app.py"]
//! ```
//!
//! ## Fix safety
//! Unsafe: the app may need to write to root-owned paths or bind ports
//! below 1024. The fix inserts the user after the last RUN of the stage
//! (the last step that needs root), creating it the way the base image
//! needs: `useradd` on Debian/Ubuntu/RHEL families, `adduser -D` on Alpine,
//! the built-in `node` user on Node images, UID 65532 (`nonroot`) on
//! distroless and `scratch`, and a bare numeric UID when the base is unknown.
//! A numeric UID lets Kubernetes verify `runAsNonRoot`.

use super::util::{substitute, words, ImageRef};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF020",
        name: "root-user",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3002", "checkov/CKV_DOCKER_3"],
        summary: "The final stage runs as root",
        source: include_str!("root_user.rs"),
    },
    check,
    scope: super::Scope::File,
};

/// The family of a base image, which decides how a user is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Debian,
    RedHat,
    Alpine,
    Node,
    /// No shell: distroless, scratch.
    Distroless,
    /// Already non-root by default.
    NonRoot,
    Windows,
    Unknown,
}

fn family(image: &str) -> Family {
    let lower = image.to_ascii_lowercase();
    if lower == "scratch" {
        return Family::Distroless;
    }
    let r = ImageRef::parse(&lower);
    let tag = r.tag.clone().unwrap_or_default();
    let name = r.name.as_str();
    let short = r.short_name();
    if name.contains("windows")
        || name.contains("nanoserver")
        || name.contains("servercore")
        || tag.contains("windowsservercore")
        || tag.contains("nanoserver")
    {
        return Family::Windows;
    }
    if name.starts_with("cgr.dev/") || (name.contains("distroless") && tag.contains("nonroot")) {
        return Family::NonRoot;
    }
    if name.contains("distroless") {
        return Family::Distroless;
    }
    if short == "node" {
        return Family::Node;
    }
    if short == "alpine" || tag.contains("alpine") {
        return Family::Alpine;
    }
    const DEBIAN: &[&str] = &[
        "debian",
        "ubuntu",
        "python",
        "ruby",
        "golang",
        "rust",
        "php",
        "openjdk",
        "eclipse-temurin",
        "maven",
        "gradle",
        "buildpack-deps",
        "perl",
        "elixir",
        "erlang",
        "haskell",
        "julia",
        "r-base",
        "swift",
        "clojure",
        "dart",
        "gcc",
        "nginx",
        "httpd",
        "tomcat",
        "jetty",
        "postgres",
        "mysql",
        "redis",
        "mongo",
        "bitnami",
    ];
    const REDHAT: &[&str] = &[
        "centos",
        "fedora",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "oraclelinux",
        "ubi8",
        "ubi9",
        "ubi",
        "ubi-minimal",
    ];
    if DEBIAN.contains(&short.as_str()) {
        return Family::Debian;
    }
    if REDHAT.contains(&short.as_str()) || name.contains("redhat") {
        return Family::RedHat;
    }
    Family::Unknown
}

fn is_root(user: &str) -> bool {
    let u = user.split(':').next().unwrap_or(user).trim();
    u == "root" || u == "0"
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let stages = ctx.stages();
    let Some(last) = stages.last() else { return };
    let ins = ctx.instructions();
    let args = ctx.global_args();

    // Resolve the base through earlier stages: their last USER is inherited.
    let mut base = last
        .image
        .as_ref()
        .map(|(w, _)| substitute(w, &args).unwrap_or_else(|| w.clone()));
    let mut inherited_user: Option<String> = None;
    let mut hops = 0;
    while let Some(b) = base.clone() {
        let Some(parent) = stages[..stages.len() - 1]
            .iter()
            .rev()
            .find(|s| s.name.as_deref() == Some(&b.to_ascii_lowercase()))
        else {
            break;
        };
        if inherited_user.is_none() {
            inherited_user = last_user(ctx, parent.from, parent.end).map(|(u, _)| u);
        }
        base = parent
            .image
            .as_ref()
            .map(|(w, _)| substitute(w, &args).unwrap_or_else(|| w.clone()));
        hops += 1;
        if hops > stages.len() {
            return;
        }
    }
    let base = base.unwrap_or_default();
    let own_last = last_user(ctx, last.from + 1, last.end);
    // An explicit `USER root` is reported whatever the base; an unknown
    // (ARG-driven) base may well set its own non-root user.
    if base.contains('$') && !own_last.as_ref().is_some_and(|(u, _)| is_root(u)) {
        return;
    }
    let fam = family(&base);
    if matches!(fam, Family::Windows) {
        return;
    }
    let (user_value, user_idx) = match &own_last {
        Some((u, i)) => (Some(u.clone()), Some(*i)),
        None => (inherited_user.clone(), None),
    };
    match &user_value {
        Some(u) if !is_root(u) => return,
        None if fam == Family::NonRoot => return,
        _ => {}
    }
    // Diagnostic range: the USER root instruction, or the final FROM.
    let (range, message) = match user_idx {
        Some(i) => (
            ins[i].range.clone(),
            "the last USER of the final stage is root: the app runs as UID 0".to_string(),
        ),
        None => (
            ins[last.from].range.clone(),
            "the final stage never switches to a non-root USER: the app runs as UID 0".to_string(),
        ),
    };
    // Place the switch after the last RUN (the last step that needs root),
    // or right after the USER root / FROM when no RUN follows.
    let from = user_idx.unwrap_or(last.from);
    let anchor = (from..last.end)
        .rev()
        .find(|&i| ins[i].keyword == "RUN")
        .unwrap_or(from);
    let at = ins[anchor].range.end;
    let nl = ctx.newline;
    // A non-root user set earlier in the stage is reused.
    let earlier_non_root = (last.from + 1..from)
        .rev()
        .filter(|&i| ins[i].keyword == "USER")
        .map(|i| user_text(ctx, i))
        .find(|u| !is_root(u));
    let (lines, title) = if let Some(u) = earlier_non_root {
        (
            vec![format!("USER {u}")],
            format!("Switch back to USER {u} after the last RUN"),
        )
    } else {
        match fam {
            Family::Debian | Family::RedHat => (
                vec![
                    "RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --create-home app".to_string(),
                    "USER 10001:10001".to_string(),
                ],
                "Create user `app` (uid 10001) with useradd and switch to it".to_string(),
            ),
            Family::Alpine => (
                vec![
                    "RUN addgroup -S -g 10001 app && adduser -S -D -u 10001 -G app app".to_string(),
                    "USER 10001:10001".to_string(),
                ],
                "Create user `app` (uid 10001) with adduser and switch to it".to_string(),
            ),
            Family::Node => (vec!["USER node".to_string()], "Switch to the image's `node` user".to_string()),
            Family::Distroless | Family::NonRoot => (
                vec!["USER 65532:65532".to_string()],
                "Switch to the `nonroot` user (uid 65532)".to_string(),
            ),
            Family::Unknown | Family::Windows => (
                vec!["USER 10001:10001".to_string()],
                "Switch to uid 10001 (no user entry is created: the base image is unknown)".to_string(),
            ),
        }
    };
    let content: String = lines.iter().map(|l| format!("{nl}{l}")).collect();
    out.push(
        Diagnostic::new(&RULE.meta, range, message)
            .with_fix(Fix::unsafe_(title, vec![Edit::insert(at, content)])),
    );
}

fn user_text(ctx: &Context, idx: usize) -> String {
    words(ctx.text, ctx.instructions()[idx].args_range.clone())
        .first()
        .map(|(w, _)| w.to_string())
        .unwrap_or_default()
}

/// The last USER in instructions `from..end`, with its index.
fn last_user(ctx: &Context, from: usize, end: usize) -> Option<(String, usize)> {
    (from..end)
        .rev()
        .find(|&i| ctx.instructions()[i].keyword == "USER")
        .map(|i| (user_text(ctx, i), i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        assert_eq!(family("python:3.12-slim"), Family::Debian);
        assert_eq!(family("python:3.12-alpine"), Family::Alpine);
        assert_eq!(family("node:20"), Family::Node);
        assert_eq!(
            family("gcr.io/distroless/static-debian12"),
            Family::Distroless
        );
        assert_eq!(
            family("gcr.io/distroless/static-debian12:nonroot"),
            Family::NonRoot
        );
        assert_eq!(
            family("mcr.microsoft.com/windows/servercore:ltsc2022"),
            Family::Windows
        );
        assert_eq!(family("registry.example.com/base"), Family::Unknown);
    }
}
