//! The window-local rules (`Scope::Stage`) report, run window by window,
//! exactly what they report on the whole file: the language server reuses
//! their findings for the windows an edit did not touch.
//!
//! Checks every Dockerfile of the rule fixtures and `examples/`, and of the
//! directories in `DFIX_WINDOW_CORPUS` (`:`-separated; the CI corpus suite
//! passes the shared corpus).

use std::path::{Path, PathBuf};

fn files(dir: &Path, all: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, all, out);
        } else if all || p.to_string_lossy().to_lowercase().contains("dockerfile") {
            out.push(p);
        }
    }
}

#[test]
fn stage_rules_report_the_same_window_by_window() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("tests/fixtures/dockerfile"), true, &mut paths);
    files(&root.join("examples"), false, &mut paths);
    let in_repo = paths.len();
    if let Ok(dirs) = std::env::var("DFIX_WINDOW_CORPUS") {
        for d in dirs.split(':').filter(|d| !d.is_empty()) {
            files(Path::new(d), true, &mut paths);
        }
    }
    assert!(in_repo > 50, "only {in_repo} Dockerfiles found in the repo");
    let mut failures = Vec::new();
    let mut checked = 0;
    for p in &paths {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        checked += 1;
        for m in dfix::rules::dockerfile::windows::window_mismatches(&text) {
            failures.push(format!("{}: {m}", p.display()));
        }
    }
    eprintln!("checked {checked} Dockerfiles ({in_repo} in the repo)");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
