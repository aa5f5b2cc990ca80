//! # npm-start-cmd (DF301)
//!
//! ## What it does
//! Flags a `CMD` or `ENTRYPOINT` that starts the app through a package
//! manager: `npm start`, `npm run <script>`, `yarn start`, `yarn run
//! <script>`, `pnpm start` (exec or shell form).
//!
//! ## Why is this bad?
//! npm (and the shell it spawns) becomes PID 1 and does not forward
//! SIGTERM to node: on `docker stop` or a Kubernetes rollout the app gets
//! no chance to finish requests and is SIGKILLed after the grace period.
//! npm also adds its own start-up time and memory.
//!
//! ## Example
//! ```dockerfile
//! CMD ["npm", "start"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["node", "server.js"]
//! ```
//!
//! ## Fix safety
//! No fix: the script behind `start` lives in `package.json`, which a
//! Dockerfile rule does not read.

use super::util::words;
use super::{Context, Rule};
use crate::engine::{Diagnostic, Severity};
use crate::rules::{FixAvailability, RuleMeta};
use crate::syntax::FileKind;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DF301",
        name: "npm-start-cmd",
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        aliases: &[],
        summary: "`CMD npm start` / `yarn start`: the package manager swallows SIGTERM",
        source: include_str!("npm_start_cmd.rs"),
    },
    check,
    scope: super::Scope::Instruction,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.keyword != "CMD" && ins.keyword != "ENTRYPOINT" {
            continue;
        }
        let argv: Vec<String> = match &ins.json {
            Some(j) => j.clone(),
            None => words(ctx.text, ins.args_range.clone())
                .into_iter()
                .map(|(w, _)| w.to_string())
                .collect(),
        };
        // `sh -c "npm start"`
        let argv = match argv.as_slice() {
            [sh, c, script] if (sh.ends_with("sh")) && c == "-c" => {
                script.split_whitespace().map(str::to_string).collect()
            }
            _ => argv,
        };
        let Some(pm) = starts_via_package_manager(&argv) else {
            continue;
        };
        let how = argv[1..]
            .iter()
            .filter(|a| !a.starts_with('-'))
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Diagnostic::new(
            &RULE.meta,
            ins.args_range.clone(),
            format!(
                "`{pm} {how}` runs node under {pm}, which does not forward SIGTERM: run `node <entry file>` directly"
            ),
        ));
    }
}

fn starts_via_package_manager(argv: &[String]) -> Option<&str> {
    let pm = argv.first()?.rsplit('/').next()?;
    if !matches!(pm, "npm" | "yarn" | "pnpm") {
        return None;
    }
    let rest: Vec<&str> = argv[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    match rest.as_slice() {
        ["start", ..] | ["run" | "run-script", _, ..] => Some(pm),
        _ => None,
    }
}
