//! `review --format github-review`: the JSON body of GitHub's "create a
//! review for a pull request" call (`POST /repos/{owner}/{repo}/pulls/
//! {pull_number}/reviews`). Comments sit on the new side (`side: RIGHT`) of
//! lines inside the pull request's diff; a multi-line comment sets
//! `start_line`; a fix is a ```` ```suggestion ```` block that replaces
//! exactly the commented lines.
//!
//! Which lines a comment covers and what a suggestion holds is decided by
//! `review`; this module only lays out the JSON and the markdown.

use serde_json::{json, Map, Value};

use crate::engine::{Applicability, Diagnostic, Severity};

/// One review comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewComment {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    /// First line of a multi-line comment (1-based), if it spans lines.
    pub start_line: Option<usize>,
    /// The (last) line commented on, 1-based.
    pub line: usize,
    pub body: String,
}

/// A whole review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequestReview {
    /// The commit the line numbers refer to.
    pub commit_id: Option<String>,
    pub body: String,
    pub comments: Vec<ReviewComment>,
}

/// A fence longer than any run of backticks in `text`.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🛑",
        Severity::Warning => "⚠️",
        Severity::Info => "ℹ️",
    }
}

/// What the fix is, as a sentence for the comment.
fn fix_line(d: &Diagnostic) -> Option<String> {
    let fix = d.fix.as_ref()?;
    Some(match fix.applicability {
        Applicability::Safe => format!("**Fix** (safe): {}", fix.title),
        Applicability::Unsafe => format!(
            "**Fix** (unsafe, may change what the image or workload does; check before committing): {}",
            fix.title
        ),
        Applicability::Suggestion => format!("**Suggestion** (review carefully): {}", fix.title),
    })
}

/// The headline of one finding.
fn headline(d: &Diagnostic) -> String {
    format!(
        "{} **dfix {}** `{}` ({}): {}",
        icon(d.severity),
        d.rule.code,
        d.rule.name,
        d.severity.as_str(),
        d.message
    )
}

/// The markdown of one comment: the findings on its lines and their fixes,
/// then the suggestion block (`suggestion` replaces the commented lines) or
/// a note on why there is none.
pub fn comment_body(diags: &[&Diagnostic], suggestion: Option<&str>, note: Option<&str>) -> String {
    let mut body = String::new();
    match diags {
        [d] => {
            body.push_str(&headline(d));
            if let Some(f) = fix_line(d) {
                body.push_str("\n\n");
                body.push_str(&f);
            }
        }
        _ => {
            body.push_str(&format!(
                "{} problems on these lines{}:\n",
                diags.len(),
                if suggestion.is_some() {
                    "; the suggestion fixes them all"
                } else {
                    ""
                }
            ));
            for d in diags {
                body.push_str(&format!("\n- {}", headline(d)));
                if let Some(f) = fix_line(d) {
                    body.push_str(&format!("<br>{f}"));
                }
            }
        }
    }
    if let Some(s) = suggestion {
        let fence = fence_for(s);
        body.push_str(&format!("\n\n{fence}suggestion\n{s}"));
        if !s.is_empty() {
            body.push('\n');
        }
        body.push_str(&fence);
    }
    if let Some(n) = note {
        body.push_str("\n\n");
        body.push_str(n);
    }
    let mut codes: Vec<&str> = diags.iter().map(|d| d.rule.code).collect();
    codes.dedup();
    let first = codes.first().copied().unwrap_or("CODE");
    body.push_str(&format!(
        "\n\n<sub>`dfix rule {first}` explains a rule; `# dfix: ignore[{}]` on the line above silences {}.</sub>",
        codes.join(","),
        if codes.len() == 1 { "it" } else { "them" }
    ));
    body
}

pub fn render(review: &PullRequestReview) -> String {
    let comments: Vec<Value> = review
        .comments
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("path".into(), json!(c.path));
            m.insert("body".into(), json!(c.body));
            m.insert("line".into(), json!(c.line));
            m.insert("side".into(), json!("RIGHT"));
            if let Some(s) = c.start_line.filter(|&s| s < c.line) {
                m.insert("start_line".into(), json!(s));
                m.insert("start_side".into(), json!("RIGHT"));
            }
            Value::Object(m)
        })
        .collect();
    let mut v = Map::new();
    if let Some(id) = &review.commit_id {
        v.insert("commit_id".into(), json!(id));
    }
    v.insert("body".into(), json!(review.body));
    v.insert("event".into(), json!("COMMENT"));
    v.insert("comments".into(), Value::Array(comments));
    let mut s = serde_json::to_string_pretty(&Value::Object(v)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_backticks() {
        assert_eq!(fence_for("RUN echo hi"), "```");
        assert_eq!(fence_for("RUN echo ````x````"), "`````");
    }
}
