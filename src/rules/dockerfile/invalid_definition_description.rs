//! # invalid-definition-description (DF215)
//!
//! ## What it does
//! BuildKit's experimental check, run only when the file opts in with
//! `# check=experimental=InvalidDefinitionDescription` (or
//! `experimental=all`): a comment right above `ARG name` or
//! `FROM … AS name` is its description and should start with the name
//! (`# name does …`). Pragmas (`# hadolint …`, `# dfix: …`) are not
//! descriptions.
//!
//! ## Why is this bad?
//! `docker build --call=outline` and the docs tools show such comments as
//! the description of the build argument or target; one that does not
//! start with the name is not picked up.
//!
//! ## Example
//! ```dockerfile
//! # check=experimental=InvalidDefinitionDescription
//! # The Go version
//! ARG GO_VERSION=1.22
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # check=experimental=InvalidDefinitionDescription
//! # GO_VERSION sets the Go toolchain version
//! ARG GO_VERSION=1.22
//! ```
//!
//! ## Fix safety
//! No fix: rewording the comment is the author's call.

use super::util::{from_as, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF215",
        name: "invalid-definition-description",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Never,
        aliases: &["buildkit/InvalidDefinitionDescription"],
        summary: "Comment above `ARG`/`FROM … AS` does not start with its name",
        source: include_str!("invalid_definition_description.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let enabled = ctx.df.directives.iter().any(|d| {
        d.name == "check"
            && d.value.split(';').any(|part| {
                part.trim().strip_prefix("experimental=").is_some_and(|v| {
                    v.split(',').any(|x| {
                        let x = x.trim();
                        x.eq_ignore_ascii_case("all")
                            || x.eq_ignore_ascii_case("InvalidDefinitionDescription")
                    })
                })
            })
    });
    if !enabled {
        return;
    }
    for ins in ctx.instructions() {
        let name = match ins.keyword.as_str() {
            "ARG" => {
                let ws = words(ctx.text, ins.args_range.clone());
                if ws.len() != 1 {
                    continue;
                }
                ws[0].0.split('=').next().unwrap_or("").to_string()
            }
            "FROM" => match from_as(ctx, ins) {
                Some((_, (n, _))) => n.to_string(),
                None => continue,
            },
            _ => continue,
        };
        if ins.start_line == 0 {
            continue;
        }
        let Some(comment) = ctx
            .df
            .comments
            .iter()
            .find(|c| ctx.line_of(c.range.start) + 1 == ins.start_line)
        else {
            continue;
        };
        let text = comment.text.trim();
        if text.starts_with("hadolint") || text.starts_with("dfix:") || text.is_empty() {
            continue;
        }
        if text.split_whitespace().next() == Some(name.as_str()) {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE.meta,
            comment.range.clone(),
            format!(
                "the comment above `{}{name}` should start with `{name}` to be its description",
                if ins.keyword == "FROM" {
                    "FROM … AS "
                } else {
                    "ARG "
                }
            ),
        ));
    }
}
