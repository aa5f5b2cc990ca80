//! # pip-version-not-pinned (DF113)
//!
//! ## What it does
//! Flags `pip install` of named packages without a version specifier
//! (`==`, `>=`, `~=` …). Installs from a requirements file (`-r`), with a
//! constraints file (`-c`), of the local project (`.`), of paths, wheels,
//! sdists and VCS URLs with `@ref` are not flagged.
//!
//! ## Why is this bad?
//! An unpinned `pip install` resolves to the newest release at build time:
//! a new major version of a dependency can break the image between two builds
//! of the same commit.
//!
//! ## Example
//! ```dockerfile
//! RUN pip install --no-cache-dir flask
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN pip install --no-cache-dir flask==3.0.3
//! ```
//!
//! ## Fix safety
//! No automatic fix: which version to pin is the author's choice.
//!
//! Same check as hadolint's `DL3013`.

use super::packages::{has_flag, packages_after, unpinned, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF113",
        name: "pip-version-not-pinned",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &["hadolint/DL3013"],
        summary: "`pip install` without pinned versions",
        source: include_str!("pip_version_not_pinned.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

const VCS: &[&str] = &["git+", "git:", "hg+", "svn+", "svn:", "bzr+"];
const TAKES_VALUE: &[&str] = &[
    "abi",
    "b",
    "build",
    "e",
    "editable",
    "extra-index-url",
    "f",
    "find-links",
    "i",
    "index-url",
    "implementation",
    "no-binary",
    "only-binary",
    "platform",
    "prefix",
    "progress-bar",
    "proxy",
    "python-version",
    "root",
    "src",
    "t",
    "target",
    "trusted-host",
    "upgrade-strategy",
];

/// `pip install …`, `pip3 install …`, `python -m pip install …`.
pub fn is_pip_install(cmd: &Command) -> bool {
    let prog = cmd.program();
    let pip = prog.starts_with("pip")
        || (prog.starts_with("python")
            && cmd
                .args()
                .windows(2)
                .any(|w| val(&w[0]) == "-m" && val(&w[1]) == "pip"));
    pip && cmd.args().iter().any(|w| val(w) == "install")
}

fn pinned(p: &str) -> bool {
    let vcs = VCS.iter().any(|v| p.starts_with(v));
    ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
        .iter()
        .any(|s| p.contains(s))
        || (vcs && p.contains('@'))
        || p.ends_with(".whl")
        || p.ends_with(".tar.gz")
        || (!vcs && p.contains('/'))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if !is_pip_install(cmd) || has_flag(cmd, &["constraint", "c"]) {
            continue;
        }
        if cmd.has_arg(|a| matches!(a, "-r" | "--requirement" | ".")) {
            continue;
        }
        let loose: Vec<_> = packages_after(cmd, "install", TAKES_VALUE)
            .into_iter()
            .filter(|w| !pinned(val(w)))
            .collect();
        out.extend(unpinned(
            &RULE.meta,
            &loose,
            "pip install <package>==<version>",
        ));
    }
}
