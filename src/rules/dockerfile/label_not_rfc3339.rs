//! # label-not-rfc3339 (DF153)
//!
//! ## What it does
//! Flags a `LABEL` whose key the label schema declares as `rfc3339` when its
//! value is not an RFC 3339 time (`2024-05-01T12:00:00Z`). Runs only when a
//! label schema is configured (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Tools that read the label (registries, SBOM and provenance tools,
//! dashboards) expect an RFC 3339 time (`2024-05-01T12:00:00Z`); a malformed
//! value is dropped or breaks them.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.created="May 1st 2024"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3053`.

use super::packages::flag_invalid_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF153",
        name: "label-not-rfc3339",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3053"],
        summary: "Schema label `rfc3339` value is malformed",
        source: include_str!("label_not_rfc3339.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

pub fn valid(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
    {
        return false;
    }
    if !(matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    match &v[i..] {
        "Z" | "z" => true,
        off => {
            let o = off.as_bytes();
            o.len() == 6
                && matches!(o[0], b'+' | b'-')
                && o[1..3].iter().all(u8::is_ascii_digit)
                && o[3] == b':'
                && o[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_invalid_labels(
        ctx,
        &RULE.meta,
        LabelType::Rfc3339,
        valid,
        "an RFC 3339 time (`2024-05-01T12:00:00Z`)",
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::LabelType;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        super::super::packages::count_label_findings("DF153", text, schema, strict)
    }

    #[test]
    fn schema() {
        let s = [("created", LabelType::Rfc3339)];
        assert_eq!(
            count("FROM a:1\nLABEL created=\"May 2024\"\n", &s, false),
            1
        );
        assert_eq!(
            count(
                "FROM a:1\nLABEL created=2024-05-01T12:00:00.5+02:00\n",
                &s,
                false
            ),
            0
        );
        assert_eq!(
            count("FROM a:1\nLABEL created=2024-05-01T12:00:00Z\n", &s, false),
            0
        );
    }
}
