//! # add-instead-of-copy (DF120)
//!
//! ## What it does
//! Flags `ADD` whose sources are all local files or folders (not URLs, not
//! archives that `ADD` would extract). Sources that are variables are not
//! flagged: they may hold a URL.
//!
//! ## Why is this bad?
//! `ADD` has magic — it fetches URLs and unpacks archives — so readers must
//! check which behaviour each `ADD` relies on. `COPY` does only what it says.
//!
//! ## Example
//! ```dockerfile
//! ADD requirements.txt /app/
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! COPY requirements.txt /app/
//! ```
//!
//! ## Fix safety
//! Safe: for local, non-archive sources `COPY` and `ADD` copy the same files
//! with the same flags. No fix when `ADD`-only flags (`--checksum`,
//! `--keep-git-dir`, `--unpack`) are present.
//!
//! Same check as hadolint's `DL3020`.

use super::packages::{ins_args, keyword_like};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF120",
        name: "add-instead-of-copy",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL3020"],
        summary: "`ADD` for local files",
        source: include_str!("add_instead_of_copy.rs"),
    },
    check,
};

const ARCHIVES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".tar.xz",
    ".txz",
    ".tar.lz",
    ".tlz",
    ".tar.lzma",
    ".tar.Z",
    ".taz",
    ".tz",
    ".tar.zst",
    ".tzst",
    ".gz",
    ".bz2",
    ".xz",
    ".lz",
    ".lzma",
    ".Z",
    ".zst",
    ".zip",
];

pub fn is_archive(p: &str) -> bool {
    ARCHIVES.iter().any(|a| p.ends_with(a))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "ADD" || !ins.heredocs.is_empty() {
            continue;
        }
        let args = ins_args(ctx, idx);
        if args.len() < 2 {
            continue;
        }
        let sources = &args[..args.len() - 1];
        let magic = sources.iter().any(|(s, _)| {
            s.contains("://") || s.starts_with("git@") || s.starts_with('$') || is_archive(s)
        });
        if magic {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE.meta,
            ins.keyword_range.clone(),
            "`ADD` of local files: use `COPY`, which does not fetch URLs or unpack archives",
        );
        let add_only = ins
            .flags
            .iter()
            .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        if !add_only {
            let kw = &ctx.text[ins.keyword_range.clone()];
            d = d.with_fix(Fix::safe(
                "Replace `ADD` with `COPY`",
                vec![Edit::replace(
                    ins.keyword_range.clone(),
                    keyword_like(kw, "COPY"),
                )],
            ));
        }
        out.push(d);
    }
}
