#!/usr/bin/env python3
"""Parse-speed benchmark for dfix's Dockerfile grammar (single thread).

1. Full parse of every file under the corpus directories: total MB/s.
2. Incremental reparse after a 1-character edit in a ~2,000-line file
   (laradock's workspace Dockerfile, 1,973 lines): the edit is typed at the
   middle line, each run inserts one character and reparses with the old
   tree; reports p50/p99 of the reparse alone and of edit+reparse.

The tree-sitter runtime is the one in the PyPI `tree-sitter` package; the
times include the Python call overhead (a few microseconds), so they are an
upper bound of what the Rust crate sees.

usage: bench.py [--so LIB] [--big FILE] [--runs N] DIR...
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from check import Parser, build_library, load_language  # noqa: E402


def point_of(data, offset):
    row = data.count(b"\n", 0, offset)
    return (row, offset - (data.rfind(b"\n", 0, offset) + 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", default=[
        "/work/shared/corpus/dockerfiles", "/work/shared/corpus/dockerfiles_gpl"])
    ap.add_argument("--so")
    ap.add_argument("--big", default="/work/shared/corpus/dockerfiles/laradock__laradock/workspace__Dockerfile")
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parser = Parser(load_language(args.so or build_library(tmp)))
        files = sorted(os.path.join(d, f) for top in args.dirs for d, _, fs in os.walk(top) for f in fs)
        blobs = [open(f, "rb").read() for f in files]
        total = sum(len(b) for b in blobs)
        best = best_cpu = None
        for _ in range(args.rounds):
            t0, c0 = time.perf_counter(), time.thread_time()
            for b in blobs:
                parser.parse(b)
            dt, dc = time.perf_counter() - t0, time.thread_time() - c0
            best = dt if best is None else min(best, dt)
            best_cpu = dc if best_cpu is None else min(best_cpu, dc)
        print(f"full parse: {len(blobs)} files, {total / 1e6:.1f} MB; best of {args.rounds}: "
              f"{best * 1e3:.0f} ms wall = {total / 1e6 / best:.1f} MB/s, "
              f"{best_cpu * 1e3:.0f} ms CPU = {total / 1e6 / best_cpu:.1f} MB/s, "
              f"{len(blobs) / best_cpu:.0f} files/s")

        data = open(args.big, "rb").read()
        lines = data.count(b"\n")
        t0 = time.perf_counter()
        for _ in range(20):
            tree = parser.parse(data)
        full_ms = (time.perf_counter() - t0) / 20 * 1e3
        # The edit point: the start of the middle line's text, inside an instruction.
        line_starts = [0] + [i + 1 for i, c in enumerate(data) if c == 0x0A]
        pos = line_starts[lines // 2]
        while data[pos:pos + 1] in (b" ", b"\t"):
            pos += 1
        reparse, edit_and_reparse = [], []
        for i in range(args.runs):
            ch = b"x"
            new = data[:pos] + ch + data[pos:]
            t0 = time.perf_counter()
            tree.edit(start_byte=pos, old_end_byte=pos, new_end_byte=pos + 1,
                      start_point=point_of(data, pos), old_end_point=point_of(data, pos),
                      new_end_point=(point_of(data, pos)[0], point_of(data, pos)[1] + 1))
            t1 = time.perf_counter()
            tree = parser.parse(new, tree)
            t2 = time.perf_counter()
            reparse.append((t2 - t1) * 1e3)
            edit_and_reparse.append((t2 - t0) * 1e3)
            data = new
            pos += 1  # keep typing on the same line

        def pct(xs, p):
            xs = sorted(xs)
            return xs[min(len(xs) - 1, int(len(xs) * p))]

        print(f"file: {os.path.basename(args.big)} ({lines} lines), full parse {full_ms:.2f} ms")
        print(f"1-char edit, incremental reparse: p50 {statistics.median(reparse):.3f} ms, "
              f"p90 {pct(reparse, 0.90):.3f} ms, p99 {pct(reparse, 0.99):.3f} ms; edit+reparse p50 "
              f"{statistics.median(edit_and_reparse):.3f} ms ({args.runs} runs)")
        print(f"tree has errors: {tree.root_node.has_error}")


if __name__ == "__main__":
    main()
