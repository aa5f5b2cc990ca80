//! # pipe-without-pipefail (DF176)
//!
//! ## What it does
//! Flags a RUN with a pipe (`a | b`) when the stage's shell does not fail on
//! a failing pipe stage: no `SHELL [..., "-o", "pipefail", ...]` before it in
//! the stage. A `SHELL` with a non-POSIX shell (PowerShell, cmd) silences the
//! rule for the rest of the stage.
//!
//! ## Why is this bad?
//! `/bin/sh -c` only looks at the exit status of the last command of a
//! pipe: `curl -fsSL $URL | tar -xz` "succeeds" when the download fails, and
//! the build ships an image without the files.
//!
//! ## Example
//! ```dockerfile
//! RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! SHELL ["/bin/bash", "-o", "pipefail", "-c"]
//! RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
//! ```
//!
//! ## Fix safety
//! Unsafe: the fix inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
//! (`/bin/ash` for Alpine bases) before the first piped RUN of the stage, so
//! every later RUN of the stage runs with that shell — a pipe stage that used
//! to fail silently now fails the build, and the shell must exist in the
//! image. No fix for RUNs inside `ONBUILD` or when the stage's base image is
//! unknown to have that shell (`scratch`, Windows, distroless).
//!
//! Same check as hadolint's `DL4006`.

use super::packages::indent_at;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF176",
        name: "pipe-without-pipefail",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        aliases: &["hadolint/DL4006"],
        summary: "Piped RUN without `pipefail`",
        source: include_str!("pipe_without_pipefail.rs"),
    },
    check,
    scope: super::Scope::Stage,
};

fn sets_pipefail(ins: &crate::syntax::dockerfile::Instruction) -> Option<bool> {
    let json = ins.json.as_ref()?;
    let first = json.first()?.to_ascii_lowercase();
    let base = first.rsplit(['/', '\\']).next().unwrap_or(&first);
    if [
        "pwsh",
        "powershell",
        "cmd",
        "cmd.exe",
        "powershell.exe",
        "pwsh.exe",
    ]
    .contains(&base)
    {
        return Some(true);
    }
    let posix = ["bash", "zsh", "ash", "sh", "dash", "ksh", "mksh"].contains(&base);
    let pipefail = json
        .windows(2)
        .any(|w| w[0].starts_with('-') && w[0].ends_with('o') && w[1] == "pipefail");
    Some(posix && pipefail)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for stage in ctx.stages() {
        let image = stage
            .image
            .as_ref()
            .map(|(i, _)| i.to_ascii_lowercase())
            .unwrap_or_default();
        let fixable = !(image == "scratch"
            || image.contains("windows")
            || image.contains("nanoserver")
            || image.contains("distroless")
            || image.contains('$'));
        let shell = if image.contains("alpine") {
            "/bin/ash"
        } else {
            "/bin/bash"
        };
        let mut ok = false;
        let mut first_fix: Option<Edit> = None;
        for idx in stage.from..stage.end {
            let ins = &ctx.instructions()[idx];
            if ins.keyword == "SHELL" {
                ok = sets_pipefail(ins).unwrap_or(false);
                continue;
            }
            if ok || ins.keyword != "RUN" {
                continue;
            }
            let Some(script) = ctx.script(idx) else {
                continue;
            };
            let Some(pipe) = script.pipes.first() else {
                continue;
            };
            let mut d = Diagnostic::new(
                &RULE.meta,
                pipe.clone(),
                format!("a failing command before this `|` does not fail the build: set `SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]` first"),
            );
            if fixable {
                let edit = first_fix.get_or_insert_with(|| {
                    let indent = indent_at(ctx.text, ins.range.start);
                    Edit::insert(
                        ins.range.start,
                        format!(
                            "SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]{}{indent}",
                            ctx.newline
                        ),
                    )
                });
                d = d.with_fix(Fix::unsafe_(format!("Insert `SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]` before the first piped RUN of the stage"), vec![edit.clone()]));
            }
            out.push(d);
        }
    }
}
