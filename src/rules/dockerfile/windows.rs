//! The window-local rules run one window at a time, so that after an edit
//! the language server re-runs them only on the windows whose text changed
//! and moves the others' findings over.
//!
//! A window is, for the [`Scope::Stage`] rules, the instructions before the
//! first `FROM` or one stage; for the [`Scope::Instruction`] rules, one
//! instruction. Its text region runs from the start of its first line to
//! the start of the next window's, so the regions cover the file.
//!
//! [`run_reusing`] is equal to [`super::run_parsed_keeping_scripts`]: the
//! window-local rules report, window by window, what they report on the
//! whole file (`window_mismatches` checks it on any file; the corpus suite
//! runs it on every Dockerfile of the corpus).

use std::ops::Range;
use std::path::Path;

use super::{Context, Rule, Scope, RULES};
use crate::engine::{Diagnostic, LintConfig, LintResult};
use crate::syntax::dockerfile::{Dockerfile, TextChange};
use crate::syntax::shell::Script;

/// One window of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Its instructions (indices into the file's).
    pub instructions: Range<usize>,
    /// Its bytes.
    pub region: Range<usize>,
}

/// The stage windows of `df` (read from `text`), for the [`Scope::Stage`]
/// rules: the preamble (possibly without instructions), then one per
/// `FROM`.
pub fn windows(text: &str, df: &Dockerfile) -> Vec<Window> {
    let froms = df
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.keyword == "FROM")
        .map(|(n, _)| n);
    windows_from(text, df, std::iter::once(0).chain(froms).collect())
}

/// The one-instruction windows of `df`, for the [`Scope::Instruction`]
/// rules.
pub fn instruction_windows(text: &str, df: &Dockerfile) -> Vec<Window> {
    windows_from(text, df, (0..df.instructions.len()).collect())
}

/// Windows starting at the instructions `firsts` (ascending, the first 0):
/// each runs to the next one's first instruction, its region from the
/// start of its first instruction's line (the first window's from the
/// start of the text) to the next one's.
fn windows_from(text: &str, df: &Dockerfile, firsts: Vec<usize>) -> Vec<Window> {
    let ins = &df.instructions;
    let region_start = |k: usize| match k {
        0 => 0,
        _ => {
            let at = ins[firsts[k]].range.start;
            text[..at].rfind('\n').map_or(0, |p| p + 1)
        }
    };
    (0..firsts.len())
        .map(|k| {
            let (end, to) = match firsts.get(k + 1) {
                Some(&next) => (next, region_start(k + 1)),
                None => (ins.len(), text.len()),
            };
            Window {
                instructions: firsts[k]..end,
                region: region_start(k)..to,
            }
        })
        .collect()
}

/// What one lint's window-local rules found, kept for the next lint of the
/// same document.
#[derive(Debug, Default)]
pub struct WindowFindings {
    config: Option<LintConfig>,
    newline: &'static str,
    /// The POSIX-shell flag of every instruction.
    posix: Vec<bool>,
    /// By stage window ([`Scope::Stage`] rules).
    stages: Vec<Found>,
    /// By instruction ([`Scope::Instruction`] rules).
    instructions: Vec<Found>,
}

#[derive(Debug)]
struct Found {
    window: Window,
    diagnostics: Vec<Diagnostic>,
}

/// How the text changed since the lint that left the findings: where it
/// differs, and which instructions were carried over unchanged
/// (`IncrementalModel::moved`: old index, new index, bytes moved by).
pub struct Since<'a> {
    pub change: TextChange,
    pub moved: &'a [(usize, usize, isize)],
}

/// [`super::run_parsed_keeping_scripts`], with the window-local rules'
/// findings of every window that `since` shows unchanged taken from
/// `previous` instead of re-run. Returns the findings to keep for the next
/// lint, and how many windows were reused.
pub fn run_reusing(
    path: Option<&Path>,
    text: &str,
    df: &Dockerfile,
    config: &LintConfig,
    carried: Vec<(usize, Script)>,
    previous: Option<(WindowFindings, Since)>,
) -> (LintResult, Vec<Option<Script>>, WindowFindings, usize) {
    let mut diagnostics = super::syntax_errors(df);
    let ctx = Context::for_lint(path, text, df, config, carried);
    for rule in RULES.iter().filter(|r| r.scope == Scope::File) {
        (rule.check)(&ctx, &mut diagnostics);
    }
    let previous =
        previous.filter(|(p, _)| p.config.as_ref() == Some(config) && p.newline == ctx.newline);
    let (old, since) = match previous {
        Some((p, s)) => (Some(p), Some(s)),
        None => (None, None),
    };
    let (old_stages, old_instructions, old_posix) = old.map_or_else(
        || (Vec::new(), Vec::new(), Vec::new()),
        |o| (o.stages, o.instructions, o.posix),
    );
    // New instruction index -> (old index, moved by).
    let mut old_of: Vec<Option<(usize, isize)>> = Vec::new();
    if let Some(s) = &since {
        old_of.resize(df.instructions.len(), None);
        for &(o, n, by) in s.moved {
            old_of[n] = Some((o, by));
        }
    }
    let mut pass = Pass {
        ctx: &ctx,
        change: since.as_ref().map(|s| s.change),
        old_of: &old_of,
        old_posix: &old_posix,
        diagnostics: &mut diagnostics,
        reused: 0,
    };
    // Every window reads the global ARGs: a changed preamble (the first
    // stage window) re-runs all.
    let (stages, preamble_same) = pass.run(Scope::Stage, windows(text, df), old_stages, true);
    let (instructions, _) = pass.run(
        Scope::Instruction,
        instruction_windows(text, df),
        old_instructions,
        preamble_same,
    );
    let reused = pass.reused;
    let result = LintResult {
        diagnostics,
        syntax_error_count: df.errors.len(),
    };
    let keep = WindowFindings {
        config: Some(config.clone()),
        newline: ctx.newline,
        posix: ctx.posix_flags().to_vec(),
        stages,
        instructions,
    };
    (result, ctx.into_scripts(), keep, reused)
}

/// One lint's run of the window-local rules.
struct Pass<'p, 'c> {
    ctx: &'p Context<'c>,
    change: Option<TextChange>,
    old_of: &'p [Option<(usize, isize)>],
    old_posix: &'p [bool],
    diagnostics: &'p mut Vec<Diagnostic>,
    reused: usize,
}

impl Pass<'_, '_> {
    /// The rules of `scope` over `windows`, each window's findings moved
    /// over from `old` when it is unchanged (and `reuse`). Returns the
    /// findings by window, and whether the first window was reused.
    fn run(
        &mut self,
        scope: Scope,
        windows: Vec<Window>,
        mut old: Vec<Found>,
        reuse: bool,
    ) -> (Vec<Found>, bool) {
        let mut found = Vec::with_capacity(windows.len());
        let mut first_same = false;
        for (k, window) in windows.into_iter().enumerate() {
            let take = self.change.filter(|_| reuse).and_then(|c| {
                let (i, by) = unchanged(&window, c, self.old_of, &old)?;
                let posix = &self.ctx.posix_flags()[window.instructions.clone()];
                let old_posix = self.old_posix.get(old[i].window.instructions.clone())?;
                (posix == old_posix).then_some((i, by))
            });
            if k == 0 {
                first_same = take.is_some();
            }
            let here = match take {
                Some((i, by)) => {
                    self.reused += 1;
                    let mut d = std::mem::take(&mut old[i].diagnostics);
                    if by != 0 {
                        d.iter_mut().for_each(|d| d.shift(by));
                    }
                    d
                }
                None => {
                    let wctx = self.ctx.window(window.instructions.clone());
                    let mut d = Vec::new();
                    for rule in RULES.iter().filter(|r| r.scope == scope) {
                        (rule.check)(&wctx, &mut d);
                    }
                    d
                }
            };
            self.diagnostics.extend(here.iter().cloned());
            found.push(Found {
                window,
                diagnostics: here,
            });
        }
        (found, first_same)
    }
}

/// The old window `window` is an unchanged copy of, and how far it moved:
/// its whole region lies in the text the edit left alone (before it, or
/// after it and moved by the change's delta), and the old window had the
/// same region and instructions (each carried over, in order, by the same
/// amount). (The caller compares their shells.)
fn unchanged(
    window: &Window,
    change: TextChange,
    old_of: &[Option<(usize, isize)>],
    old: &[Found],
) -> Option<(usize, isize)> {
    let r = &window.region;
    let by = if r.end <= change.prefix {
        0
    } else if r.start >= change.new_suffix {
        change.delta
    } else {
        return None;
    };
    let old_start = (r.start as isize - by) as usize;
    let i = old
        .binary_search_by_key(&old_start, |f| f.window.region.start)
        .ok()?;
    let f = &old[i];
    let same_region = (f.window.region.end as isize + by) as usize == r.end;
    let same_instructions = f.window.instructions.len() == window.instructions.len()
        && window
            .instructions
            .clone()
            .zip(f.window.instructions.clone())
            .all(|(n, o)| old_of.get(n).copied().flatten() == Some((o, by)));
    (same_region && same_instructions).then_some((i, by))
}

/// Where the window-local rules, run window by window, report something
/// other than on the whole file: one line per rule and window that
/// differs (empty when they agree, as they must).
pub fn window_mismatches(text: &str) -> Vec<String> {
    window_mismatches_of(text, RULES)
}

fn window_mismatches_of(text: &str, rules: &[&Rule]) -> Vec<String> {
    let df = Dockerfile::parse(text);
    let config = LintConfig::default();
    let ctx = Context::with_config(None, text, &df, &config);
    let mut out = Vec::new();
    let stages = windows(text, &df);
    let instructions = instruction_windows(text, &df);
    for rule in rules {
        let windows = match rule.scope {
            Scope::File => continue,
            Scope::Stage => &stages,
            Scope::Instruction => &instructions,
        };
        let mut whole = Vec::new();
        (rule.check)(&ctx, &mut whole);
        let mut split = Vec::new();
        for w in windows {
            let mut here = Vec::new();
            (rule.check)(&ctx.window(w.instructions.clone()), &mut here);
            let outside = |d: &&Diagnostic| {
                !within(&d.range, &w.region)
                    || d.fix
                        .iter()
                        .flat_map(|f| &f.edits)
                        .any(|e| !within(&e.range, &w.region))
            };
            if let Some(d) = here.iter().find(outside) {
                out.push(format!(
                    "{}: a finding or fix at {:?} outside its window {:?}",
                    rule.meta.code, d.range, w.region
                ));
            }
            split.extend(here);
        }
        let order = |a: &Diagnostic, b: &Diagnostic| {
            (a.range.start, a.range.end, &a.message).cmp(&(b.range.start, b.range.end, &b.message))
        };
        whole.sort_by(order);
        split.sort_by(order);
        if whole != split {
            let first = whole
                .iter()
                .zip(&split)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("{a:?} vs {b:?}"))
                .unwrap_or_else(|| format!("{} vs {} findings", whole.len(), split.len()));
            out.push(format!(
                "{}: whole file and windows differ: {first}",
                rule.meta.code
            ));
        }
    }
    out
}

fn within(r: &Range<usize>, region: &Range<usize>) -> bool {
    region.start <= r.start && r.end <= region.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::IncrementalModel;

    use crate::syntax::random_edit::Rng;

    fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
        d.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule.code, &a.message).cmp(&(
                b.range.start,
                b.range.end,
                b.rule.code,
                &b.message,
            ))
        });
        d
    }

    /// After each of many random edits, the lint that reuses the unchanged
    /// windows' findings equals a lint of the whole file, and most windows
    /// are reused.
    #[test]
    fn reusing_equals_a_whole_lint_after_random_edits() {
        let samples = [
            "# syntax=docker/dockerfile:1\nARG BASE=debian:12\nFROM ${BASE} AS build\nRUN apt-get update \\\n  # comment inside\n  && apt-get install -y curl\nCOPY --from=build /x /y\nFROM build AS two\nRUN pip install flask && apk add git\nCMD node app.js\nFROM ubuntu\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get install x\nFROM alpine AS three\nWORKDIR app\nUSER 1000\nRUN <<EOF\napt-get update\nEOF\nEXPOSE 80/TCP\n",
            "FROM a AS one\nRUN yum install x\nLABEL maintainer=me\nFROM one\nRUN cd /x && wget http://x | sh\nFROM mcr.microsoft.com/windows AS w\nRUN apt-get install y\nFROM b\nENV A=1 A=$A\nADD x.tar.gz /\nRUN sudo make\n",
        ];
        let inserts = [
            "\n",
            "\\\n",
            "RUN apt-get install curl\n",
            "FROM stage0 AS s\n",
            "FROM one\n",
            "SHELL [\"cmd\", \"/S\"]\n",
            "# hadolint shell=pwsh\n",
            "ARG B=1\n",
            "<<EOF\n",
            "EOF\n",
            "x",
            " ",
            "`",
            "# escape=`\n",
            "é😀",
            "\r\n",
        ];
        let lang = crate::syntax::dockerfile::language();
        let config = LintConfig::default();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for sample in samples {
            let mut text = sample.to_string();
            let tree = crate::syntax::parse_tree(&lang, &text, None).unwrap();
            let mut model = IncrementalModel::read(&text, &tree);
            let (_, _, mut kept, _) = run_reusing(None, &text, &model.df, &config, vec![], None);
            let mut reused = 0;
            for step in 0..600 {
                let (r, insert) = rng.edit(&text, 5, &inserts);
                let mut new_text = text.clone();
                new_text.replace_range(r, insert);
                let tree = crate::syntax::parse_tree(&lang, &new_text, None).unwrap();
                model = model.reread(&text, &new_text, &tree, None);
                let since = Since {
                    change: model.change.unwrap(),
                    moved: &model.moved,
                };
                let (got, _, k, n) = run_reusing(
                    None,
                    &new_text,
                    &model.df,
                    &config,
                    vec![],
                    Some((kept, since)),
                );
                let (whole, _) = super::super::run_parsed_keeping_scripts(
                    None,
                    &new_text,
                    &model.df,
                    &config,
                    vec![],
                );
                assert_eq!(
                    sorted(got.diagnostics),
                    sorted(whole.diagnostics),
                    "step {step}: {new_text:?}"
                );
                kept = k;
                reused += n;
                text = new_text;
            }
            assert!(reused > 400, "only {reused} windows reused");
        }
    }

    /// Windows cover the text: a comment before a `FROM` belongs to the
    /// window before it.
    #[test]
    fn windows_cover_the_text() {
        let text = "ARG A=1\n# base\nFROM a\nRUN x\n  FROM b\n";
        let df = Dockerfile::parse(text);
        let w = |i: std::ops::Range<usize>, r: std::ops::Range<usize>| Window {
            instructions: i,
            region: r,
        };
        assert_eq!(
            windows(text, &df),
            [w(0..1, 0..15), w(1..3, 15..28), w(3..4, 28..text.len())]
        );
        assert_eq!(
            instruction_windows(text, &df),
            [
                w(0..1, 0..15),
                w(1..2, 15..22),
                w(2..3, 22..28),
                w(3..4, 28..text.len())
            ]
        );
        let bare = Dockerfile::parse("FROM a\n");
        assert_eq!(windows("FROM a\n", &bare), [w(0..0, 0..0), w(0..1, 0..7)]);
    }

    /// A rule for the tests of the check.
    const fn fake(
        code: &'static str,
        check: fn(&Context, &mut Vec<Diagnostic>),
        scope: Scope,
    ) -> Rule {
        Rule {
            meta: crate::rules::RuleMeta {
                code,
                name: "test-rule",
                kind: crate::syntax::FileKind::Dockerfile,
                severity: crate::engine::Severity::Info,
                fix: crate::rules::FixAvailability::Never,
                aliases: &[],
                summary: "a rule reading more than its scope allows",
                source: "",
            },
            check,
            scope,
        }
    }

    /// The check itself: a rule that reads other stages, or other
    /// instructions, than its scope allows is caught.
    #[test]
    fn a_rule_reading_outside_its_window_is_a_mismatch() {
        fn count_froms(ctx: &Context, out: &mut Vec<Diagnostic>) {
            let n = ctx
                .instructions()
                .iter()
                .filter(|i| i.keyword == "FROM")
                .count();
            if let Some(i) = ctx.instructions().iter().find(|i| i.keyword == "FROM") {
                out.push(Diagnostic::new(
                    &COUNTS.meta,
                    i.keyword_range.clone(),
                    format!("{n} stages"),
                ));
            }
        }
        static COUNTS: Rule = fake("DF999", count_froms, Scope::Stage);
        let text = "FROM a\nRUN x\nFROM b\n";
        assert_eq!(window_mismatches_of(text, &[&COUNTS]).len(), 1);
        assert!(window_mismatches_of("FROM a\nRUN x\n", &[&COUNTS]).is_empty());
        assert!(window_mismatches(text).is_empty());
        // An instruction-local rule that looks at the next instruction.
        fn run_after_from(ctx: &Context, out: &mut Vec<Diagnostic>) {
            for pair in ctx.instructions().windows(2) {
                if pair[0].keyword == "FROM" && pair[1].keyword == "RUN" {
                    out.push(Diagnostic::new(
                        &NEXT.meta,
                        pair[1].keyword_range.clone(),
                        "x",
                    ));
                }
            }
        }
        static NEXT: Rule = fake("DF998", run_after_from, Scope::Instruction);
        assert_eq!(window_mismatches_of(text, &[&NEXT]).len(), 1);
        assert!(window_mismatches_of("FROM a\nCOPY x y\n", &[&NEXT]).is_empty());
    }
}
