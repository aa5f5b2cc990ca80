//! Human output: one block per finding with the source snippet, the rule
//! code and the fix title; colour through ANSI codes that the terminal
//! stream strips when `NO_COLOR` is set or output is not a terminal.

use annotate_snippets::{Level, Renderer, Snippet};

use super::Report;
use crate::engine::{Applicability, Severity};
use crate::syntax::LineIndex;

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

pub fn render(report: &Report) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    let mut total = 0;
    let mut fixable = 0;
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            total += 1;
            let origin = f.display.as_str();
            let fix_note = d.fix.as_ref().map(|fix| match fix.applicability {
                Applicability::Safe => {
                    fixable += 1;
                    format!("fix: {}", fix.title)
                }
                Applicability::Unsafe => format!("unsafe fix (--unsafe): {}", fix.title),
                Applicability::Suggestion => format!("suggestion: {}", fix.title),
            });
            let title = format!("{} [{}]", d.message, d.rule.name);
            // Keep the snippet to the lines of the finding.
            let first_line = idx.line_of(d.range.start);
            let last_line = idx.line_of(d.range.end.max(d.range.start));
            let start = idx.line_start(first_line);
            let end = if last_line + 1 < idx.line_count() {
                idx.line_start(last_line + 1)
            } else {
                f.source.len()
            };
            let snippet_src = &f.source[start..end];
            let span =
                (d.range.start - start)..(d.range.end.min(end) - start).max(d.range.start - start);
            let mut msg = level(d.severity).title(&title).id(d.rule.code).snippet(
                Snippet::source(snippet_src)
                    .line_start(first_line + 1)
                    .origin(origin)
                    .fold(true)
                    .annotation(level(d.severity).span(span).label("")),
            );
            if let Some(n) = &fix_note {
                msg = msg.footer(Level::Help.title(n));
            }
            out.push_str(&renderer.render(msg).to_string());
            out.push_str("\n\n");
        }
    }
    for e in &report.errors {
        out.push_str(
            &renderer
                .render(Level::Error.title(&format!("{}: {}", e.path, e.message)))
                .to_string(),
        );
        out.push('\n');
    }
    if total > 0 {
        out.push_str(&format!(
            "Found {total} problem{} in {} file{} checked ({fixable} fixable with `dfix --write`).\n",
            if total == 1 { "" } else { "s" },
            report.files_checked,
            if report.files_checked == 1 { "" } else { "s" },
        ));
    } else if report.errors.is_empty() {
        out.push_str(&format!(
            "No problems in {} file{} checked.\n",
            report.files_checked,
            if report.files_checked == 1 { "" } else { "s" }
        ));
    }
    out
}
