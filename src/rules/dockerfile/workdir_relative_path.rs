//! # workdir-relative-path (DF100)
//!
//! ## What it does
//! Flags a `WORKDIR` whose path is relative. Paths starting with a variable
//! (`$HOME/app`) and Windows drive paths are not flagged.
//!
//! ## Why is this bad?
//! A relative `WORKDIR` is resolved against the previous working directory,
//! which the base image may change: the files land somewhere else after a base
//! image update.
//!
//! ## Example
//! ```dockerfile
//! WORKDIR app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! WORKDIR /app
//! ```
//!
//! ## Fix safety
//! No automatic fix: the intended absolute path depends on the base image's
//! working directory.
//!
//! Same check as hadolint's `DL3000` and BuildKit's `WorkdirRelativePath`.

use super::packages::ins_args;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF100",
        name: "workdir-relative-path",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3000", "buildkit/WorkdirRelativePath"],
        summary: "Relative `WORKDIR`",
        source: include_str!("workdir_relative_path.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

pub fn is_absolute(p: &str) -> bool {
    let p = p.trim_matches(|c| c == '"' || c == '\'');
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('$')
        || p.starts_with('\\')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "WORKDIR" {
            continue;
        }
        let args = ins_args(ctx, idx);
        let Some((path, range)) = args.first() else {
            continue;
        };
        if !is_absolute(path) {
            out.push(Diagnostic::new(
                &RULE.meta,
                range.clone(),
                format!("`WORKDIR {path}` is relative to whatever directory the base image left: use an absolute path"),
            ));
        }
    }
}
