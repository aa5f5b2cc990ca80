//! # from-as-casing (DF201)
//!
//! ## What it does
//! Flags `FROM image as name` (and `from image AS name`): the `AS` keyword
//! should have the casing of the `FROM` keyword.
//!
//! ## Why is this bad?
//! A lower-case `as` after an upper-case `FROM` reads like part of the image
//! reference; consistent casing keeps stage names easy to spot.
//!
//! ## Example
//! ```dockerfile
//! FROM golang:1.22 as build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM golang:1.22 AS build
//! ```
//!
//! ## Fix safety
//! Safe: `AS` is case-insensitive; only its letters change.

use super::util::from_as;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF201",
        name: "from-as-casing",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/FromAsCasing"],
        summary: "`AS` in `FROM … AS name` cased unlike `FROM`",
        source: include_str!("from_as_casing.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions().iter().filter(|i| i.keyword == "FROM") {
        let Some(((as_word, as_range), _)) = from_as(ctx, ins) else {
            continue;
        };
        let from = &ctx.text[ins.keyword_range.clone()];
        let wanted = if from == from.to_ascii_lowercase() {
            "as"
        } else if from == from.to_ascii_uppercase() {
            "AS"
        } else {
            continue; // `From`: DF200 reports the keyword itself
        };
        if as_word == wanted {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE.meta,
                as_range.clone(),
                format!("`{as_word}` and `{from}` casing do not match"),
            )
            .with_fix(Fix::safe(
                format!("Write `{wanted}`"),
                vec![Edit::replace(as_range, wanted)],
            )),
        );
    }
}
