//! # cache-mount-suggested (DF304)
//!
//! ## What it does
//! In a Dockerfile that opts into BuildKit syntax with a `# syntax=`
//! directive, reports a RUN that downloads packages without a cache mount
//! for the package manager's cache: `pip install` (unless
//! `--no-cache-dir`), `npm ci` / `npm install`, `yarn install`,
//! `go mod download` / `go build`, `cargo build` / `cargo fetch`.
//!
//! ## Why is this bad?
//! Every change to the manifests re-downloads every package from scratch.
//! A cache mount keeps the download cache between builds on the builder
//! without putting it in the image.
//!
//! ## Example
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM python:3.12-slim
//! RUN pip install -r requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # syntax=docker/dockerfile:1
//! FROM python:3.12-slim
//! RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
//! ```
//!
//! ## Fix safety
//! A suggestion only, never applied automatically: the cache paths assume
//! the build runs as root with the tools' default cache locations, and a
//! shared cache changes nothing in the image but may not suit every CI.

use super::util::{has_cache_mount, run_commands};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::Command;
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF304",
        name: "cache-mount-suggested",
        kind: FileKind::Dockerfile,
        severity: Severity::Info,
        fix: FixAvailability::Always,
        aliases: &[],
        summary: "Package download without a BuildKit cache mount",
        source: include_str!("cache_mount_suggested.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.df.directives.iter().any(|d| d.name == "syntax") {
        return;
    }
    let mut done: Vec<usize> = Vec::new();
    for (idx, cmd) in run_commands(ctx) {
        let Some(targets) = cache_targets(cmd) else {
            continue;
        };
        let missing: Vec<&str> = targets
            .iter()
            .copied()
            .filter(|t| !has_cache_mount(ctx, idx, &[t]))
            .collect();
        if missing.is_empty() || done.contains(&idx) {
            continue;
        }
        done.push(idx);
        // The flags go after `RUN` (the wrapped one for `ONBUILD RUN`).
        let ins = super::util::run_of(&ctx.instructions()[idx]);
        let mounts: String = missing
            .iter()
            .map(|t| format!("--mount=type=cache,target={t} "))
            .collect();
        out.push(
            Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                format!(
                    "`{}` downloads packages on every rebuild: a cache mount on {} keeps them between builds",
                    cmd.program(),
                    missing.join(", ")
                ),
            )
            .with_fix(Fix::suggestion(
                "Add a cache mount",
                vec![Edit::insert(ins.keyword_range.end + 1, mounts)],
            )),
        );
    }
}

/// Cache directories for a package-manager command (as root).
fn cache_targets(cmd: &Command) -> Option<Vec<&'static str>> {
    let sub = cmd
        .subcommand()
        .map(|(_, w)| w.value.as_deref().unwrap_or(&w.text).to_string());
    let sub = sub.as_deref();
    match cmd.program() {
        "pip" | "pip3" if sub == Some("install") => {
            (!cmd.has_arg(|a| a == "--no-cache-dir")).then(|| vec!["/root/.cache/pip"])
        }
        "npm" if matches!(sub, Some("ci" | "install" | "i")) => Some(vec!["/root/.npm"]),
        "yarn" if matches!(sub, None | Some("install")) => {
            Some(vec!["/usr/local/share/.cache/yarn"])
        }
        "go" if matches!(sub, Some("build" | "mod" | "install")) => {
            Some(vec!["/go/pkg/mod", "/root/.cache/go-build"])
        }
        "cargo" if matches!(sub, Some("build" | "fetch" | "install")) => {
            Some(vec!["/usr/local/cargo/registry"])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// The mount goes after the `RUN`, also the one `ONBUILD` wraps.
    #[test]
    fn the_mount_goes_after_run() {
        let text = "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nRUN pip install a\nONBUILD RUN pip install b\n";
        let result = crate::rules::dockerfile::run(None, text);
        let fixed: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.rule.code == "DF304")
            .map(|d| {
                let e = &d.fix.as_ref().expect("a suggestion").edits[0];
                let mut t = text.to_string();
                t.replace_range(e.range.clone(), &e.content);
                t.lines()
                    .nth(if e.range.start < 60 { 2 } else { 3 })
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            fixed,
            [
                "RUN --mount=type=cache,target=/root/.cache/pip pip install a",
                "ONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install b",
            ]
        );
    }
}
