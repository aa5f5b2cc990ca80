//! # consistent-instruction-casing (DF200)
//!
//! ## What it does
//! Flags an instruction keyword whose casing differs from the majority of
//! the file (`run` among `FROM`/`COPY`), or that mixes cases (`Run`).
//! Upper case wins a tie, as in BuildKit.
//!
//! ## Why is this bad?
//! Keywords are case-insensitive, but a file that mixes `RUN` and `run`
//! reads as two files pasted together; reviewers look twice at every line.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine:3.20
//! run apk add --no-cache curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine:3.20
//! RUN apk add --no-cache curl
//! ```
//!
//! ## Fix safety
//! Safe: only the keyword's letters change case; BuildKit reads both alike.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF200",
        name: "consistent-instruction-casing",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["buildkit/ConsistentInstructionCasing"],
        summary: "Instruction keyword casing differs from the rest of the file",
        source: include_str!("consistent_instruction_casing.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let keyword = |i: &crate::syntax::dockerfile::Instruction| &ctx.text[i.keyword_range.clone()];
    // No allocation per instruction: this runs on every keystroke.
    let all_lower = |k: &str| !k.bytes().any(|b| b.is_ascii_uppercase());
    let all_upper = |k: &str| !k.bytes().any(|b| b.is_ascii_lowercase());
    let (mut lower, mut upper) = (0, 0);
    for ins in ctx.instructions() {
        let k = keyword(ins);
        if all_lower(k) {
            lower += 1;
        } else if all_upper(k) {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for ins in ctx.instructions() {
        let k = keyword(ins);
        if (majority_lower && all_lower(k)) || (!majority_lower && all_upper(k)) {
            continue;
        }
        let (wanted, casing) = if majority_lower {
            (k.to_ascii_lowercase(), "lowercase")
        } else {
            (k.to_ascii_uppercase(), "uppercase")
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                ins.keyword_range.clone(),
                format!("`{k}` should match the casing of the other instructions ({casing})"),
            )
            .with_fix(Fix::safe(
                format!("Write `{wanted}`"),
                vec![Edit::replace(ins.keyword_range.clone(), wanted.clone())],
            )),
        );
    }
}
