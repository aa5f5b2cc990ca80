//! # copy-all-before-install (DF300)
//!
//! ## What it does
//! Flags `COPY . <dest>` (or `ADD .`) followed, in the same stage, by a
//! dependency install that needs only the manifests: `npm ci` /
//! `npm install`, `yarn install`, `pnpm install`, `pip install -r FILE`,
//! `poetry install`, `go mod download`, `cargo fetch`, `bundle install`,
//! `composer install`.
//!
//! ## Why is this bad?
//! The install layer's cache key includes every file of the context, so any
//! source edit re-downloads and re-installs every dependency: minutes per
//! build instead of seconds.
//!
//! ## Example
//! ```dockerfile
//! WORKDIR /app
//! COPY . .
//! RUN npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! WORKDIR /app
//! COPY package*.json ./
//! RUN npm ci
//! COPY . .
//! ```
//!
//! ## Fix safety
//! Unsafe, and offered only when the install RUN does nothing but installs
//! and what lies between it and the `COPY .` cannot read the build context
//! (`ENV`, `ARG`, `LABEL`, `EXPOSE`, `USER`, system package RUNs such as
//! `apt-get install`; `WORKDIR` only when the destination is absolute). The
//! `COPY .` then copies only the manifests (`package*.json`, `yarn.lock*`,
//! `requirements.txt`, `pyproject.toml` + `poetry.lock*`, `go.mod` +
//! `go.sum*`, `Cargo.toml` + `Cargo.lock*`, `Gemfile*`, `composer.json` +
//! `composer.lock*`), with the same flags and destination, and the original
//! `COPY .` comes back right after the install RUN. An install that reads
//! other files of the context (an `.npmrc`, a `postinstall` script,
//! `-r other.txt` inside the requirements file) then fails: check the
//! build.

use super::util::{full_lines, words};
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::shell::{Command, Word};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF300",
        name: "copy-all-before-install",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &[],
        summary: "`COPY . .` before the dependency install: every source change re-installs",
        source: include_str!("copy_all_before_install.rs"),
    },
    check,
    scope: super::Scope::File,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let ins = ctx.instructions();
    for stage in ctx.stages() {
        let Some(copy_idx) = (stage.from + 1..stage.end).find(|&i| copies_everything(ctx, i))
        else {
            continue;
        };
        let Some((run_idx, manifests)) = (copy_idx + 1..stage.end).find_map(|i| {
            let m = install_manifests(ctx, i)?;
            Some((i, m))
        }) else {
            continue;
        };
        let copy = &ins[copy_idx];
        let diag = Diagnostic::new(
            &RULE.meta,
            copy.range.start..copy.args_range.end,
            format!(
                "the whole context is copied before the dependency install on line {}: any source change re-runs it; copy {} first",
                ins[run_idx].start_line + 1,
                manifests.join(" ")
            ),
        );
        out.push(match fix(ctx, copy_idx, run_idx, &manifests) {
            Some(f) => diag.with_fix(f),
            None => diag,
        });
    }
}

/// `COPY [flags] . <dest>` / `ADD . <dest>` (also `./`), without `--from`.
fn copies_everything(ctx: &Context, idx: usize) -> bool {
    let ins = &ctx.instructions()[idx];
    if !matches!(ins.keyword.as_str(), "COPY" | "ADD") || ins.flag("from").is_some() {
        return false;
    }
    let ws = words(ctx.text, ins.args_range.clone());
    ws.len() >= 2
        && ws[..ws.len() - 1]
            .iter()
            .any(|(w, _)| matches!(*w, "." | "./"))
}

/// The manifests a RUN's install commands need, when it installs; `None`
/// otherwise.
fn install_manifests(ctx: &Context, idx: usize) -> Option<Vec<String>> {
    let script = ctx.script(idx)?;
    let mut out: Vec<String> = Vec::new();
    for cmd in &script.commands {
        for m in manifests_of(cmd) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

fn value(w: &Word) -> &str {
    w.value.as_deref().unwrap_or(&w.text)
}

/// Manifests one command needs, if it is a manifest-only install.
fn manifests_of(cmd: &Command) -> Vec<String> {
    let args: Vec<&str> = cmd.args().iter().map(value).collect();
    let positional: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with('-'))
        .collect();
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
    match (cmd.program(), positional.as_slice()) {
        ("npm", ["ci"] | ["install"] | ["i"]) => v(&["package*.json"]),
        ("yarn", [] | ["install"]) => v(&["package.json", "yarn.lock*"]),
        ("pnpm", ["install"] | ["i"]) => v(&["package.json", "pnpm-lock.yaml*"]),
        ("pip" | "pip3", ["install", ..]) => {
            let mut files = Vec::new();
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if *a == "-r" || *a == "--requirement" {
                    if let Some(f) = it.next() {
                        files.push(f.to_string());
                    }
                } else if let Some(f) = a.strip_prefix("--requirement=") {
                    files.push(f.to_string());
                }
            }
            // Only `pip install [flags] -r FILE…`: other positional words
            // (`.`, package names) need more than the manifests.
            if positional.len() == 1 + files.len() {
                files
            } else {
                Vec::new()
            }
        }
        ("poetry", ["install"]) => v(&["pyproject.toml", "poetry.lock*"]),
        ("go", ["mod", "download"]) => v(&["go.mod", "go.sum*"]),
        ("cargo", ["fetch"]) => v(&["Cargo.toml", "Cargo.lock*"]),
        ("bundle", [] | ["install"]) => v(&["Gemfile*"]),
        ("composer", ["install"]) => v(&["composer.json", "composer.lock*"]),
        _ => Vec::new(),
    }
}

/// Copy only the manifests where `COPY .` was, and `COPY .` again right
/// after the install RUN.
fn fix(ctx: &Context, copy_idx: usize, run_idx: usize, manifests: &[String]) -> Option<Fix> {
    let ins = ctx.instructions();
    let (copy, run) = (&ins[copy_idx], &ins[run_idx]);
    if !run.heredocs.is_empty() || copy.onbuild.is_some() {
        return None;
    }
    // Every command of the RUN must be a manifest-only install.
    let script = ctx.script(run_idx)?;
    if script.has_error || script.commands.iter().any(|c| manifests_of(c).is_empty()) {
        return None;
    }
    let copy_text = &ctx.text[copy.range.clone()];
    if copy_text.contains('$') || copy.json.is_some() {
        return None;
    }
    let ws = words(ctx.text, copy.args_range.clone());
    let dest = ws.last()?.0;
    if dest.starts_with('[') {
        return None;
    }
    // What runs in between must not read the build context, and a relative
    // destination must mean the same directory after the move.
    let absolute = dest.starts_with('/');
    for (n, between) in ins.iter().enumerate().take(run_idx).skip(copy_idx + 1) {
        let ok = match between.keyword.as_str() {
            "ENV" | "ARG" | "LABEL" | "EXPOSE" | "USER" | "STOPSIGNAL" | "HEALTHCHECK" => true,
            "WORKDIR" => absolute,
            "RUN" => {
                between.heredocs.is_empty()
                    && ctx.script(n).is_some_and(|s| {
                        !s.has_error && s.commands.iter().all(is_system_package_step)
                    })
            }
            _ => false,
        };
        if !ok {
            return None;
        }
    }
    let dest_dir = if dest == "." || dest == "./" {
        "./".to_string()
    } else {
        format!("{}/", dest.trim_end_matches('/'))
    };
    let copy_line_start = full_lines(ctx.text, copy.range.clone()).start;
    let indent = &ctx.text[copy_line_start..copy.range.start];
    let args_end = copy.args_content_end(ctx.text, ctx.df.escape);
    Some(Fix::unsafe_(
        format!(
            "Copy {} first, and the rest after the install",
            manifests.join(" ")
        ),
        vec![
            Edit::replace(
                copy.args_range.start..args_end,
                format!("{} {dest_dir}", manifests.join(" ")),
            ),
            Edit::insert(run.range.end, format!("{}{indent}{copy_text}", ctx.newline)),
        ],
    ))
}

/// System package steps that never read the build context: `apt-get
/// update/install`, `apk add`, `yum`/`dnf`/`microdnf`/`zypper`, cleanup of
/// their caches.
fn is_system_package_step(c: &Command) -> bool {
    match c.program() {
        "apt-get" | "apt" | "apk" | "yum" | "dnf" | "microdnf" | "zypper" | "apt-mark" => {
            // Installing a local file (`apt-get install ./x.deb`) reads the context.
            !c.args().iter().any(|a| {
                let v = value(a);
                v.starts_with("./")
                    || v.ends_with(".deb")
                    || v.ends_with(".rpm")
                    || v.ends_with(".apk")
            })
        }
        "rm" => c.args().iter().all(|a| {
            let v = value(a);
            v.starts_with('-')
                || v.starts_with("/var/lib/apt")
                || v.starts_with("/var/cache/")
                || v.starts_with("/tmp/")
        }),
        _ => false,
    }
}
