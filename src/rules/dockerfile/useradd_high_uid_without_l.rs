//! # useradd-high-uid-without-l (DF146)
//!
//! ## What it does
//! Flags `useradd` with a UID of six digits or more and without
//! `-l`/`--no-log-init`.
//!
//! ## Why is this bad?
//! `useradd` records the user in `/var/log/lastlog` and `faillog`, sparse
//! files indexed by UID. With a high UID the layer stores them as gigabytes
//! of zeroes.
//!
//! ## Example
//! ```dockerfile
//! RUN useradd -u 123456 app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN useradd -l -u 123456 app
//! ```
//!
//! ## Fix safety
//! Safe: `-l` only skips the lastlog and faillog entries.
//!
//! Same check as hadolint's `DL3046`.

use super::packages::{has_flag, val};
use super::util::run_commands;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF146",
        name: "useradd-high-uid-without-l",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Always,
        aliases: &["hadolint/DL3046"],
        summary: "`useradd` with a high UID and without `-l`",
        source: include_str!("useradd_high_uid_without_l.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in run_commands(ctx) {
        if cmd.program() != "useradd" || has_flag(cmd, &["l", "no-log-init"]) {
            continue;
        }
        let args = cmd.args();
        let mut uid = None;
        for (i, w) in args.iter().enumerate() {
            let v = val(w);
            if v == "-u" || v == "--uid" {
                uid = args.get(i + 1).map(|n| val(n).to_string());
            } else if let Some(u) = v.strip_prefix("--uid=") {
                uid = Some(u.to_string());
            } else if let Some(u) = v
                .strip_prefix("-u")
                .filter(|u| !u.is_empty() && u.chars().all(|c| c.is_ascii_digit()))
            {
                uid = Some(u.to_string());
            }
        }
        let Some(uid) = uid else { continue };
        if uid.len() < 6 {
            continue;
        }
        let Some(name) = cmd.effective().first() else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &RULE.meta,
                cmd.range.clone(),
                format!("`useradd` with UID {uid} and without `-l` writes huge sparse lastlog/faillog files into the layer"),
            )
            .with_fix(Fix::safe("Add `-l`", vec![Edit::insert(name.range.end, " -l")])),
        );
    }
}
