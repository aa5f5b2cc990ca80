//! # syntax-error (DF000, KS000, DC000) and invalid-instruction (DF003)
//!
//! ## What it does
//! Reports where a file could not be parsed: an unterminated heredoc in a
//! Dockerfile (DF000, what BuildKit's parser rejects), or YAML the parser
//! cannot read (KS000, DC000). DF003 reports Dockerfile instructions the
//! parser reads but the build rejects: an unknown keyword, or an instruction
//! without arguments.
//!
//! ## Why is this bad?
//! The build (or `kubectl apply`) fails on it, and dfix cannot safely fix
//! the parts of a file it cannot read.
//!
//! ## Example
//! ```dockerfile
//! RUN <<EOF
//! echo never terminated
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN <<EOF
//! echo terminated
//! EOF
//! ```
//!
//! ## Fix safety
//! No fix: only the author knows what was meant.

use crate::engine::Severity;
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static DOCKERFILE: RuleMeta = RuleMeta {
    code: "DF000",
    name: "dockerfile-syntax-error",
    kind: FileKind::Dockerfile,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "The Dockerfile does not parse",
    source: include_str!("syntax_error.rs"),
};

/// Instructions BuildKit's parser reads but the build rejects.
pub static INVALID_INSTRUCTION: RuleMeta = RuleMeta {
    code: "DF003",
    name: "invalid-instruction",
    kind: FileKind::Dockerfile,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "Unknown instruction or instruction without arguments: the build fails",
    source: include_str!("syntax_error.rs"),
};

pub static KUBERNETES: RuleMeta = RuleMeta {
    code: "KS000",
    name: "kubernetes-syntax-error",
    kind: FileKind::Kubernetes,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "The Kubernetes manifest is not valid YAML",
    source: include_str!("syntax_error.rs"),
};

pub static COMPOSE: RuleMeta = RuleMeta {
    code: "DC000",
    name: "compose-syntax-error",
    kind: FileKind::Compose,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    aliases: &[],
    summary: "The compose file is not valid YAML",
    source: include_str!("syntax_error.rs"),
};

pub static RULES: &[&RuleMeta] = &[&DOCKERFILE, &INVALID_INSTRUCTION, &KUBERNETES, &COMPOSE];
