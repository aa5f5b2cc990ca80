//! # invalid-default-arg-in-from (DF208)
//!
//! ## What it does
//! Expands a `FROM` image with the defaults of the global ARGs (an ARG
//! without a default is empty) and flags the result when it is empty or
//! not a valid image reference (`python:`, `:3.12`, `/app`).
//!
//! ## Why is this bad?
//! The build then works only when every caller passes `--build-arg`; a
//! plain `docker build .` fails with a confusing parse error.
//!
//! ## Example
//! ```dockerfile
//! ARG TAG
//! FROM alpine:${TAG}
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG TAG=3.20
//! FROM alpine:${TAG}
//! ```
//!
//! ## Fix safety
//! No fix: the right default is the author's choice.

use std::collections::HashMap;
use std::ops::Range;

use super::util::{unquote, var_refs, BUILTIN_ARGS};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF208",
        name: "invalid-default-arg-in-from",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["buildkit/InvalidDefaultArgInFrom"],
        summary: "Global `ARG` defaults give `FROM` an empty or invalid image",
        source: include_str!("invalid_default_arg_in_from.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let args = ctx.global_args();
    for stage in ctx.stages() {
        let Some((image, range)) = &stage.image else {
            continue;
        };
        if !image.contains('$') {
            continue;
        }
        let refs = var_refs(image, ctx.df.escape);
        if refs.iter().any(|(n, _)| BUILTIN_ARGS.contains(n)) {
            continue;
        }
        // Only ARGs that are declared: undeclared ones are DF206's.
        if refs.iter().any(|(n, _)| !args.contains_key(*n)) {
            continue;
        }
        let expanded = expand(image, &refs, &args);
        if let Some(problem) = invalid(&expanded) {
            out.push(Diagnostic::new(
                &RULE.meta,
                range.clone(),
                format!(
                    "with the ARG defaults, the base image is `{expanded}`: {problem}; give the ARG a default"
                ),
            ));
        }
    }
}

/// `image` with each reference replaced as BuildKit would with only the
/// defaults: a missing default is the empty string; `${X:-d}`, `${X-d}`,
/// `${X:+a}` and `${X+a}` are honoured.
fn expand(
    image: &str,
    refs: &[(&str, Range<usize>)],
    args: &HashMap<String, Option<String>>,
) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (name, r) in refs {
        out.push_str(&image[last..r.start]);
        last = r.end;
        let value = args.get(*name).cloned().flatten().unwrap_or_default();
        let declared_with_value = args.get(*name).is_some_and(|v| v.is_some());
        let body = image[r.clone()]
            .strip_prefix("${")
            .and_then(|b| b.strip_suffix('}'))
            .map(|b| &b[name.len()..])
            .unwrap_or("");
        let word = |op: &str| unquote(&body[op.len()..]);
        let expanded = if body.starts_with(":-") {
            if value.is_empty() {
                word(":-")
            } else {
                value
            }
        } else if body.starts_with('-') {
            if declared_with_value {
                value
            } else {
                word("-")
            }
        } else if body.starts_with(":+") {
            if value.is_empty() {
                String::new()
            } else {
                word(":+")
            }
        } else if body.starts_with('+') {
            if declared_with_value {
                word("+")
            } else {
                String::new()
            }
        } else {
            value
        };
        out.push_str(&expanded);
    }
    out.push_str(&image[last..]);
    out
}

/// Why `image` is not a usable reference, if it is not.
fn invalid(image: &str) -> Option<&'static str> {
    let image = image.trim_matches(|c| c == '"' || c == '\'');
    if image.is_empty() {
        return Some("an empty name");
    }
    if image.ends_with(':') || image.contains(":@") || image.ends_with('@') {
        return Some("an empty tag");
    }
    if image.starts_with([':', '@', '/', '-', '.']) || image.ends_with('/') || image.contains("//")
    {
        return Some("an empty name component");
    }
    if image.chars().any(|c| c.is_whitespace()) {
        return Some("whitespace in the name");
    }
    None
}
