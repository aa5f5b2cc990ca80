//! # secrets-used-in-arg-or-env (DF212)
//!
//! ## What it does
//! Flags an `ARG` or `ENV` whose name contains a secret-like word as a
//! whole `_`-separated part: `password`, `passwd`, `pword`, `secret`,
//! `token`, `key`, `apikey`, `auth`, `credential(s)` (a `public` part, as
//! in `PUBLIC_KEY`, clears it), e.g. `AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`.
//! Unlike BuildKit, a `gpg` or `pgp` part clears it too: `GPG_KEYS` in the
//! official images lists public key fingerprints, and flagging it in
//! thousands of Dockerfiles only teaches users to ignore the rule.
//!
//! ## Why is this bad?
//! ARG values are recorded in the image history and ENV values in the
//! image config: anyone who can pull the image can read them.
//!
//! ## Example
//! ```dockerfile
//! ARG NPM_TOKEN
//! RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
//!     echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
//! ```
//!
//! ## Fix safety
//! No fix: the build command has to pass the secret (`--secret id=…`), which
//! the Dockerfile cannot do for it.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF212",
        name: "secrets-used-in-arg-or-env",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["buildkit/SecretsUsedInArgOrEnv"],
        summary: "`ARG`/`ENV` whose name says it holds a secret",
        source: include_str!("secrets_used_in_arg_or_env.rs"),
    },
    check,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "ARG" && ins.keyword != "ENV" {
            continue;
        }
        for (name, range) in keys(ctx, ins) {
            if is_secret_name(name) {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    range,
                    format!(
                        "`{}` {name} looks like a secret: it is stored in the image; use `RUN --mount=type=secret` instead",
                        ins.keyword
                    ),
                ));
            }
        }
    }
}

/// The keys an ARG or ENV defines, with their ranges (legacy `ENV k v`
/// defines only its first word).
pub fn keys<'t>(
    ctx: &Context<'t>,
    ins: &crate::syntax::dockerfile::Instruction,
) -> Vec<(&'t str, std::ops::Range<usize>)> {
    let ws = words(ctx.text, ins.args_range.clone());
    let legacy = ins.keyword == "ENV" && ws.first().is_some_and(|(w, _)| !w.contains('='));
    let ws = if legacy {
        &ws[..ws.len().min(1)]
    } else {
        &ws[..]
    };
    ws.iter()
        .map(|(w, r)| {
            let k = w.split('=').next().unwrap_or(w);
            (k, r.start..r.start + k.len())
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// BuildKit's test: a secret word as a whole `_`-separated part, and no
/// `public` part; dfix also clears `gpg`/`pgp` parts (`GPG_KEYS` holds
/// public key fingerprints in most official images).
pub fn is_secret_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "apikey",
        "auth",
        "credential",
        "credentials",
        "key",
        "password",
        "pword",
        "passwd",
        "secret",
        "token",
    ];
    let parts: Vec<String> = name.split('_').map(str::to_ascii_lowercase).collect();
    parts.iter().any(|p| WORDS.contains(&p.as_str()))
        && !parts
            .iter()
            .any(|p| matches!(p.as_str(), "public" | "gpg" | "pgp"))
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn names() {
        assert!(is_secret_name("AWS_SECRET_ACCESS_KEY"));
        assert!(is_secret_name("github_token"));
        assert!(is_secret_name("PASSWORD"));
        assert!(!is_secret_name("PUBLIC_KEY"));
        assert!(!is_secret_name("GPG_KEY"));
        assert!(!is_secret_name("KEYCLOAK_VERSION"));
        assert!(!is_secret_name("TOKENIZER"));
    }
}
