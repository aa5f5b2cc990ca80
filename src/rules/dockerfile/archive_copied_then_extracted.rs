//! # archive-copy-then-extract (DF110)
//!
//! ## What it does
//! Flags `COPY` of a local archive that a later RUN of the same stage
//! extracts with `tar`.
//!
//! ## Why is this bad?
//! The archive stays in the COPY layer even after extraction; `ADD` extracts
//! local archives while copying, in one layer.
//!
//! ## Example
//! ```dockerfile
//! COPY app.tar.gz /tmp/
//! RUN tar -xzf /tmp/app.tar.gz -C /opt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ADD app.tar.gz /opt/
//! ```
//!
//! ## Fix safety
//! No automatic fix: `ADD` extracts into the destination, which may differ from
//! the `tar -C` target.
//!
//! Same check as hadolint's `DL3010`.

use super::packages::{ins_args, val};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF110",
        name: "archive-copy-then-extract",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3010"],
        summary: "Archive copied with `COPY`, then extracted",
        source: include_str!("archive_copied_then_extracted.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for stage in ctx.stages() {
        for idx in stage.from..stage.end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword != "COPY" || ins.flag("from").is_some() {
                continue;
            }
            let args = ins_args(ctx, idx);
            if args.len() < 2 {
                continue;
            }
            for (src, range) in &args[..args.len() - 1] {
                if !ARCHIVES.iter().any(|a| src.ends_with(a)) {
                    continue;
                }
                let base = src.rsplit('/').next().unwrap_or(src);
                let extracted = (idx + 1..stage.end).any(|r| {
                    ctx.script(r).is_some_and(|s| {
                        s.commands.iter().any(|c| {
                            c.program() == "tar"
                                && c.args().iter().any(|w| {
                                    val(w).starts_with('-') && val(w).contains('x')
                                        || val(w) == "x"
                                        || val(w).starts_with("x")
                                })
                                && c.args().iter().any(|w| val(w).ends_with(base))
                        })
                    })
                });
                if extracted {
                    out.push(Diagnostic::new(
                        &RULE.meta,
                        range.clone(),
                        format!("`{src}` is copied, then extracted by a later RUN: the archive stays in this layer; `ADD` extracts it directly"),
                    ));
                }
            }
        }
    }
}
