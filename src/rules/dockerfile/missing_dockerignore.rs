//! # missing-dockerignore (DF050)
//!
//! ## What it does
//! Flags a Dockerfile whose build context (its directory, unless configured
//! otherwise) has no `.dockerignore` — nor a per-Dockerfile
//! `<Dockerfile>.dockerignore` beside it — and lists what the context holds
//! that should not be sent: `.git`, `.env*`, `node_modules`, `target`,
//! `__pycache__`, `*.pyc`, virtual environments, logs, IDE folders, compose
//! files, the Dockerfile itself. Runs only when dfix can see the context
//! (`dfix check`/`--write` on files on disk, the language server), and only
//! when the context holds something worth excluding.
//!
//! ## Why is this bad?
//! Everything in the context is sent to the builder on every build and
//! `COPY . .` puts it in the image: `.env` files with production secrets and
//! the whole git history ship to every registry the image is pushed to, a
//! host-built `node_modules` overwrites the one built for the image's
//! platform, and any change anywhere busts the layer cache.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20-slim
//! COPY . .
//! ```
//! with `.git/`, `.env` and `node_modules/` next to it and no `.dockerignore`.
//!
//! ## Use instead
//! A `.dockerignore` beside the Dockerfile:
//! ```text
//! .git
//! .env*
//! node_modules
//! Dockerfile
//! .dockerignore
//! ```
//!
//! ## Fix safety
//! The fix creates the file (the CLI writes it with `--write` and shows it
//! with `--diff`; the language server offers it as a code action). It never
//! excludes a path a `COPY`/`ADD`/bind mount needs (it writes `!path`
//! exceptions instead). Entries for paths no `COPY`/`ADD` copies are safe;
//! entries for paths `COPY . .` copies into the image today are unsafe
//! (`--unsafe`): the image loses them, which is the point, but a build step
//! that read them (say `git describe`) would fail.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF050",
        name: "missing-dockerignore",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &[],
        summary: "No .dockerignore in the build context",
        source: include_str!("missing_dockerignore.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(bc) = ctx.build_context else {
        return;
    };
    if bc.ignore_file.is_some() {
        return;
    }
    if !crate::dockerignore::any_candidate_present(bc) {
        return;
    }
    let sources = crate::dockerignore::context_sources(ctx.text, ctx.df);
    let missing = crate::dockerignore::missing_entries(bc, &sources);
    // A context with nothing worth excluding needs no ignore file (yet).
    if !missing.iter().any(|a| a.is_substantive()) {
        return;
    }
    let range = super::dockerignore_report_range(ctx, &sources);
    let listed = super::describe_additions(&missing);
    out.push(Diagnostic::new(
        &RULE.meta,
        range,
        format!(
            "no .dockerignore in the build context `{}`, which holds {listed}: all of it is sent to the builder; `{}` creates `{}`",
            bc.root_display,
            super::write_command(&missing),
            bc.new_ignore_display
        ),
    ));
}
