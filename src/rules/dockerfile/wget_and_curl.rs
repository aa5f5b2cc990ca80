//! # wget-and-curl (DF171)
//!
//! ## What it does
//! Flags a file that uses both `wget` and `curl` in its RUN instructions:
//! every use of either tool once the other one has appeared is reported.
//!
//! ## Why is this bad?
//! Two download tools do the same job: installing both grows the image, and
//! two sets of flags, proxies and TLS settings have to be kept right.
//!
//! ## Example
//! ```dockerfile
//! RUN wget -q https://example.com/a
//! RUN curl -fsSLO https://example.com/b
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN curl -fsSLO https://example.com/a
//! RUN curl -fsSLO https://example.com/b
//! ```
//!
//! ## Fix safety
//! No automatic fix: rewriting wget flags into curl flags is not mechanical.
//!
//! Same check as hadolint's `DL4001`.

use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF171",
        name: "wget-and-curl",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL4001"],
        summary: "Both `wget` and `curl` used",
        source: include_str!("wget_and_curl.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let (mut wget, mut curl) = (false, false);
    for (_, cmd) in run_commands(ctx) {
        let p = cmd.program();
        let other = match p {
            "wget" => {
                wget = true;
                curl
            }
            "curl" => {
                curl = true;
                wget
            }
            _ => continue,
        };
        if other {
            let o = if p == "wget" { "curl" } else { "wget" };
            out.push(Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                format!("`{p}` here, `{o}` earlier: use one download tool"),
            ));
        }
    }
}
