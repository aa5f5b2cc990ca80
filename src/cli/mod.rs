//! The command line: argument parsing, file discovery, reading, atomic
//! writes and exit codes.
//!
//! Owns: everything that touches the file system or the terminal for
//! `dfix check`, `dfix fix` / `--write`, `dfix rules`, `dfix rule`.
//! Never touches: rule logic (it calls `engine`), output layout (it calls
//! `output`).

mod build_context;
mod files;
mod registry;

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{FailureThreshold, FileConfig, Resolver};
use crate::engine::{self, Applicability, FixOptions, LintConfig};
use crate::output::{self, FileReport, Report};
use crate::rules;

pub use build_context::{dockerignore_edit_for, gather_build_context, IgnoreFileEdit};
pub use files::{discover, read_source, Input, InputError, SourceFile};

/// Exit code: nothing found, or everything fixed.
pub const EXIT_CLEAN: i32 = 0;
/// Exit code: findings remain.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: usage or input error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "dfix",
    version,
    about = "Find and fix container-packaging mistakes in Dockerfiles, Kubernetes manifests and compose files",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 nothing found (or everything fixed), 1 findings remain, 2 usage or input error."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Apply safe fixes in place (same as `dfix fix`).
    #[arg(long)]
    write: bool,
    #[command(flatten)]
    fix: FixArgs,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Report findings.
    Check(CheckArgs),
    /// Apply fixes in place (safe ones; `--unsafe` adds the rest).
    Fix(FixCmd),
    /// List every rule.
    Rules(RulesArgs),
    /// Show a rule's documentation (by code, alias or name).
    Rule { code: String },
    /// Run the language server on stdin/stdout.
    Lsp,
    /// Findings and suggested fixes for the lines changed since `--base REF`.
    Review(crate::review::ReviewArgs),
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args, Debug)]
struct FixCmd {
    #[command(flatten)]
    fix: FixArgs,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args, Debug, Clone, Default)]
struct FixArgs {
    /// Also apply unsafe fixes (they may change what the image or workload does).
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Print the patch instead of writing files.
    #[arg(long)]
    diff: bool,
}

#[derive(Args, Debug, Clone, Default)]
struct CommonArgs {
    /// Files or directories (directories are walked, respecting .gitignore); `-` reads stdin.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Read more paths from this file, one per line.
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,
    /// Name (and kind) of the file read from stdin.
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// Only run these rules (codes, aliases, names or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Never run these rules (codes, aliases, names or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Use this config file (dfix.toml, or a .hadolint.yaml) for every file
    /// instead of looking for one upward from each file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Exit 1 only for findings at or above this severity
    /// (error, warning, info/style, none); overrides the config files.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_threshold)]
    failure_threshold: Option<FailureThreshold>,
    /// Print the configuration each file gets (config files used, rule
    /// selection, severities, threshold) instead of checking it.
    #[arg(long)]
    show_config: bool,
    #[command(flatten)]
    registry: registry::RegistryArgs,
}

fn parse_threshold(s: &str) -> Result<FailureThreshold, String> {
    FailureThreshold::parse(s)
        .ok_or_else(|| format!("`{s}` is not one of error, warning, info, style, none"))
}

#[derive(Args, Debug)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    Checkstyle,
    /// GitLab code quality.
    Gitlab,
}

/// Entry point; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Some(Command::Check(a)) => run_files(&a.common, None),
        Some(Command::Fix(a)) => run_files(&a.common, Some(&a.fix)),
        Some(Command::Rules(a)) => print_rules(a.format),
        Some(Command::Rule { code }) => print_rule(&code),
        Some(Command::Lsp) => crate::lsp::run(),
        Some(Command::Review(a)) => crate::review::run(&a),
        None => {
            if cli.write || cli.fix.diff {
                run_files(&cli.common, Some(&cli.fix))
            } else if cli.fix.unsafe_fixes {
                eprintln!("error: --unsafe only applies with --write, --diff or `dfix fix`");
                EXIT_ERROR
            } else {
                run_files(&cli.common, None)
            }
        }
    }
}

fn print_rules(format: Format) -> i32 {
    let all = rules::all();
    let mut out = anstream::stdout();
    match format {
        Format::Json => {
            let v: Vec<_> = all
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "kind": r.kind.as_str(),
                        "severity": r.severity.as_str(), "fix": r.fix.as_str(),
                        "aliases": r.aliases, "summary": r.summary,
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "CODE   NAME                         KIND        SEVERITY  FIX       ALIASES"
            );
            for r in all {
                let _ = writeln!(
                    out,
                    "{:<6} {:<28} {:<11} {:<9} {:<9} {}",
                    r.code,
                    r.name,
                    r.kind.as_str(),
                    r.severity.as_str(),
                    r.fix.as_str(),
                    r.aliases.join(", ")
                );
            }
        }
    }
    EXIT_CLEAN
}

fn print_rule(code: &str) -> i32 {
    let Some(r) = rules::find(code) else {
        eprintln!("error: no rule `{code}` (see `dfix rules`)");
        return EXIT_ERROR;
    };
    let mut out = anstream::stdout();
    let _ = writeln!(out, "{} {} ({})", r.code, r.name, r.kind.as_str());
    let _ = writeln!(
        out,
        "severity: {}   fix: {}",
        r.severity.as_str(),
        r.fix.as_str()
    );
    if !r.aliases.is_empty() {
        let _ = writeln!(out, "aliases: {}", r.aliases.join(", "));
    }
    let _ = writeln!(out);
    let _ = write!(out, "{}", r.docs());
    EXIT_CLEAN
}

/// What happened to one file.
struct Processed {
    report: FileReport,
    /// The text as read (only kept when fixing).
    original: String,
    /// The fixed text, when fixing and it changed.
    fixed: Option<String>,
    rolled_back: Vec<String>,
    applied: usize,
    /// A Dockerfile's build context, when it was read.
    context: Option<std::sync::Arc<crate::dockerignore::BuildContext>>,
}

/// `--show-config`: what each file would be checked with.
fn show_config(
    inputs: &[files::Input],
    configs: &[FileConfig],
    errors: &[InputError],
    cwd: &std::path::Path,
) -> i32 {
    let mut out = anstream::stdout();
    for (input, c) in inputs.iter().zip(configs) {
        let l = &c.lint;
        let sources: Vec<String> = c
            .sources
            .iter()
            .map(|p| p.strip_prefix(cwd).unwrap_or(p).display().to_string())
            .collect();
        let _ = writeln!(out, "{}", input.display);
        let _ = writeln!(
            out,
            "  config files: {}",
            if sources.is_empty() {
                "(none)".to_string()
            } else {
                sources.join(", ")
            }
        );
        let _ = writeln!(
            out,
            "  select: {}",
            l.select
                .as_ref()
                .map_or("(all)".to_string(), |s| s.join(", "))
        );
        let _ = writeln!(out, "  ignore: {}", l.ignore.join(", "));
        let sev: Vec<String> = l
            .severity
            .iter()
            .map(|(s, v)| format!("{s}={}", v.as_str()))
            .collect();
        let _ = writeln!(out, "  severity: {}", sev.join(", "));
        let threshold = match c.failure_threshold {
            FailureThreshold::Any => "any finding".to_string(),
            FailureThreshold::At(s) => s.as_str().to_string(),
            FailureThreshold::Never => "none".to_string(),
        };
        let _ = writeln!(out, "  failure threshold: {threshold}");
        if !l.trusted_registries.is_empty() {
            let _ = writeln!(
                out,
                "  trusted registries: {}",
                l.trusted_registries.join(", ")
            );
        }
        if l.disable_inline_ignores {
            let _ = writeln!(out, "  inline ignores: disabled");
        }
    }
    let mut err = anstream::stderr();
    for e in errors {
        let _ = writeln!(err, "error: {e}");
    }
    if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_ERROR
    }
}

/// The configuration of one input: its config files, then the command line.
fn file_config(resolver: &mut Resolver, input: &files::Input, common: &CommonArgs) -> FileConfig {
    let path = if input.is_stdin() {
        PathBuf::from(&input.display)
    } else {
        input.path.clone()
    };
    let mut fc = resolver.config_for(&path);
    if let Some(sel) = &common.select {
        fc.lint.select = Some(sel.clone());
    }
    fc.lint.ignore.extend(common.ignore.iter().cloned());
    if let Some(t) = common.failure_threshold {
        fc.failure_threshold = t;
    }
    fc
}

fn run_files(common: &CommonArgs, fix: Option<&FixArgs>) -> i32 {
    if let Some(msg) = common.registry.usage_error() {
        eprintln!("error: {msg}");
        return EXIT_ERROR;
    }
    let mut resolver = match &common.config {
        Some(p) => match Resolver::explicit(p) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_ERROR;
            }
        },
        None => Resolver::discover(),
    };
    let mut config = LintConfig {
        select: common.select.clone(),
        ignore: common.ignore.clone(),
        severity: Vec::new(),
        ..LintConfig::default()
    };
    let mut paths = common.paths.clone();
    if let Some(list) = &common.files_from {
        match std::fs::read_to_string(list) {
            Ok(t) => paths.extend(
                t.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(PathBuf::from),
            ),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", list.display());
                return EXIT_ERROR;
            }
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let (inputs, mut errors) = files::discover(&paths, common.stdin_filename.as_deref());
    let mut configs: Vec<FileConfig> = inputs
        .iter()
        .map(|i| file_config(&mut resolver, i, common))
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    for w in resolver.take_warnings() {
        let path = w.path.strip_prefix(&cwd).unwrap_or(&w.path);
        eprintln!(
            "warning: {}:{}:{}: {}",
            path.display(),
            w.line,
            w.column,
            w.message
        );
    }
    errors.extend(resolver.take_errors().into_iter().map(|e| {
        InputError {
            path: e
                .path
                .strip_prefix(&cwd)
                .unwrap_or(&e.path)
                .display()
                .to_string(),
            message: format!("{}:{}: {}", e.line, e.column, e.message),
        }
    }));
    if common.show_config {
        return show_config(&inputs, &configs, &errors, &cwd);
    }
    // Digests are resolved (IO) before the pure lint sees them.
    match registry::prepare(&common.registry, &inputs, &config) {
        Ok(digests) => config.inputs.digests = digests,
        Err(()) => return EXIT_ERROR,
    }
    // The build context: --build-context, else a compose file's
    // `build.context` for that Dockerfile, else the Dockerfile's directory.
    let compose_contexts = build_context::compose_contexts(&inputs);
    let context_of = |path: &std::path::Path| -> Option<PathBuf> {
        if let Some(c) = &common.registry.build_context {
            return Some(c.clone());
        }
        let canonical = std::fs::canonicalize(path).ok()?;
        compose_contexts.get(&canonical).cloned()
    };
    // Digests were resolved once for the run; every file's config reads them.
    for c in &mut configs {
        c.lint.inputs.digests = config.inputs.digests.clone();
    }
    let opts = fix.map(|f| FixOptions {
        min_applicability: if f.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
        ..FixOptions::default()
    });
    let processed: Vec<Result<Processed, InputError>> = inputs
        .par_iter()
        .zip(configs.par_iter())
        .map(|(input, config)| {
            let src = files::read_source(input)?;
            let mut cfg = config.lint.clone();
            if src.kind == crate::syntax::FileKind::Dockerfile && !input.is_stdin() {
                cfg.inputs.build_context =
                    gather_build_context(&input.path, context_of(&input.path).as_deref())
                        .map(std::sync::Arc::new);
            }
            // A bug in a rule must not take the other files down with it.
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                process(&src, &cfg, opts.as_ref())
            }));
            let mut p = run.map_err(|panic| files::InputError {
                path: input.display.clone(),
                message: format!(
                    "dfix bug: checking this file failed ({}); the file is left as it was, please report it",
                    panic_message(panic.as_ref())
                ),
            })?;
            p.context = cfg.inputs.build_context.clone();
            Ok(p)
        })
        .collect();
    let mut processed = processed;
    let mut ignore_fix = build_context::IgnoreOutcome::default();
    if let Some(f) = fix {
        let dockerfiles: Vec<build_context::DockerfileInContext> = inputs
            .iter()
            .zip(&processed)
            .filter_map(|(i, p)| {
                let p = p.as_ref().ok()?;
                Some(build_context::DockerfileInContext {
                    path: i.path.clone(),
                    context_dir: context_of(&i.path),
                    text: p.report.source.clone(),
                    context: p.context.clone()?,
                })
            })
            .collect();
        ignore_fix = build_context::fix_ignore_files(&dockerfiles, &config, f.unsafe_fixes, f.diff);
        for ((i, fc), p) in inputs.iter().zip(&configs).zip(processed.iter_mut()) {
            let Ok(p) = p else { continue };
            let Some(bc) = p.context.clone() else {
                continue;
            };
            let target = build_context::ignore_target(&i.path, context_of(&i.path).as_deref());
            if let Some(new_text) = ignore_fix.new_texts.get(&target) {
                p.report.diagnostics = build_context::relint_with_ignore(
                    &i.path,
                    &p.report.source,
                    &bc,
                    &target,
                    new_text,
                    &fc.lint,
                );
            }
        }
        errors.append(&mut ignore_fix.errors);
    }
    let mut reports = Vec::new();
    let mut stdout = anstream::stdout();
    let mut stderr = anstream::stderr();
    let mut fixed_files = 0;
    let mut applied_total = 0;
    let diff = fix.is_some_and(|f| f.diff);
    let mut diff_nonempty = !ignore_fix.diffs.is_empty();
    fixed_files += ignore_fix.written;
    applied_total += ignore_fix.written;
    for d in &ignore_fix.diffs {
        let _ = write!(stdout, "{d}");
    }
    if ignore_fix.skipped_unsafe > 0 {
        let _ = writeln!(
            stderr,
            "note: {} .dockerignore entr{} left out: a COPY copies them into the image today; --unsafe adds them",
            ignore_fix.skipped_unsafe,
            if ignore_fix.skipped_unsafe == 1 { "y" } else { "ies" }
        );
    }
    let mut failing = false;
    for ((input, file_config), p) in inputs.iter().zip(&configs).zip(processed) {
        match p {
            Err(e) => errors.push(e),
            Ok(p) => {
                for rb in &p.rolled_back {
                    let _ = writeln!(stderr, "dfix bug: {rb}");
                }
                applied_total += p.applied;
                failing |= p
                    .report
                    .diagnostics
                    .iter()
                    .any(|d| file_config.failure_threshold.fails(d.severity));
                if let Some(fixed) = &p.fixed {
                    if diff {
                        diff_nonempty = true;
                        let _ = write!(
                            stdout,
                            "{}",
                            output::unified_diff(&p.report.display, &p.original, fixed)
                        );
                    } else if input.is_stdin() {
                        let _ = write!(stdout, "{fixed}");
                    } else if let Err(e) = files::write_atomic(&input.path, fixed) {
                        errors.push(e);
                        continue;
                    } else {
                        fixed_files += 1;
                    }
                } else if input.is_stdin() && fix.is_some() && !diff {
                    let _ = write!(stdout, "{}", p.original);
                }
                reports.push(p.report);
            }
        }
    }
    let report = Report {
        files_checked: reports.len(),
        files: reports,
        errors,
    };
    let stdin_fix = fix.is_some() && !diff && inputs.iter().any(|i| i.is_stdin());
    // With --diff or fixing stdin, stdout holds the patch/text; findings go to stderr.
    let findings_to_stderr = diff || stdin_fix;
    let rendered = match common.format {
        Format::Text => output::text::render(&report),
        Format::Json => output::json::render(&report),
        Format::Sarif => output::sarif::render(&report, std::env::current_dir().ok().as_deref()),
        Format::Github => output::github::render(&report),
        Format::Checkstyle => output::checkstyle::render(&report),
        Format::Gitlab => output::gitlab::render(&report),
    };
    if findings_to_stderr {
        let _ = write!(stderr, "{rendered}");
    } else if common.format == Format::Text {
        let _ = write!(stdout, "{rendered}");
    } else {
        // Machine formats hold no colour codes: skip anstream's scan of
        // every byte for them (17 MB of JSON for the corpus).
        let _ = stdout.flush();
        let mut raw = std::io::stdout().lock();
        let _ = raw.write_all(rendered.as_bytes());
        let _ = raw.flush();
    }
    if let Some(f) = fix {
        if !diff && !stdin_fix && common.format == Format::Text {
            let _ = writeln!(
                stderr,
                "Applied {applied_total} fix{} in {fixed_files} file{}{}.",
                if applied_total == 1 { "" } else { "es" },
                if fixed_files == 1 { "" } else { "s" },
                if f.unsafe_fixes {
                    " (unsafe fixes included)"
                } else {
                    ""
                }
            );
        }
    }
    let _ = stdout.flush();
    if !report.errors.is_empty() {
        EXIT_ERROR
    } else if failing || diff_nonempty {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn process(src: &SourceFile, config: &engine::LintConfig, opts: Option<&FixOptions>) -> Processed {
    let path = Some(src.path.as_path());
    match opts {
        None => {
            let result = engine::lint(path, &src.text, src.kind, config);
            Processed {
                report: FileReport::new(src, result.diagnostics),
                original: String::new(),
                fixed: None,
                rolled_back: Vec::new(),
                applied: 0,
                context: None,
            }
        }
        Some(opts) => {
            let outcome = engine::fix_text(path, &src.text, src.kind, config, opts);
            let idx = crate::syntax::LineIndex::new(&src.text);
            let rolled_back = outcome
                .rolled_back
                .iter()
                .map(|r| {
                    let lc = idx.line_col(&src.text, r.offset, crate::syntax::line_index::ColumnUnit::Char);
                    format!(
                        "{}:{}:{}: the {} fix \"{}\" added a syntax error and was rolled back; please report it",
                        src.display,
                        lc.line + 1,
                        lc.col + 1,
                        r.code,
                        r.title
                    )
                })
                .collect();
            let changed = outcome.text != src.text;
            let mut report = FileReport::new(src, outcome.remaining);
            if changed {
                // Remaining diagnostics refer to the fixed text.
                report.source = outcome.text.clone();
            }
            Processed {
                report,
                original: src.text.clone(),
                fixed: changed.then_some(outcome.text),
                rolled_back,
                applied: outcome.applied.len(),
                context: None,
            }
        }
    }
}

/// Read all of stdin.
pub(crate) fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin().read_to_end(&mut buf)?;
    Ok(buf)
}

/// The message a panic carried.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string())
}
