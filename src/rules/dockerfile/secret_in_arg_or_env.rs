//! # secret-in-arg-or-env (DF164)
//!
//! ## What it does
//! Flags an `ARG` or `ENV` whose name is a well-known credential variable
//! (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, `NPM_TOKEN`, …) or contains
//! `password`, `secret`, `token`, `api_key`, `client_key`, `private` or
//! `username`.
//!
//! ## Why is this bad?
//! `ENV` values are stored in the image config and `ARG` values in the
//! build history: anyone who can pull the image can read them.
//!
//! ## Example
//! ```dockerfile
//! ARG NPM_TOKEN
//! RUN npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
//! ```
//!
//! ## Fix safety
//! No automatic fix: moving to a secret mount changes how the build is invoked.
//!
//! Same check as hadolint's `DL3064`.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF164",
        name: "secret-in-arg-or-env",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3064", "buildkit/SecretsUsedInArgOrEnv"],
        summary: "Secret-looking name in `ARG` or `ENV`",
        source: include_str!("secret_in_arg_or_env.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

const KNOWN: &[&str] = &[
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];
const SUSPICIOUS: &[&str] = &[
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

pub fn is_sensitive(name: &str) -> bool {
    // Case-insensitive without allocating (this runs on every keystroke).
    let n = name.as_bytes();
    KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name))
        || SUSPICIOUS.iter().any(|s| {
            n.windows(s.len())
                .any(|w| w.eq_ignore_ascii_case(s.as_bytes()))
        })
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let kw = ins.keyword.as_str();
        if kw != "ARG" && kw != "ENV" {
            continue;
        }
        let ws = words(ctx.text, ins.args_range.clone());
        let legacy_env = kw == "ENV" && ws.first().is_some_and(|(w, _)| !w.contains('='));
        for (i, (w, r)) in ws.iter().enumerate() {
            if legacy_env && i > 0 {
                break;
            }
            let name = w.split('=').next().unwrap_or(w);
            if is_sensitive(name) {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    r.start..r.start + name.len(),
                    format!("`{kw} {name}` looks like a secret: its value stays readable in the image; use a secret mount"),
                ));
            }
        }
    }
}
