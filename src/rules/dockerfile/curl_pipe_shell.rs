//! # curl-pipe-shell (DF302)
//!
//! ## What it does
//! Flags a RUN that pipes `curl` or `wget` output straight into a shell
//! (`curl -fsSL https://… | sh`, `wget -qO- … | bash`).
//!
//! ## Why is this bad?
//! Whatever the server returns at build time runs as root in the image,
//! unverified: a compromised or changed script changes the image without
//! any change to the Dockerfile, and a truncated download runs half a
//! script. Builds are not reproducible.
//!
//! ## Example
//! ```dockerfile
//! RUN curl -fsSL https://example.com/install.sh | sh
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ADD --checksum=sha256:… https://example.com/install-1.2.3.sh /tmp/install.sh
//! RUN sh /tmp/install.sh && rm /tmp/install.sh
//! ```
//!
//! ## Fix safety
//! No fix: the checksum of the script has to come from its publisher.

use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF302",
        name: "curl-pipe-shell",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &[],
        summary: "`curl … | sh`: a remote script runs unverified",
        source: include_str!("curl_pipe_shell.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (n, _) in ctx.instructions().iter().enumerate() {
        let Some(script) = ctx.script(n) else {
            continue;
        };
        for (k, fetch) in script.commands.iter().enumerate() {
            if !matches!(fetch.program(), "curl" | "wget") {
                continue;
            }
            // The command after the download: not one inside its arguments
            // (`curl "$(sh -c …)"`), which comes next in the list.
            let Some(shell) = script.commands[k + 1..]
                .iter()
                .find(|c| c.range.start >= fetch.range.end)
            else {
                continue;
            };
            if !SHELLS.contains(&shell.program()) {
                continue;
            }
            // `sh -c '…'` or `sh ./file` do not read the download.
            let reads_stdin = shell.args().iter().all(|a| {
                let v = a.value.as_deref().unwrap_or(&a.text);
                v.starts_with('-') && v != "-c"
            });
            let between = &ctx.text[fetch.range.end..shell.range.start];
            if !reads_stdin || !between.contains('|') || between.contains("||") {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE.meta,
                fetch.range.start..shell.range.end,
                format!(
                    "`{} … | {}` runs a downloaded script without verifying it: download it with a checksum, then run it",
                    fetch.program(),
                    shell.program()
                ),
            ));
        }
    }
}

const SHELLS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl",
];
