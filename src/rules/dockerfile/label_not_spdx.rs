//! # label-not-spdx (DF154)
//!
//! ## What it does
//! Flags a `LABEL` whose key the label schema declares as `spdx` when its
//! value is not an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`). Runs
//! only when a label schema is configured (hadolint's `label-schema`).
//!
//! ## Why is this bad?
//! Tools that read the label (registries, SBOM and provenance tools,
//! dashboards) expect an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`);
//! a malformed value is dropped or breaks them.
//!
//! ## Example
//! ```dockerfile
//! LABEL org.opencontainers.image.licenses="Apache 2"
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.licenses="Apache-2.0"
//! ```
//!
//! ## Fix safety
//! No automatic fix: the right value is unknown.
//!
//! Same check as hadolint's `DL3054`.

use super::packages::flag_invalid_labels;
use super::{Context, Rule};
use crate::engine::{Diagnostic, LabelType, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF154",
        name: "label-not-spdx",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3054"],
        summary: "Schema label `spdx` value is malformed",
        source: include_str!("label_not_spdx.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

const IDS: &[&str] = &[
    "0BSD",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.1",
    "Apache-2.0",
    "Artistic-2.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.2",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.0-only",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MIT",
    "MIT-0",
    "MPL-1.1",
    "MPL-2.0",
    "MS-PL",
    "MS-RL",
    "NCSA",
    "OFL-1.1",
    "OpenSSL",
    "PostgreSQL",
    "Python-2.0",
    "Ruby",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "W3C",
    "WTFPL",
    "X11",
    "Zlib",
    "ZPL-2.1",
];
const EXCEPTIONS: &[&str] = &[
    "Classpath-exception-2.0",
    "LLVM-exception",
    "GCC-exception-3.1",
];

/// A license expression of common SPDX identifiers joined by `AND`, `OR`,
/// `WITH` and parentheses; `LicenseRef-…` is accepted.
pub fn valid(v: &str) -> bool {
    let spaced = v.replace('(', " ( ").replace(')', " ) ");
    let mut expect_id = true;
    let mut after_with = false;
    let mut depth = 0i32;
    for tok in spaced.split_whitespace() {
        match tok {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            "AND" | "OR" if !expect_id => expect_id = true,
            "WITH" if !expect_id => {
                expect_id = true;
                after_with = true;
            }
            id if expect_id => {
                let id = id.strip_suffix('+').unwrap_or(id);
                let known = if after_with {
                    EXCEPTIONS.iter().any(|e| e.eq_ignore_ascii_case(id))
                } else {
                    IDS.iter().any(|k| k.eq_ignore_ascii_case(id)) || id.starts_with("LicenseRef-")
                };
                if !known {
                    return false;
                }
                expect_id = false;
                after_with = false;
            }
            _ => return false,
        }
    }
    !expect_id && depth == 0
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    flag_invalid_labels(
        ctx,
        &RULE.meta,
        LabelType::Spdx,
        valid,
        "an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`)",
        out,
    );
}

#[cfg(test)]
mod tests {
    use crate::engine::LabelType;

    fn count(text: &str, schema: &[(&str, LabelType)], strict: bool) -> usize {
        super::super::packages::count_label_findings("DF154", text, schema, strict)
    }

    #[test]
    fn schema() {
        let s = [("license", LabelType::Spdx)];
        assert_eq!(
            count("FROM a:1\nLABEL license=\"Apache 2\"\n", &s, false),
            1
        );
        assert_eq!(count("FROM a:1\nLABEL license=\"(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0\"\n", &s, false), 0);
        assert_eq!(count("FROM a:1\nLABEL license=\"MIT OR\"\n", &s, false), 1);
    }
}
