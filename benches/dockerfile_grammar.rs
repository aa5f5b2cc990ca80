//! Speed of dfix's own Dockerfile grammar (grammars/dockerfile) through the
//! Rust tree-sitter runtime: `cargo bench --bench dockerfile_grammar`.
//!
//! 1. Full parse of every file of ../shared/corpus/dockerfiles and
//!    dockerfiles_gpl, single thread: MB/s and files/s (best of 5 rounds).
//! 2. Incremental reparse after typing one character in a ~2,000-line file
//!    (laradock's workspace Dockerfile, 1,973 lines), with `Tree::edit` and
//!    the old tree: p50/p90/p99 over 3,000 keystrokes.
//!
//! Set DFIX_SHARED to point elsewhere than ../shared. Prints figures only.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tree_sitter::{InputEdit, Parser, Point};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// CPU time of this thread in seconds (Linux `schedstat`, coarse), so that
/// throughput means something on a machine shared with other jobs; 0 when
/// unavailable.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn point(text: &[u8], offset: usize) -> Point {
    let row = text[..offset].iter().filter(|&&b| b == b'\n').count();
    let line_start = text[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    Point::new(row, offset - line_start)
}

fn main() {
    let shared = std::env::var("DFIX_SHARED").unwrap_or_else(|_| "../shared".into());
    let corpus = Path::new(&shared).join("corpus");
    let mut paths = Vec::new();
    files(&corpus.join("dockerfiles"), &mut paths);
    files(&corpus.join("dockerfiles_gpl"), &mut paths);
    paths.sort();
    let blobs: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if blobs.is_empty() {
        eprintln!("no corpus under {}", corpus.display());
        return;
    }
    let total: usize = blobs.iter().map(Vec::len).sum();
    let mut parser = Parser::new();
    parser
        .set_language(&dfix::syntax::dockerfile::language())
        .expect("grammar ABI");

    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut with_errors = 0;
    for round in 0..5 {
        let start = Instant::now();
        let cpu = cpu_seconds();
        for b in &blobs {
            let tree = parser.parse(b, None).expect("parse");
            if round == 0 && tree.root_node().has_error() {
                with_errors += 1;
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_seconds() - cpu);
    }
    println!(
        "full parse: {} files, {:.1} MB; best of 5: {:.0} ms wall = {:.1} MB/s, {:.0} ms CPU = {:.1} MB/s, {:.0} files/s; {} trees with errors",
        blobs.len(),
        total as f64 / 1e6,
        best * 1e3,
        total as f64 / 1e6 / best,
        best_cpu * 1e3,
        total as f64 / 1e6 / best_cpu,
        blobs.len() as f64 / best_cpu,
        with_errors
    );

    let big = corpus.join("dockerfiles/laradock__laradock/workspace__Dockerfile");
    let Ok(mut text) = std::fs::read(&big) else {
        eprintln!("missing {}", big.display());
        return;
    };
    let lines = text.iter().filter(|&&b| b == b'\n').count();
    let start = Instant::now();
    let mut tree = parser.parse(&text, None).expect("parse");
    let full = start.elapsed();
    // Type at the middle line, after its indentation.
    let mut pos = text
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(lines / 2)
        .map_or(0, |(i, _)| i + 1);
    while matches!(text.get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }
    let mut times = Vec::new();
    for _ in 0..3000 {
        let at = point(&text, pos);
        text.insert(pos, b'x');
        let start = Instant::now();
        tree.edit(&InputEdit {
            start_byte: pos,
            old_end_byte: pos,
            new_end_byte: pos + 1,
            start_position: at,
            old_end_position: at,
            new_end_position: Point::new(at.row, at.column + 1),
        });
        tree = parser.parse(&text, Some(&tree)).expect("reparse");
        times.push(start.elapsed().as_secs_f64() * 1e3);
        pos += 1;
    }
    let pct = |xs: &mut Vec<f64>, p: f64| {
        xs.sort_by(f64::total_cmp);
        xs[((xs.len() as f64 * p) as usize).min(xs.len() - 1)]
    };
    println!(
        "{} ({lines} lines): full parse {:.2} ms; 1-char edit + incremental reparse: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms (wall)",
        big.file_name().unwrap().to_string_lossy(),
        full.as_secs_f64() * 1e3,
        pct(&mut times, 0.5),
        pct(&mut times, 0.9),
        pct(&mut times, 0.99),
    );
}
