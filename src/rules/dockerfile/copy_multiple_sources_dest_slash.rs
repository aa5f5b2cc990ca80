//! # copy-multiple-sources-dest-slash (DF121)
//!
//! ## What it does
//! Flags `COPY` with more than one source whose destination does not end
//! with `/`.
//!
//! ## Why is this bad?
//! With several sources the destination must be a directory: BuildKit stops
//! with "When using COPY with more than one source file, the destination must
//! be a directory and end with a /".
//!
//! ## Example
//! ```dockerfile
//! COPY package.json package-lock.json /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! COPY package.json package-lock.json /app/
//! ```
//!
//! ## Fix safety
//! Safe: the build fails without the slash; with it, it copies into the
//! directory.
//!
//! Same check as hadolint's `DL3021`.

use super::packages::ins_args;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF121",
        name: "copy-multiple-sources-dest-slash",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3021"],
        summary: "`COPY` of several sources to a destination without `/`",
        source: include_str!("copy_multiple_sources_dest_slash.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "COPY" || !ins.heredocs.is_empty() {
            continue;
        }
        let args = ins_args(ctx, idx);
        if args.len() <= 2 {
            continue;
        }
        let (dest, range) = &args[args.len() - 1];
        if dest.ends_with('/') || dest.ends_with('\\') || dest.starts_with('$') {
            continue;
        }
        let at = if ins.json.is_none() && ctx.text[range.clone()].ends_with(['"', '\'']) {
            range.end - 1
        } else {
            range.end
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                range.clone(),
                format!(
                    "`COPY` of {} sources needs a directory destination ending in `/`",
                    args.len() - 1
                ),
            )
            .with_fix(Fix::safe(
                format!("Use `{dest}/`"),
                vec![Edit::insert(at, "/")],
            )),
        );
    }
}
