#!/usr/bin/env python3
"""Incremental-parsing and robustness check for dfix's Dockerfile grammar.

For a sample of corpus files it applies random small edits (insert, delete,
replace of 1-3 characters, biased towards the characters that matter to the
scanner: escape, newline, quotes, `<<`, `#`, `[`), reparses incrementally with
the old tree, and checks that the result equals a fresh parse of the edited
text. Any difference is a bug in the external scanner's state handling.
It also checks that arbitrary damage never crashes or hangs the parser.

usage: incremental.py [--so LIB] [--files N] [--edits N] [--seed S] DIR...
"""
import argparse
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import Parser, build_library, load_language  # noqa: E402

INTERESTING = ["\\", "\n", "\\\n", "`", '"', "'", "<<", "<<EOF\n", "EOF\n", "#", "# ", "[", "]",
               "=", "--", " ", "\r\n", "a", "RUN ", "\n# escape=`\n", "\t"]


def point_of(data, offset):
    row = data.count(b"\n", 0, offset)
    col = offset - (data.rfind(b"\n", 0, offset) + 1)
    return (row, col)


def sexp(node, data):
    """The tree with node kinds and byte ranges (to_sexp has no ranges)."""
    out = []
    stack = [(node, 0)]
    while stack:
        n, depth = stack.pop()
        out.append(f"{depth} {n.type} {n.start_byte} {n.end_byte} {n.is_missing}")
        for c in reversed(n.children):
            stack.append((c, depth + 1))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", default=["/work/shared/corpus/dockerfiles"])
    ap.add_argument("--so")
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        parser = Parser(load_language(args.so or build_library(tmp)))
        files = sorted(os.path.join(d, f) for top in args.dirs for d, _, fs in os.walk(top) for f in fs)
        rng.shuffle(files)
        failures = 0
        edits = 0
        t0 = time.time()
        for path in files[:args.files]:
            data = open(path, "rb").read()
            tree = parser.parse(data)
            for _ in range(args.edits):
                start = rng.randrange(0, len(data) + 1)
                old_len = rng.choice([0, 0, 1, 1, 2, 3])
                old_end = min(len(data), start + old_len)
                insert = rng.choice(INTERESTING + [""]).encode()
                if rng.random() < 0.2:
                    insert = bytes([rng.randrange(32, 127)])
                new = data[:start] + insert + data[old_end:]
                tree.edit(
                    start_byte=start, old_end_byte=old_end, new_end_byte=start + len(insert),
                    start_point=point_of(data, start), old_end_point=point_of(data, old_end),
                    new_end_point=point_of(new, start + len(insert)))
                tree = parser.parse(new, tree)
                fresh = parser.parse(new)
                edits += 1
                if sexp(tree.root_node, new) != sexp(fresh.root_node, new):
                    failures += 1
                    if failures <= 5:
                        print(f"MISMATCH {path} edit at {start} del {old_end - start} ins {insert!r}")
                    tree = fresh
                data = new
        print(f"files: {min(args.files, len(files))}, edits: {edits}, "
              f"incremental != fresh: {failures}  ({time.time() - t0:.1f}s)")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
