//! Dockerfile rules and the context they read.
//!
//! Owns: `Context` (the parsed Dockerfile, lazily parsed shell scripts of
//! RUN instructions, stages, global ARGs) and the table of Dockerfile rules.
//! Never touches: IO or fix application; rules only return diagnostics.

mod add_instead_of_copy;
mod apk_no_cache;
mod apk_version_not_pinned;
mod apt_cleanup_in_later_run;
mod apt_install_recommends;
mod apt_instead_of_apt_get;
mod apt_lists_not_cleaned;
mod apt_missing_yes;
mod apt_update_alone;
mod apt_version_not_pinned;
mod archive_copied_then_extracted;
mod cache_mount_suggested;
mod cd_in_run;
mod consecutive_run;
mod consistent_instruction_casing;
mod copy_all_before_install;
mod copy_entire_filesystem;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_ignored_file;
mod copy_multiple_sources_dest_slash;
mod copy_relative_dest_without_workdir;
mod curl_pipe_shell;
mod dnf_cache_not_cleaned;
mod dnf_missing_yes;
mod dnf_version_not_pinned;
mod dockerignore_misses_paths;
mod duplicate_stage_name;
mod empty_schema_label;
mod env_self_reference;
mod expose_invalid_format;
mod expose_port_out_of_range;
mod expose_proto_casing;
mod from_as_casing;
mod from_platform_flag;
mod from_platform_flag_const_disallowed;
mod gem_version_not_pinned;
mod go_version_not_pinned;
mod inline_ignore_pragma;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod invalid_instruction_order;
mod invalid_label_key;
mod label_not_email;
mod label_not_git_hash;
mod label_not_rfc3339;
mod label_not_semver;
mod label_not_spdx;
mod label_not_url;
mod legacy_key_value_format;
mod ln_sh_instead_of_shell;
mod maintainer_deprecated;
mod missing_dockerignore;
mod missing_healthcheck;
mod missing_schema_label;
mod missing_user;
mod multiple_cmd;
mod multiple_entrypoint;
mod multiple_healthchecks;
mod no_empty_continuation;
mod non_numeric_user;
mod npm_start_cmd;
mod npm_version_not_pinned;
mod onbuild_forbidden_trigger;
pub mod packages;
mod pip_no_cache_dir;
mod pip_version_not_pinned;
mod pipe_without_pipefail;
mod pointless_command;
mod redundant_target_platform;
mod reserved_stage_name;
mod root_user;
mod secret_in_arg_or_env;
mod secret_literal_value;
mod service_without_healthcheck;
mod shell_form_cmd;
mod slim_base_available;
mod stage_name_casing;
mod sudo_in_run;
mod superfluous_label;
mod undefined_arg_in_from;
mod undefined_var;
mod untagged_base_image;
mod untrusted_registry;
mod useradd_high_uid_without_l;
pub mod util;
mod wget_and_curl;
mod wget_without_progress;
mod workdir_relative_path;
mod yarn_cache_not_cleaned;
mod yum_cache_not_cleaned;
mod yum_missing_yes;
mod yum_version_not_pinned;
mod zypper_cache_not_cleaned;
mod zypper_dist_upgrade;
mod zypper_missing_yes;
mod zypper_version_not_pinned;

pub mod windows;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::engine::{Diagnostic, LintConfig, LintResult};
use crate::rules::RuleMeta;
use crate::syntax::dockerfile::{mask_continuations, Dockerfile, Instruction};
use crate::syntax::shell::Script;

/// A Dockerfile rule: its metadata and its check.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&Context, &mut Vec<Diagnostic>),
    /// What the check reads; lets the language server re-run only what an
    /// edit can change.
    pub scope: Scope,
}

/// What a rule's findings depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything in the file.
    File,
    /// Only one window at a time: the instructions before the first `FROM`,
    /// or one stage (its `FROM` up to the next). Run on a context that holds
    /// just that window ([`Context::window`]), the check reports exactly the
    /// findings it reports for the window's instructions when run on the
    /// whole file. Besides the window's instructions, their scripts and
    /// shells, and the text between them, it may read only what is the same
    /// for every window: the config, `escape`, the directives, the global
    /// `ARG`s, the newline style. It must not read other stages (names,
    /// bases, "the last stage"), comments, the build context, or put line
    /// numbers in messages (a window is reused when lines move above it).
    Stage,
    /// Like `Stage`, with one instruction as the window: its findings for
    /// an instruction depend on that instruction alone (its text and the
    /// lines up to the next one, its script and shell).
    Instruction,
}

/// Every Dockerfile rule.
pub static RULES: &[&Rule] = &[
    &untagged_base_image::RULE,
    &shell_form_cmd::RULE,
    &apt_update_alone::RULE,
    &apt_missing_yes::RULE,
    &apt_lists_not_cleaned::RULE,
    &apt_install_recommends::RULE,
    &apk_no_cache::RULE,
    &pip_no_cache_dir::RULE,
    &root_user::RULE,
    &missing_dockerignore::RULE,
    &dockerignore_misses_paths::RULE,
    &copy_ignored_file::RULE,
    &workdir_relative_path::RULE,
    &pointless_command::RULE,
    &cd_in_run::RULE,
    &sudo_in_run::RULE,
    &apt_version_not_pinned::RULE,
    &archive_copied_then_extracted::RULE,
    &expose_port_out_of_range::RULE,
    &multiple_healthchecks::RULE,
    &pip_version_not_pinned::RULE,
    &npm_version_not_pinned::RULE,
    &apk_version_not_pinned::RULE,
    &add_instead_of_copy::RULE,
    &copy_multiple_sources_dest_slash::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_from_own_stage::RULE,
    &duplicate_stage_name::RULE,
    &untrusted_registry::RULE,
    &apt_instead_of_apt_get::RULE,
    &gem_version_not_pinned::RULE,
    &from_platform_flag::RULE,
    &yum_missing_yes::RULE,
    &yum_cache_not_cleaned::RULE,
    &yum_version_not_pinned::RULE,
    &zypper_missing_yes::RULE,
    &zypper_dist_upgrade::RULE,
    &zypper_cache_not_cleaned::RULE,
    &zypper_version_not_pinned::RULE,
    &dnf_missing_yes::RULE,
    &dnf_cache_not_cleaned::RULE,
    &dnf_version_not_pinned::RULE,
    &onbuild_forbidden_trigger::RULE,
    &env_self_reference::RULE,
    &copy_relative_dest_without_workdir::RULE,
    &useradd_high_uid_without_l::RULE,
    &wget_without_progress::RULE,
    &invalid_label_key::RULE,
    &missing_schema_label::RULE,
    &superfluous_label::RULE,
    &empty_schema_label::RULE,
    &label_not_url::RULE,
    &label_not_rfc3339::RULE,
    &label_not_spdx::RULE,
    &label_not_git_hash::RULE,
    &label_not_semver::RULE,
    &missing_healthcheck::RULE,
    &label_not_email::RULE,
    &consecutive_run::RULE,
    &yarn_cache_not_cleaned::RULE,
    &invalid_instruction_order::RULE,
    &go_version_not_pinned::RULE,
    &missing_user::RULE,
    &secret_in_arg_or_env::RULE,
    &redundant_target_platform::RULE,
    &non_numeric_user::RULE,
    &copy_entire_filesystem::RULE,
    &maintainer_deprecated::RULE,
    &wget_and_curl::RULE,
    &multiple_cmd::RULE,
    &multiple_entrypoint::RULE,
    &ln_sh_instead_of_shell::RULE,
    &pipe_without_pipefail::RULE,
    &inline_ignore_pragma::RULE,
    &consistent_instruction_casing::RULE,
    &from_as_casing::RULE,
    &stage_name_casing::RULE,
    &reserved_stage_name::RULE,
    &no_empty_continuation::RULE,
    &undefined_arg_in_from::RULE,
    &undefined_var::RULE,
    &invalid_default_arg_in_from::RULE,
    &legacy_key_value_format::RULE,
    &expose_proto_casing::RULE,
    &expose_invalid_format::RULE,
    &from_platform_flag_const_disallowed::RULE,
    &invalid_definition_description::RULE,
    &copy_all_before_install::RULE,
    &npm_start_cmd::RULE,
    &curl_pipe_shell::RULE,
    &slim_base_available::RULE,
    &cache_mount_suggested::RULE,
    &apt_cleanup_in_later_run::RULE,
    &secret_literal_value::RULE,
    &service_without_healthcheck::RULE,
];

/// A build stage: `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Index of the FROM instruction.
    pub from: usize,
    /// One past the index of the stage's last instruction.
    pub end: usize,
    /// `AS name`, lower-cased.
    pub name: Option<String>,
    /// The image word as written, and its range.
    pub image: Option<(String, Range<usize>)>,
}

/// What a Dockerfile rule reads.
pub struct Context<'a> {
    pub path: Option<&'a Path>,
    pub text: &'a str,
    pub df: &'a Dockerfile,
    /// `\r\n` when the file uses CRLF line ends.
    pub newline: &'static str,
    /// Options of rules that have them (trusted registries, label schema).
    pub config: &'a LintConfig,
    /// The build context, when the caller listed it (`.dockerignore` rules).
    pub build_context: Option<&'a crate::dockerignore::BuildContext>,
    /// What is known per instruction of the whole file, shared by the
    /// windows of a context.
    shared: Held<'a, PerInstruction>,
    /// The instructions this context shows its rules: all of them, or one
    /// window ([`Context::window`]). Indices rules pass in are relative to
    /// it.
    window: Range<usize>,
    stages: OnceCell<Vec<Stage>>,
}

/// Per instruction of the file.
struct PerInstruction {
    scripts: Vec<OnceCell<Option<Script>>>,
    /// RUN bodies are POSIX shell (no `SHELL` switch to PowerShell/cmd, not
    /// a Windows base image; `# hadolint shell=NAME` decides for the whole
    /// file).
    posix: Vec<bool>,
}

/// Owned by the whole-file context, borrowed by its windows.
enum Held<'a, T> {
    Owned(T),
    Borrowed(&'a T),
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Held::Owned(t) => t,
            Held::Borrowed(t) => t,
        }
    }
}

impl<'a> Context<'a> {
    pub fn new(path: Option<&'a Path>, text: &'a str, df: &'a Dockerfile) -> Context<'a> {
        static DEFAULT: std::sync::OnceLock<LintConfig> = std::sync::OnceLock::new();
        Context::with_config(path, text, df, DEFAULT.get_or_init(LintConfig::default))
    }

    pub fn with_config(
        path: Option<&'a Path>,
        text: &'a str,
        df: &'a Dockerfile,
        config: &'a LintConfig,
    ) -> Context<'a> {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let n = df.instructions.len();
        Context {
            path,
            text,
            df,
            newline,
            config,
            build_context: None,
            shared: Held::Owned(PerInstruction {
                scripts: (0..n).map(|_| OnceCell::new()).collect(),
                posix: util::shell_pragma(df)
                    .map(|posix| vec![posix; n])
                    .unwrap_or_else(|| posix_shell_map(text, df)),
            }),
            window: 0..n,
            stages: OnceCell::new(),
        }
    }

    /// The context of a lint: the config's build context, and the scripts
    /// carried over from an earlier lint (see [`Context::preload_script`]).
    pub fn for_lint(
        path: Option<&'a Path>,
        text: &'a str,
        df: &'a Dockerfile,
        config: &'a LintConfig,
        carried: Vec<(usize, Script)>,
    ) -> Context<'a> {
        let mut ctx = Context::with_config(path, text, df, config);
        ctx.build_context = config.inputs.build_context.as_deref();
        for (idx, script) in carried {
            ctx.preload_script(idx, script);
        }
        ctx
    }

    /// A context showing only the instructions `window` (indices into the
    /// whole file) to its rules, sharing this one's scripts.
    pub fn window(&self, window: Range<usize>) -> Context<'_> {
        Context {
            path: self.path,
            text: self.text,
            df: self.df,
            newline: self.newline,
            config: self.config,
            build_context: self.build_context,
            shared: Held::Borrowed(&self.shared),
            window,
            stages: OnceCell::new(),
        }
    }

    /// Is the shell of instruction `idx` a POSIX shell?
    pub fn is_posix_shell(&self, idx: usize) -> bool {
        self.shared.posix[self.window.start + idx]
    }

    /// The POSIX-shell flag of every instruction of the file.
    pub fn posix_flags(&self) -> &[bool] {
        &self.shared.posix
    }

    pub fn instructions(&self) -> &'a [Instruction] {
        &self.df.instructions[self.window.clone()]
    }

    /// Hand over a script computed for instruction `idx` (of the file) by
    /// an earlier lint of the same instruction text (offsets already
    /// moved). Taken only where this lint would parse one (a RUN in a
    /// POSIX-shell stage).
    pub fn preload_script(&self, idx: usize, script: Script) {
        if self.shared.posix.get(idx) == Some(&true) {
            #[cfg(debug_assertions)]
            {
                let fresh = self.parse_script(idx).expect("a carried script for a RUN");
                assert_eq!(fresh.commands, script.commands, "carried script drifted");
                assert_eq!(fresh.pipes, script.pipes, "carried script drifted");
                assert_eq!(fresh.last_statement_end, script.last_statement_end);
            }
            let _ = self.shared.scripts[idx].set(Some(script));
        }
    }

    /// The scripts this lint parsed or was handed, by instruction of the
    /// file (none from a window).
    pub fn into_scripts(self) -> Vec<Option<Script>> {
        match self.shared {
            Held::Owned(p) => p
                .scripts
                .into_iter()
                .map(|c| c.into_inner().flatten())
                .collect(),
            Held::Borrowed(_) => Vec::new(),
        }
    }

    /// The shell script of a shell-form RUN (the heredoc body for
    /// `RUN <<EOF`), parsed once.
    pub fn script(&self, idx: usize) -> Option<&Script> {
        let idx = self.window.start + idx;
        self.shared.scripts[idx]
            .get_or_init(|| self.parse_script(idx))
            .as_ref()
    }

    /// Instruction `idx` of the file.
    fn parse_script(&self, idx: usize) -> Option<Script> {
        let outer = &self.df.instructions[idx];
        // `ONBUILD RUN …`: the wrapped RUN's script (its heredocs are kept
        // on the ONBUILD).
        let ins = util::run_of(outer);
        if ins.keyword != "RUN" || ins.json.is_some() || !self.shared.posix[idx] {
            return None;
        }
        if let Some(h) = ins.heredocs.first().or(outer.heredocs.first()) {
            if h.marker_range.start == ins.args_range.start {
                let body = &self.text[h.body_range.clone()];
                let body = body.replace('\r', " ");
                return Some(Script::parse_cached(&body, h.body_range.start));
            }
        }
        let masked = mask_continuations(self.text, ins.args_range.clone(), self.df.escape, true);
        Some(Script::parse_cached(&masked, ins.args_range.start))
    }

    pub fn stages(&self) -> &[Stage] {
        self.stages.get_or_init(|| {
            let ins = self.instructions();
            let starts: Vec<usize> = (0..ins.len())
                .filter(|&n| ins[n].keyword == "FROM")
                .collect();
            starts
                .iter()
                .enumerate()
                .map(|(n, &from)| {
                    let end = starts.get(n + 1).copied().unwrap_or(ins.len());
                    let words = util::words(self.text, ins[from].args_range.clone());
                    let image = words.first().map(|(w, r)| (w.to_string(), r.clone()));
                    let name = if words.len() >= 3 && words[1].0.eq_ignore_ascii_case("as") {
                        Some(words[2].0.to_ascii_lowercase())
                    } else {
                        None
                    };
                    Stage {
                        from,
                        end,
                        name,
                        image,
                    }
                })
                .collect()
        })
    }

    /// `ARG` defaults declared before the first `FROM`.
    pub fn global_args(&self) -> HashMap<String, Option<String>> {
        let mut out = HashMap::new();
        for ins in &self.df.instructions {
            if ins.keyword == "FROM" {
                break;
            }
            if ins.keyword == "ARG" {
                for (w, _) in util::words(self.text, ins.args_range.clone()) {
                    match w.split_once('=') {
                        Some((k, v)) => out.insert(k.to_string(), Some(util::unquote(v))),
                        None => out.insert(w.to_string(), None),
                    };
                }
            }
        }
        out
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count()
    }
}

/// For each instruction, whether RUN bodies go to a POSIX shell: false after
/// `SHELL ["powershell", …]` / `["cmd", …]`, and in stages whose base is a
/// Windows image. `FROM <stage>` inherits the stage's shell.
fn posix_shell_map(text: &str, df: &Dockerfile) -> Vec<bool> {
    let mut out = Vec::with_capacity(df.instructions.len());
    let mut current = true;
    let mut stage_shells: Vec<(String, bool)> = Vec::new();
    let mut stage_name: Option<String> = None;
    for ins in &df.instructions {
        match ins.keyword.as_str() {
            "FROM" => {
                if let Some(n) = stage_name.take() {
                    stage_shells.push((n, current));
                }
                let words = util::words(text, ins.args_range.clone());
                let image = words
                    .first()
                    .map(|w| w.0.to_ascii_lowercase())
                    .unwrap_or_default();
                current = match stage_shells.iter().rev().find(|(n, _)| *n == image) {
                    Some((_, posix)) => *posix,
                    None => {
                        !(image.contains("windows")
                            || image.contains("nanoserver")
                            || image.contains("servercore"))
                    }
                };
                if words.len() >= 3 && words[1].0.eq_ignore_ascii_case("as") {
                    stage_name = Some(words[2].0.to_ascii_lowercase());
                }
            }
            "SHELL" => {
                if let Some(first) = ins.json.as_ref().and_then(|j| j.first()) {
                    let prog = first
                        .rsplit(['/', '\\'])
                        .next()
                        .unwrap_or(first)
                        .to_ascii_lowercase();
                    let prog = prog.trim_end_matches(".exe");
                    current = matches!(
                        prog,
                        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
                    );
                }
            }
            _ => {}
        }
        out.push(current);
    }
    out
}

/// Lint a Dockerfile.
pub fn run(path: Option<&Path>, text: &str) -> LintResult {
    run_with(path, text, &LintConfig::default())
}

/// Lint a Dockerfile with the rules' options and what the caller gathered
/// (`config.inputs`: the build context).
pub fn run_with(path: Option<&Path>, text: &str, config: &LintConfig) -> LintResult {
    run_parsed(path, text, &Dockerfile::parse(text), config)
}

/// `run_with` on a model the caller built: the language server builds it
/// with `Dockerfile::from_tree` from its incrementally reparsed tree.
pub fn run_parsed(
    path: Option<&Path>,
    text: &str,
    df: &Dockerfile,
    config: &LintConfig,
) -> LintResult {
    run_parsed_keeping_scripts(path, text, df, config, Vec::new()).0
}

/// [`run_parsed`] with scripts carried over from an earlier lint
/// (`(instruction index, script)`, see `Context::preload_script`); returns
/// every script this lint had, to carry to the next.
pub fn run_parsed_keeping_scripts(
    path: Option<&Path>,
    text: &str,
    df: &Dockerfile,
    config: &LintConfig,
    carried: Vec<(usize, Script)>,
) -> (LintResult, Vec<Option<Script>>) {
    let mut diagnostics = syntax_errors(df);
    let ctx = Context::for_lint(path, text, df, config, carried);
    for rule in RULES {
        (rule.check)(&ctx, &mut diagnostics);
    }
    let result = LintResult {
        diagnostics,
        syntax_error_count: df.errors.len(),
    };
    (result, ctx.into_scripts())
}

/// The model's syntax errors as findings.
pub(super) fn syntax_errors(df: &Dockerfile) -> Vec<Diagnostic> {
    df.errors
        .iter()
        .map(|e| {
            let rule = if e.parse {
                &super::syntax_error::DOCKERFILE
            } else {
                &super::syntax_error::INVALID_INSTRUCTION
            };
            Diagnostic::new(rule, e.range.clone(), e.message.clone())
        })
        .collect()
}

/// Where the `.dockerignore` rules point: the first whole-context
/// `COPY`/`ADD` (what ships the files), else the first `FROM`.
fn dockerignore_report_range(
    ctx: &Context,
    sources: &[crate::dockerignore::ContextSource],
) -> Range<usize> {
    if let Some(s) = sources.iter().find(|s| s.is_whole_context()) {
        return s.range.clone();
    }
    ctx.instructions()
        .iter()
        .find(|i| i.keyword == "FROM")
        .or_else(|| ctx.instructions().first())
        .map(|i| i.keyword_range.clone())
        .unwrap_or(0..0)
}

/// `.git (version-control metadata), node_modules, …` for messages.
fn describe_additions(adds: &[crate::dockerignore::Addition]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for a in adds.iter().filter(|a| a.label != "the ignore file") {
        let ex = a.examples.join(", ");
        parts.push(format!("{ex} ({})", a.label));
    }
    if parts.len() > 6 {
        let rest = parts.len() - 6;
        parts.truncate(6);
        parts.push(format!("{rest} more"));
    }
    parts.join("; ")
}

/// The command that writes the `.dockerignore` fix.
fn write_command(adds: &[crate::dockerignore::Addition]) -> &'static str {
    if adds.iter().any(|a| a.unsafe_reason.is_some()) {
        "dfix --write --unsafe"
    } else {
        "dfix --write"
    }
}
