//! Per-rule fixtures: `tests/fixtures/<kind>/<CODE>/<case>` (kind is the
//! directory name; the file name decides nothing). For each fixture, one
//! snapshot in `snapshots/` shows the rule's diagnostics (code, range,
//! message, fix title, applicability) and the fixed text as a diff. The
//! harness also asserts the engine's invariants for every fixture: fixes
//! converge, add no syntax error, agree with the rule's declared fix
//! availability, and a second run changes nothing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dfix::engine::{self, Applicability, FixOptions, LintConfig};
use dfix::rules::{self, FixAvailability};
use dfix::syntax::line_index::ColumnUnit;
use dfix::syntax::{FileKind, LineIndex};

fn kind_of(dir: &str) -> FileKind {
    match dir {
        "dockerfile" => FileKind::Dockerfile,
        "kubernetes" => FileKind::Kubernetes,
        "compose" => FileKind::Compose,
        "dockerignore" => FileKind::Dockerignore,
        other => panic!("unknown fixture kind directory {other}"),
    }
}

fn fixtures() -> Vec<(FileKind, String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for kind_dir in std::fs::read_dir(&root).unwrap() {
        let kind_dir = kind_dir.unwrap().path();
        let kind = kind_of(kind_dir.file_name().unwrap().to_str().unwrap());
        for code_dir in std::fs::read_dir(&kind_dir).unwrap() {
            let code_dir = code_dir.unwrap().path();
            let code = code_dir.file_name().unwrap().to_str().unwrap().to_string();
            for f in std::fs::read_dir(&code_dir).unwrap() {
                out.push((kind, code.clone(), f.unwrap().path()));
            }
        }
    }
    out.sort_by(|a, b| a.2.cmp(&b.2));
    out
}

fn describe(path: &Path, text: &str, kind: FileKind, code: &str) -> String {
    let config = LintConfig {
        select: Some(vec![code.to_string()]),
        ..LintConfig::default()
    };
    let rule =
        rules::find(code).unwrap_or_else(|| panic!("fixture directory {code} names no rule"));
    let result = engine::lint(Some(path), text, kind, &config);
    let idx = LineIndex::new(text);
    let mut out = String::new();
    for d in &result.diagnostics {
        let s = idx.line_col(text, d.range.start, ColumnUnit::Char);
        let e = idx.line_col(text, d.range.end, ColumnUnit::Char);
        writeln!(
            out,
            "{} {}:{}-{}:{} {}",
            d.rule.code,
            s.line + 1,
            s.col + 1,
            e.line + 1,
            e.col + 1,
            d.message
        )
        .unwrap();
        match &d.fix {
            Some(f) => writeln!(out, "  fix ({}): {}", f.applicability.as_str(), f.title).unwrap(),
            None => writeln!(out, "  no fix").unwrap(),
        }
        match rule.fix {
            FixAvailability::Never => {
                assert!(d.fix.is_none(), "{code} declares no fix but offers one")
            }
            FixAvailability::Always => assert!(
                d.fix.is_some(),
                "{code} declares a fix always but offers none"
            ),
            FixAvailability::Sometimes => {}
        }
    }
    if result.diagnostics.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    let opts = FixOptions {
        min_applicability: Applicability::Unsafe,
        only_codes: Some(vec![code.to_string()]),
        ..FixOptions::default()
    };
    let fixed = engine::fix_text(Some(path), text, kind, &config, &opts);
    assert!(
        fixed.rolled_back.is_empty(),
        "{}: fix rolled back: {:?}",
        path.display(),
        fixed.rolled_back
    );
    assert!(
        fixed.converged,
        "{}: fixes did not converge",
        path.display()
    );
    let again = engine::fix_text(Some(path), &fixed.text, kind, &config, &opts);
    assert_eq!(
        again.text,
        fixed.text,
        "{}: a second fix run changed the file",
        path.display()
    );
    if fixed.text != text {
        out.push_str("\n--- fixed (unsafe fixes included) ---\n");
        let diff = similar::TextDiff::from_lines(text, &fixed.text);
        write!(out, "{}", diff.unified_diff().context_radius(2)).unwrap();
    }
    out
}

#[test]
fn rule_fixtures() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();
    let mut seen_codes = std::collections::BTreeSet::new();
    for (kind, code, path) in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = format!(
            "{}__{}__{}",
            kind.as_str(),
            code,
            path.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .replace('.', "_")
        );
        insta::with_settings!({ description => text.clone() }, {
            insta::assert_snapshot!(name, describe(&path, &text, kind, &code));
        });
        seen_codes.insert(code);
    }
    // Invariant: every rule with a kind that has fixtures has at least one.
    for r in rules::all() {
        if r.code.ends_with("000") || r.code == "DF003" {
            continue;
        }
        let kind_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(r.kind.as_str());
        if kind_dir.exists() {
            assert!(
                seen_codes.contains(r.code),
                "rule {} has no fixtures",
                r.code
            );
        }
    }
}
