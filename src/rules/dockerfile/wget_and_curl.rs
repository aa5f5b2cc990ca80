//! # wget-and-curl (DF171)
//!
//! ## What it does
//! Flags a file that uses both `wget` and `curl` in its RUN instructions;
//! every use after the first tool is reported.
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

use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;
use super::util::{run_commands};
use super::{Context, Rule};

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
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut first: Option<&str> = None;
    let mut later = Vec::new();
    for (_, cmd) in run_commands(ctx) {
        let p = cmd.program();
        if p != "wget" && p != "curl" {
            continue;
        }
        match first {
            None => first = Some(if p == "wget" { "wget" } else { "curl" }),
            Some(f) if f != p => later.push(cmd),
            Some(_) => {}
        }
    }
    let Some(first) = first else { return };
    for cmd in later {
        out.push(Diagnostic::new(
            &RULE.meta,
            cmd.range.clone(),
            format!("`{}` here, `{first}` elsewhere: use one download tool", cmd.program()),
        ));
    }
}
