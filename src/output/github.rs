//! `--format github`: GitHub Actions workflow commands, one
//! `::warning file=…,line=…::message` per finding, shown as annotations on
//! the run and the pull request.

use super::{positions, Report};
use crate::engine::Severity;
use crate::syntax::LineIndex;

/// Escape a command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.files {
        let idx = LineIndex::new(&f.source);
        for d in &f.diagnostics {
            let (s, e) = positions(&f.source, &idx, &d.range);
            let mut msg = d.message.clone();
            if let Some(fix) = &d.fix {
                msg.push_str(&format!(
                    "\n{} fix: {}",
                    fix.applicability.as_str(),
                    fix.title
                ));
            }
            out.push_str(&format!(
                "::{} file={},line={},endLine={},col={},endColumn={},title={}::{}\n",
                command(d.severity),
                escape_property(&f.display),
                s.line,
                e.line,
                s.column,
                e.column,
                escape_property(&format!("dfix {} ({})", d.rule.code, d.rule.name)),
                escape_data(&msg),
            ));
        }
    }
    for err in &report.errors {
        out.push_str(&format!(
            "::error file={},title=dfix::{}\n",
            escape_property(&err.path),
            escape_data(&err.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
