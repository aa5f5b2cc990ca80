//! `--format checkstyle`: Checkstyle XML, read by Jenkins, reviewdog and
//! many CI dashboards. One `<file>` per checked file with findings.

use super::{positions, Report};
use crate::engine::Severity;
use crate::syntax::LineIndex;

/// Escape text for an XML attribute; characters XML 1.0 cannot hold are dropped.
fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub fn render(report: &Report) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for f in &report.files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let idx = LineIndex::new(&f.source);
        out.push_str(&format!("  <file name=\"{}\">\n", xml_attr(&f.display)));
        for d in &f.diagnostics {
            let (s, _) = positions(&f.source, &idx, &d.range);
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"dfix.{}\"/>\n",
                s.line,
                s.column,
                severity(d.severity),
                xml_attr(&format!("{} [{}]", d.message, d.rule.name)),
                xml_attr(d.rule.code),
            ));
        }
        out.push_str("  </file>\n");
    }
    for e in &report.errors {
        out.push_str(&format!(
            "  <file name=\"{}\">\n    <error severity=\"error\" message=\"{}\" source=\"dfix\"/>\n  </file>\n",
            xml_attr(&e.path),
            xml_attr(&e.message)
        ));
    }
    out.push_str("</checkstyle>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(xml_attr("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
