//! Hover: the documentation of the rules whose diagnostics cover the
//! position.

use tower_lsp_server::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::document::Document;
use super::position::Encoding;
use crate::engine::Diagnostic;

pub fn hover(doc: &Document, diags: &[Diagnostic], offset: usize, enc: Encoding) -> Option<Hover> {
    let hits: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.range.start <= offset && offset <= d.range.end)
        .collect();
    let first = hits.first()?;
    let mut md = String::new();
    let mut shown = Vec::new();
    for d in &hits {
        if shown.contains(&d.rule.code) {
            continue;
        }
        shown.push(d.rule.code);
        if !md.is_empty() {
            md.push_str("\n---\n\n");
        }
        md.push_str(&format!(
            "**{}** `{}` — {}\n\n{}",
            d.rule.code,
            d.rule.name,
            d.message,
            d.rule.docs()
        ));
        if !d.rule.aliases.is_empty() {
            md.push_str(&format!("\nAliases: {}\n", d.rule.aliases.join(", ")));
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(doc.lines.range(&doc.text, &first.range, enc)),
    })
}
