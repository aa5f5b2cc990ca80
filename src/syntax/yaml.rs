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
/// YAML parser sees plain scalars and every offset still maps 1:1.
pub fn mask_templates(text: &str) -> Option<String> {
    if !text.contains("{{") {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'{' && b[i + 1] == b'{' {
            let end = text[i + 2..]
                .find("}}")
                .map(|p| i + 2 + p + 2)
                .unwrap_or(b.len());
            for o in &mut out[i..end] {
                if *o != b'\n' {
                    *o = b'x';
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced, and whole multi-byte chars at that.
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
