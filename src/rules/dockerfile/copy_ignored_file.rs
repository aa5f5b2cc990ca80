//! # copy-ignored-file (DF052)
//!
//! ## What it does
//! Flags a `COPY`/`ADD` source (or a `RUN --mount=type=bind` source) that the
//! build context's `.dockerignore` excludes, with Docker's pattern semantics
//! (`**`, `!` exceptions, leading `/`, a parent directory's exclusion, and a
//! per-Dockerfile `<Dockerfile>.dockerignore` winning over the context's).
//! A glob source is flagged when every context path it matches is excluded.
//!
//! ## Why is this bad?
//! Excluded files are not in the context, so the build fails with
//! "not found" — or, worse, a glob silently copies nothing and the image
//! ships without the file.
//!
//! ## Example
//! ```dockerfile
//! # .dockerignore holds `config/`
//! COPY config/app.toml /etc/app/
//! ```
//!
//! ## Use instead
//! ```text
//! # .dockerignore
//! config/
//! !config/app.toml
//! ```
//!
//! ## Fix safety
//! No automatic fix: whether the ignore line or the `COPY` is wrong is the
//! author's call.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF052",
        name: "copy-ignored-file",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["buildkit/CopyIgnoredFile"],
        summary: "COPY/ADD of a path the .dockerignore excludes",
        source: include_str!("copy_ignored_file.rs"),
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
    let di = crate::dockerignore::Dockerignore::parse(&file.text);
    for s in crate::dockerignore::context_sources(ctx.text, ctx.df) {
        if s.is_whole_context() || s.path.starts_with("..") {
            continue;
        }
        if s.has_glob {
            let matched: Vec<_> = bc
                .entries
                .iter()
                .filter(|e| crate::dockerignore::glob_matches(&s.path, &e.path))
                .collect();
            if !matched.is_empty() && matched.iter().all(|e| di.is_excluded(&e.path)) {
                out.push(Diagnostic::new(
                    &RULE.meta,
                    s.range.clone(),
                    format!(
                        "every path `{}` matches is excluded by `{}`: the {} copies nothing from the context",
                        s.written, file.display, s.keyword
                    ),
                ));
            }
            continue;
        }
        if let Some(p) = di.excluded_by(&s.path) {
            // An excluded directory whose content a `!` line re-includes is
            // still walked by Docker: what is re-included gets copied.
            let prefix = format!("{}/", s.path);
            if bc
                .entries
                .iter()
                .any(|e| e.path.starts_with(&prefix) && !di.is_excluded(&e.path))
            {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE.meta,
                s.range.clone(),
                format!(
                    "`{}` is excluded by `{}` line {} (`{}`): it is not in the build context, so this {} fails",
                    s.written, file.display, p.line, p.text, s.keyword
                ),
            ));
        }
    }
}
