//! # secret-literal-value (DF307)
//!
//! ## What it does
//! Flags an `ARG` default or `ENV` value that has the shape of a real
//! credential: AWS access key ids (`AKIA…`), GitHub (`ghp_…`,
//! `github_pat_…`), GitLab (`glpat-…`), Slack (`xox?-…`), Stripe
//! (`sk_live_…`), Google API keys (`AIza…`), npm tokens (`npm_…`), private
//! key blocks, and URLs with a password (`scheme://user:pass@host`).
//!
//! ## Why is this bad?
//! The value is in the Dockerfile (so in git) and in the image config or
//! history, readable by anyone who can pull the image. It has to be
//! rotated.
//!
//! ## Example
//! ```dockerfile
//! ENV GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch-deps.sh
//! ```
//!
//! ## Fix safety
//! No fix: the secret must be revoked and passed at build time
//! (`docker build --secret id=github_token,env=GITHUB_TOKEN`).

use super::util::{unquote, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF307",
        name: "secret-literal-value",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &[],
        summary: "`ARG`/`ENV` value that looks like a real credential",
        source: include_str!("secret_literal_value.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "ARG" && ins.keyword != "ENV" {
            continue;
        }
        let ws = words(ctx.text, ins.args_range.clone());
        let legacy = ins.keyword == "ENV" && ws.first().is_some_and(|(w, _)| !w.contains('='));
        let values: Vec<(String, std::ops::Range<usize>)> = if legacy {
            match (ws.get(1), ws.last()) {
                (Some((_, a)), Some((_, b))) => {
                    vec![(ctx.text[a.start..b.end].to_string(), a.start..b.end)]
                }
                _ => Vec::new(),
            }
        } else {
            ws.iter()
                .filter_map(|(w, r)| {
                    let eq = w.find('=')?;
                    Some((unquote(&w[eq + 1..]), r.start + eq + 1..r.end))
                })
                .collect()
        };
        for (value, range) in values {
            if let Some(kind) = credential_kind(&value) {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!(
                        "this {} value looks like {kind}: it is readable in the image; revoke it and pass it with `RUN --mount=type=secret`",
                        ins.keyword
                    ),
                ));
            }
        }
    }
}

/// What kind of credential `v` looks like, if any.
pub fn credential_kind(v: &str) -> Option<&'static str> {
    let alnum =
        |s: &str, n: usize| s.len() >= n && s[..n].bytes().all(|b| b.is_ascii_alphanumeric());
    let token_chars = |s: &str, n: usize| {
        s.len() >= n
            && s[..n]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    for word in v.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',') {
        for prefix in ["AKIA", "ASIA"] {
            if let Some(rest) = word.strip_prefix(prefix) {
                if rest.len() >= 16
                    && rest[..16]
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    return Some("an AWS access key id");
                }
            }
        }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            if word.strip_prefix(prefix).is_some_and(|r| alnum(r, 36)) {
                return Some("a GitHub token");
            }
        }
        if word
            .strip_prefix("github_pat_")
            .is_some_and(|r| token_chars(r, 40))
        {
            return Some("a GitHub token");
        }
        if word
            .strip_prefix("glpat-")
            .is_some_and(|r| token_chars(r, 20))
        {
            return Some("a GitLab token");
        }
        if ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|r| token_chars(r, 10)))
        {
            return Some("a Slack token");
        }
        if ["sk_live_", "rk_live_"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|r| alnum(r, 16)))
        {
            return Some("a Stripe live key");
        }
        if word
            .strip_prefix("AIza")
            .is_some_and(|r| token_chars(r, 35))
        {
            return Some("a Google API key");
        }
        if word.strip_prefix("npm_").is_some_and(|r| alnum(r, 36)) {
            return Some("an npm token");
        }
        if let Some((scheme, rest)) = word.split_once("://") {
            let userinfo = rest.split(['/', '?', '#']).next().unwrap_or("");
            if !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+')
            {
                if let Some((creds, _host)) = userinfo.rsplit_once('@') {
                    if let Some((_, pass)) = creds.split_once(':') {
                        if !pass.is_empty() && !pass.contains('$') {
                            return Some("a URL with a password");
                        }
                    }
                }
            }
        }
    }
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::credential_kind;

    #[test]
    fn kinds() {
        assert_eq!(
            credential_kind("AKIAIOSFODNN7EXAMPLE"),
            Some("an AWS access key id")
        );
        assert_eq!(
            credential_kind("postgres://app:s3cret@db:5432/app"),
            Some("a URL with a password")
        );
        assert_eq!(
            credential_kind("postgres://app:${DB_PASSWORD}@db/app"),
            None
        );
        assert_eq!(credential_kind("https://example.com/x"), None);
        assert_eq!(credential_kind("3.12"), None);
    }
}
