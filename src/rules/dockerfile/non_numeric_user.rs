//! # non-numeric-user (DF166)
//!
//! ## What it does
//! Flags a `USER` whose user part is not a numeric UID.
//!
//! ## Why is this bad?
//! Kubernetes' `runAsNonRoot` can only verify a numeric UID; a user name
//! is resolved inside the image and may not exist on the host or in volume
//! ownership.
//!
//! ## Example
//! ```dockerfile
//! USER app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! USER 10001
//! ```
//!
//! ## Fix safety
//! No automatic fix: the UID behind a name is only known inside the image.
//!
//! Same check as hadolint's `DL3066`.

use super::packages::ins_args;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF166",
        name: "non-numeric-user",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3066"],
        summary: "`USER` by name instead of numeric UID",
        source: include_str!("non_numeric_user.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (idx, ins) in ctx.instructions().iter().enumerate() {
        if ins.keyword != "USER" {
            continue;
        }
        let args = ins_args(ctx, idx);
        let Some((u, range)) = args.first() else {
            continue;
        };
        let uid = u.split(':').next().unwrap_or("");
        if !uid.chars().all(|c| c.is_ascii_digit()) {
            out.push(Diagnostic::new(
                &RULE.meta,
                range.clone(),
                format!("`USER {u}` is a name: a numeric UID lets `runAsNonRoot` and the host verify it"),
            ));
        }
    }
}
