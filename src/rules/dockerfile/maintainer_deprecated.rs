//! # maintainer-deprecated (DF170)
//!
//! ## What it does
//! Flags `MAINTAINER`.
//!
//! ## Why is this bad?
//! `MAINTAINER` is deprecated since Docker 1.13: it sets a field that tools
//! no longer read. The OCI label `org.opencontainers.image.authors` is where
//! registries and scanners look.
//!
//! ## Example
//! ```dockerfile
//! MAINTAINER Jane Doe <jane@example.com>
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
//! ```
//!
//! ## Fix safety
//! Safe: the fix replaces the instruction with the equivalent OCI label.
//! The deprecated `Author` field of the image config is no longer set.
//!
//! Same check as hadolint's `DL4000` and BuildKit's `MaintainerDeprecated`.

use super::packages::keyword_like;
use super::util::unquote;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF170",
        name: "maintainer-deprecated",
        kind: FileKind::Dockerfile,
        severity: Severity::Error,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL4000", "buildkit/MaintainerDeprecated"],
        summary: "`MAINTAINER` is deprecated",
        source: include_str!("maintainer_deprecated.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "MAINTAINER" {
            continue;
        }
        let value = crate::syntax::dockerfile::logical_text(
            ctx.text,
            ins.args_range.clone(),
            ctx.df.escape,
        );
        let value = unquote(&value);
        let quoted = serde_json::to_string(&value).unwrap_or_default();
        let kw = &ctx.text[ins.keyword_range.clone()];
        let label = keyword_like(kw, "LABEL");
        out.push(
            Diagnostic::new(
                &RULE.meta,
                ins.keyword_range.clone(),
                "`MAINTAINER` is deprecated: use the label `org.opencontainers.image.authors`",
            )
            .with_fix(Fix::safe(
                "Replace with `LABEL org.opencontainers.image.authors=…`",
                vec![Edit::replace(
                    ins.keyword_range.start..ins.args_range.end,
                    format!("{label} org.opencontainers.image.authors={quoted}"),
                )],
            )),
        );
    }
}
