//! # env-self-reference (DF144)
//!
//! ## What it does
//! Flags an `ENV` pair whose value uses a variable defined by an earlier pair
//! of the same `ENV` instruction (and not before it).
//!
//! ## Why is this bad?
//! All pairs of one `ENV` are expanded with the values from before the
//! instruction: `ENV A=1 B=$A` sets `B` to the empty string, not `1`.
//!
//! ## Example
//! ```dockerfile
//! ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ENV APP_HOME=/app
//! ENV APP_BIN=$APP_HOME/bin
//! ```
//!
//! ## Fix safety
//! No automatic fix.
//!
//! Same check as hadolint's `DL3044`.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF144",
        name: "env-self-reference",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3044"],
        summary: "`ENV` refers to a variable it defines itself",
        source: include_str!("env_self_reference.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

fn refs(value: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = value[from..].find('$') {
        let at = from + p;
        let rest = &value[at + 1..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        if rest.starts_with(name)
            && !rest[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut defined: Vec<String> = Vec::new();
    for ins in ctx.instructions() {
        if ins.keyword == "FROM" {
            defined.clear();
        }
        if ins.keyword == "ARG" {
            for (w, _) in words(ctx.text, ins.args_range.clone()) {
                defined.push(w.split('=').next().unwrap_or(w).to_string());
            }
        }
        if ins.keyword != "ENV" {
            continue;
        }
        let pairs: Vec<_> = words(ctx.text, ins.args_range.clone())
            .into_iter()
            .filter_map(|(w, r)| {
                w.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string(), r))
            })
            .collect();
        for (i, (_, value, range)) in pairs.iter().enumerate() {
            for (k, _, _) in &pairs[..i] {
                if defined.contains(k) {
                    continue;
                }
                if let Some(at) = refs(value, k) {
                    let start = range.end - value.len() + at;
                    out.push(Diagnostic::new(
                        &RULE.meta,
                        start..start + 1 + k.len(),
                        format!("`${k}` is defined in this same `ENV`, so it still has its old (empty) value here"),
                    ));
                    break;
                }
            }
        }
        defined.extend(pairs.into_iter().map(|(k, _, _)| k));
    }
}
