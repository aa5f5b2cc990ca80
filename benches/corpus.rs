//! Batch benchmark: `cargo bench --bench corpus` (release build).
//!
//! 1. In-process, single thread: lint every file of
//!    ../shared/corpus/dockerfiles (and manifests, compose) and report files/s
//!    and MB/s per kind, plus a fix pass (`--write --unsafe` logic, no IO).
//! 2. The real binary: wall time of `dfix check` over the whole corpus
//!    (Dockerfiles + manifests), the SPEC's "under 1 s on 2 cores" target.
//!
//! Set DFIX_SHARED to point elsewhere than ../shared. Prints figures only;
//! never asserts on time.

use std::path::{Path, PathBuf};
use std::time::Instant;

use dfix::engine::{self, Applicability, FixOptions, LintConfig};
use dfix::syntax::{self, FileKind};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn load(dir: &Path, default: FileKind) -> Vec<(PathBuf, String, FileKind)> {
    files(dir)
        .into_iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            let kind = match default {
                FileKind::Dockerfile => FileKind::Dockerfile,
                _ => syntax::yaml_kind(&text),
            };
            Some((p, text, kind))
        })
        .collect()
}

fn bench_lint(name: &str, docs: &[(PathBuf, String, FileKind)], rounds: usize) {
    let config = LintConfig::default();
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut best = f64::MAX;
    let mut diags = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        diags = 0;
        for (p, text, kind) in docs {
            diags += engine::lint(Some(p), text, *kind, &config)
                .diagnostics
                .len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "lint {name:<12} {:>5} files {:>6.1} MB  {:>8.1} ms  {:>8.0} files/s  {:>6.1} MB/s  ({diags} diagnostics; 1 thread, best of {rounds})",
        docs.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        docs.len() as f64 / best,
        bytes as f64 / 1e6 / best
    );
}

fn bench_fix(name: &str, docs: &[(PathBuf, String, FileKind)]) {
    let config = LintConfig::default();
    let opts = FixOptions {
        min_applicability: Applicability::Unsafe,
        ..FixOptions::default()
    };
    let t = Instant::now();
    let mut changed = 0;
    for (p, text, kind) in docs {
        if engine::fix_text(Some(p), text, *kind, &config, &opts).text != *text {
            changed += 1;
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "fix  {name:<12} {:>5} files  {:>8.1} ms  {:>8.0} files/s  ({changed} changed; --unsafe, 1 thread)",
        docs.len(),
        s * 1e3,
        docs.len() as f64 / s
    );
}

fn main() {
    let shared = std::env::var("DFIX_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let corpus = shared.join("corpus");
    if !corpus.exists() {
        eprintln!(
            "benchmark needs the corpus at {} (set DFIX_SHARED)",
            corpus.display()
        );
        std::process::exit(1);
    }
    let dockerfiles = load(&corpus.join("dockerfiles"), FileKind::Dockerfile);
    let manifests = load(&corpus.join("manifests"), FileKind::Kubernetes);
    let compose = load(&corpus.join("compose"), FileKind::Compose);
    bench_lint("dockerfiles", &dockerfiles, 3);
    bench_lint("manifests", &manifests, 3);
    bench_lint("compose", &compose, 3);
    bench_fix("dockerfiles", &dockerfiles);

    // The real binary over the whole corpus, all cores.
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dfix");
    if !bin.exists() {
        println!("(skipping the CLI wall-time figure: build target/release/dfix first)");
        return;
    }
    let list = std::env::temp_dir().join("dfix-bench-files.lst");
    let all: Vec<String> = dockerfiles
        .iter()
        .chain(manifests.iter())
        .map(|d| d.0.display().to_string())
        .collect();
    std::fs::write(&list, all.join("\n")).unwrap();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let o = std::process::Command::new(&bin)
            .args(["check", "--format", "json", "--files-from"])
            .arg(&list)
            .output()
            .unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert!(o.status.code().is_some_and(|c| c <= 2));
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "cli  dfix check over {} files (Dockerfiles + manifests): median {:.0} ms, best {:.0} ms wall ({} cores)",
        all.len(),
        times[2] * 1e3,
        times[0] * 1e3,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
}
