//! Kubernetes manifest rules.
//!
//! Owns: the rules over Kubernetes YAML documents (one tree per `---`
//! document). Never touches: IO or fix application.

use std::path::Path;

use crate::engine::{Diagnostic, LintResult};
use crate::rules::RuleMeta;
use crate::syntax::yaml;

/// Every Kubernetes rule.
pub static RULES: &[&RuleMeta] = &[];

pub fn run(_path: Option<&Path>, text: &str) -> LintResult {
    yaml_syntax_pass(text, &super::syntax_error::KUBERNETES)
}

/// Parse each document; report YAML syntax errors with `rule`.
pub fn yaml_syntax_pass(text: &str, rule: &'static RuleMeta) -> LintResult {
    let masked = yaml::mask_templates(text);
    let src = masked.as_deref().unwrap_or(text);
    let lang = yaml::language();
    let mut diagnostics = Vec::new();
    let mut count = 0;
    for doc in yaml::split_documents(src) {
        let Some(tree) = crate::syntax::parse_tree(&lang, &src[doc.clone()], None) else {
            continue;
        };
        let (n, first) = crate::syntax::tree_errors(&tree, 1);
        count += n;
        if let Some((r, missing)) = first.first() {
            let range = doc.start + r.start..doc.start + r.end.max(r.start);
            let msg = if *missing {
                "YAML syntax error: something is missing here"
            } else {
                "YAML syntax error: the parser cannot read this"
            };
            diagnostics.push(Diagnostic::new(rule, range, msg));
        }
    }
    LintResult {
        diagnostics,
        syntax_error_count: count,
    }
}
