//! # undefined-arg-in-from (DF206)
//!
//! ## What it does
//! Flags `$NAME` in a `FROM` line (image or `--platform`) when no `ARG NAME`
//! comes before the first `FROM` and `NAME` is not one of BuildKit's
//! automatic build arguments (`TARGETPLATFORM`, `BUILDARCH`, …).
//!
//! ## Why is this bad?
//! Only ARGs declared before the first `FROM` reach `FROM` lines; an
//! undeclared one expands to the empty string, so `FROM python:$VERSION`
//! silently becomes `FROM python:` (an error) or loses its tag.
//!
//! ## Example
//! ```dockerfile
//! FROM python:${PYTHON_VERSION}-slim
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG PYTHON_VERSION=3.12
//! FROM python:${PYTHON_VERSION}-slim
//! ```
//!
//! ## Fix safety
//! When the name looks like a typo of a declared global ARG or of a
//! built-in one (one edit, two for names of eight letters or more), the
//! fix renames the reference: unsafe, since a `--build-arg` of the
//! misspelled name would no longer apply. Otherwise no fix.

use super::undefined_var::is_typo_of;
use super::util::{edit_distance, var_refs, BUILTIN_ARGS};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF206",
        name: "undefined-arg-in-from",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["buildkit/UndefinedArgInFrom"],
        summary: "`FROM` uses a variable no global `ARG` declares",
        source: include_str!("undefined_arg_in_from.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let declared = ctx.global_args();
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "FROM") {
        let mut spans = vec![ins.args_range.clone()];
        spans.extend(ins.flags.iter().map(|f| f.range.clone()));
        for span in spans {
            let text = &ctx.text[span.clone()];
            for (name, r) in var_refs(text, ctx.df.escape) {
                if declared.contains_key(name) || BUILTIN_ARGS.contains(&name) {
                    continue;
                }
                let range = span.start + r.start..span.start + r.end;
                // A typo of a declared ARG or of a built-in one
                // (`BUILDPLATFROM`).
                let close = declared
                    .keys()
                    .map(String::as_str)
                    .chain(BUILTIN_ARGS.iter().copied())
                    .filter(|k| is_typo_of(name, k))
                    .min_by_key(|k| (edit_distance(k, name), k.to_string()));
                let mut d = Diagnostic::new(
                    &RULE.meta,
                    range.clone(),
                    match close {
                        Some(c) => format!(
                            "FROM uses `{name}`, which no ARG before the first FROM declares (did you mean `{c}`?)"
                        ),
                        None => format!(
                            "FROM uses `{name}`, which no ARG before the first FROM declares: it expands to an empty string"
                        ),
                    },
                );
                if let Some(c) = close {
                    let name_start = range.start + text[r.clone()].find(name).unwrap_or(0);
                    d = d.with_fix(Fix::unsafe_(
                        format!("Use `{c}`"),
                        vec![Edit::replace(name_start..name_start + name.len(), c)],
                    ));
                }
                out.push(d);
            }
        }
    }
}
