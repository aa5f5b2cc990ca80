//! docker-compose rules.
//!
//! Owns: the rules over compose files. Never touches: IO or fix application.

use std::path::Path;

use crate::engine::LintResult;
use crate::rules::RuleMeta;

/// Every compose rule.
pub static RULES: &[&RuleMeta] = &[];

pub fn run(_path: Option<&Path>, text: &str) -> LintResult {
    super::kubernetes::yaml_syntax_pass(text, &super::syntax_error::COMPOSE)
}
