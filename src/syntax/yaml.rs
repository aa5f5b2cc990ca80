//! YAML syntax: the tree-sitter-yaml language and document splitting.
//!
//! Owns: parsing YAML text into trees, one per `---` document.
//! Never touches: Kubernetes or compose semantics (the rules own those).

use std::ops::Range;

use super::TreeSitterLanguage;

pub fn language() -> TreeSitterLanguage {
    tree_sitter_yaml::LANGUAGE.into()
}

/// Byte ranges of the `---`-separated documents of a YAML stream. The
/// separator line belongs to the document it opens.
pub fn split_documents(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end_matches(['\n', '\r']);
        if (t == "---" || t.starts_with("--- ") || t.starts_with("---\t")) && pos > start {
            out.push(start..pos);
            start = pos;
        }
        pos += line.len();
    }
    out.push(start..text.len());
    out
}

/// Replace Helm/Go template actions `{{ … }}` with same-length filler so the
/// YAML parser sees plain YAML and every offset still maps 1:1. An action
/// that fills its lines on its own (`{{- if … }}`, `{{ toYaml . | nindent 4 }}`)
/// becomes a comment (`#` then spaces), since it renders to whole lines or
/// nothing; an action inside a line becomes `x…x`, a plain scalar.
pub fn mask_templates(text: &str) -> Option<String> {
    if !text.contains("{{") {
        return None;
    }
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i + 1 < b.len() {
        if !(b[i] == b'{' && b[i + 1] == b'{') {
            i += 1;
            continue;
        }
        let end = text[i + 2..]
            .find("}}")
            .map(|p| i + 2 + p + 2)
            .unwrap_or(b.len());
        let ls = text[..i].rfind('\n').map_or(0, |p| p + 1);
        let le = text[end..].find('\n').map_or(b.len(), |p| end + p);
        let own_line = text[ls..i].trim().is_empty()
            && (text[end..le].trim().is_empty() || text[end..le].trim_start().starts_with("{{"));
        let mut line_open = true;
        for (k, o) in out[i..end].iter_mut().enumerate() {
            if b[i + k] == b'\n' {
                line_open = true;
                continue;
            }
            if own_line {
                let first_on_line = line_open && (k == 0 || !b[i + k].is_ascii_whitespace());
                if first_on_line && !b[i + k].is_ascii_whitespace() {
                    *o = b'#';
                    line_open = false;
                } else {
                    *o = b' ';
                }
            } else {
                *o = b'x';
            }
        }
        i = end;
    }
    // Only ASCII bytes of the actions were replaced, multi-byte chars whole.
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents() {
        let t = "a: 1\n---\nb: 2\n--- \nc: 3";
        let d = split_documents(t);
        assert_eq!(d.len(), 3);
        assert_eq!(&t[d[1].clone()], "---\nb: 2\n");
    }
}
