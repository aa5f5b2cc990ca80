//! # add-instead-of-copy (DF120)
//!
//! ## What it does
//! Flags `ADD` with a source that is a local file or folder (not a URL, not
//! an archive that `ADD` would extract). Sources that are variables count as
//! URLs: they may hold one.
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
//! `--keep-git-dir`, `--unpack`) are present, or when the `ADD` also fetches
//! a URL or unpacks an archive (split it by hand).
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
    scope: super::Scope::Instruction,
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
        let is_magic = |s: &str| {
            s.contains("://") || s.starts_with("git@") || s.starts_with('$') || is_archive(s)
        };
        let magic = sources.iter().filter(|(s, _)| is_magic(s)).count();
        if magic == sources.len() {
            continue;
        }
        let message = if magic == 0 {
            "`ADD` of local files: use `COPY`, which does not fetch URLs or unpack archives"
        } else {
            "`ADD` mixes local files with URLs or archives: copy the local files with `COPY`"
        };
        let mut d = Diagnostic::new(&RULE.meta, ins.keyword_range.clone(), message);
        let add_only = ins
            .flags
            .iter()
            .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        if !add_only && magic == 0 {
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
