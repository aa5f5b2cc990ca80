//! Inline pragmas in Dockerfiles: `# hadolint ignore=` (next instruction),
//! `# hadolint global ignore=`, `# hadolint stage ignore=`,
//! `# hadolint shell=`, `# check=skip=`, `# check=error=true`,
//! `# dfix: ignore[…]`, and `disable-ignore-pragma`.

use dfix::engine::{self, LintConfig, Severity};
use dfix::syntax::FileKind;

fn lint(text: &str) -> Vec<(String, usize, Severity)> {
    lint_with(text, &LintConfig::default())
}

fn lint_with(text: &str, config: &LintConfig) -> Vec<(String, usize, Severity)> {
    engine::lint(None, text, FileKind::Dockerfile, config)
        .diagnostics
        .iter()
        .map(|d| {
            let line = text[..d.range.start].matches('\n').count() + 1;
            (d.rule.code.to_string(), line, d.severity)
        })
        .collect()
}

fn lines_of(v: &[(String, usize, Severity)], code: &str) -> Vec<usize> {
    v.iter()
        .filter(|(c, _, _)| c == code)
        .map(|(_, l, _)| *l)
        .collect()
}

const TWO_STAGES: &str = "\
FROM debian:bookworm-slim AS build
RUN apt-get install curl
# hadolint stage ignore=DL3015
FROM debian:bookworm-slim
RUN apt-get install curl
RUN apt-get install jq
";

#[test]
fn stage_ignore_above_from_covers_that_stage_only() {
    let v = lint(TWO_STAGES);
    assert_eq!(lines_of(&v, "DF013"), vec![2], "{v:?}");
    assert_eq!(lines_of(&v, "DF011"), vec![2, 5, 6], "{v:?}");
}

#[test]
fn stage_ignore_inside_a_stage_covers_the_stage_it_sits_in() {
    let text = "\
FROM debian:bookworm-slim AS build
RUN apt-get install curl
FROM debian:bookworm-slim
RUN apt-get install curl
# hadolint stage ignore=DL3015,apt-get-missing-yes
RUN apt-get install jq
";
    let v = lint(text);
    assert_eq!(lines_of(&v, "DF013"), vec![2], "{v:?}");
    assert_eq!(lines_of(&v, "DF011"), vec![2], "{v:?}");
}

#[test]
fn next_instruction_and_global_ignores() {
    let text = "\
# hadolint global ignore=DL3015
FROM debian:bookworm-slim
# hadolint ignore=DL3014
RUN apt-get install curl
# dfix: ignore[DF012]
RUN apt-get install jq
";
    let v = lint(text);
    assert!(lines_of(&v, "DF013").is_empty(), "{v:?}");
    assert_eq!(lines_of(&v, "DF011"), vec![6], "{v:?}");
    assert_eq!(lines_of(&v, "DF012"), vec![4], "{v:?}");
}

#[test]
fn disable_inline_ignores_keeps_every_finding() {
    let config = LintConfig {
        disable_inline_ignores: true,
        ..LintConfig::default()
    };
    let v = lint_with(TWO_STAGES, &config);
    assert_eq!(lines_of(&v, "DF013"), vec![2, 5, 6], "{v:?}");
}

#[test]
fn non_posix_shell_pragma_turns_off_shell_rules() {
    let text = "\
# hadolint shell=pwsh
FROM mcr.microsoft.com/powershell:lts-debian-12
RUN apt-get install curl
";
    let v = lint(text);
    assert!(lines_of(&v, "DF011").is_empty(), "{v:?}");
    let posix = text.replace("pwsh", "bash");
    let v = lint(&posix);
    assert_eq!(lines_of(&v, "DF011"), vec![3], "{v:?}");
}

#[test]
fn shell_instruction_decides_per_stage() {
    let text = r#"FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN apt-get install curl
FROM debian:bookworm-slim
RUN apt-get install curl
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get install jq
"#;
    let v = lint(text);
    assert_eq!(lines_of(&v, "DF011"), vec![5, 7], "{v:?}");
}

#[test]
fn check_skip_and_error_directives() {
    let text = "\
# check=skip=FromAsCasing;error=true
FROM alpine:3.20 as build
ENV A 1
EXPOSE 80/TCP
RUN apt-get install curl
";
    let v = lint(text);
    assert!(lines_of(&v, "DF201").is_empty(), "{v:?}");
    // BuildKit checks become errors; other rules keep their severity.
    assert!(
        v.contains(&("DF209".to_string(), 3, Severity::Error)),
        "{v:?}"
    );
    assert!(
        v.contains(&("DF210".to_string(), 4, Severity::Error)),
        "{v:?}"
    );
    assert!(
        v.contains(&("DF011".to_string(), 5, Severity::Warning)),
        "{v:?}"
    );

    let all = text.replace("skip=FromAsCasing", "skip=all");
    let v = lint(&all);
    assert!(v.iter().all(|(c, _, _)| !c.starts_with("DF2")), "{v:?}");
    assert_eq!(lines_of(&v, "DF011"), vec![5], "{v:?}");
}
