//! # dockerignore-misses-paths (DF051)
//!
//! ## What it does
//! Flags a Dockerfile whose `.dockerignore` (or `<Dockerfile>.dockerignore`)
//! does not exclude what its build context really holds: `.git`, `.env*`,
//! `node_modules`, `target`, `__pycache__`, `*.pyc`, `.venv`/`venv`,
//! `*.log`, IDE folders, compose files, the Dockerfile. Patterns are read
//! with Docker's semantics: anchored at the context root (`node_modules`
//! does not exclude `web/node_modules`; `**/node_modules` does), `!`
//! exceptions, the last matching line wins.
//!
//! ## Why is this bad?
//! An ignore file that looks complete but misses a nested `node_modules` or
//! a new `.env.production` ships them in the image exactly as if there were
//! none — and people stop checking because "we have a .dockerignore".
//!
//! ## Example
//! ```text
//! # .dockerignore
//! node_modules
//! ```
//! in a monorepo whose context holds `packages/web/node_modules` and `.env`.
//!
//! ## Use instead
//! ```text
//! node_modules
//! **/node_modules
//! .env*
//! ```
//!
//! ## Fix safety
//! The fix appends the missing patterns to the ignore file (everything
//! already there is kept byte for byte); the CLI writes it with `--write`.
//! It never excludes a path a `COPY`/`ADD` needs. Entries for paths a `COPY`
//! copies into the image today are unsafe (`--unsafe`), the others safe.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF051",
        name: "dockerignore-misses-paths",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &[],
        summary: ".dockerignore misses paths the build context holds",
        source: include_str!("dockerignore_misses_paths.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(bc) = ctx.build_context else {
        return;
    };
    let Some(file) = &bc.ignore_file else {
        return;
    };
    if !crate::dockerignore::any_candidate_present(bc) {
        return;
    }
    let sources = crate::dockerignore::context_sources(ctx.text, ctx.df);
    let missing = crate::dockerignore::missing_entries(bc, &sources);
    if !missing.iter().any(|a| a.is_substantive()) {
        return;
    }
    let range = super::dockerignore_report_range(ctx, &sources);
    out.push(Diagnostic::new(
        &RULE.meta,
        range,
        format!(
            "`{}` does not exclude {}: they are sent to the builder; `{}` appends the missing patterns",
            file.display,
            super::describe_additions(&missing),
            super::write_command(&missing)
        ),
    ));
}
