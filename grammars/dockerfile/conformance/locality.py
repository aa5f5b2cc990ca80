#!/usr/bin/env python3
"""Error locality of dfix's Dockerfile grammar: what a half-typed line does.

For a sample of corpus files, cuts one random non-blank line at a random
column (as if the user were still typing it), reparses, and reports how many
edits produce an ERROR/MISSING node at all and how many produce one outside
the edited line. Informational: prints figures and examples, exits 0.

usage: locality.py [--so LIB] [--files N] [--cuts N] [--seed S] DIR...
"""
import argparse
import collections
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import Parser, build_library, load_language  # noqa: E402


def error_nodes(node, out):
    if node.type == "ERROR" or node.is_missing:
        out.append(node)
        return
    if node.has_error:
        for c in node.children:
            error_nodes(c, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", default=["/work/shared/corpus/dockerfiles"])
    ap.add_argument("--so")
    ap.add_argument("--files", type=int, default=1500)
    ap.add_argument("--cuts", type=int, default=4)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        parser = Parser(load_language(args.so or build_library(tmp)))
        files = sorted(os.path.join(d, f) for top in args.dirs for d, _, fs in os.walk(top) for f in fs)
        rng.shuffle(files)
        stats = collections.Counter()
        spread = []
        for path in files[:args.files]:
            lines = open(path, "rb").read().split(b"\n")
            for _ in range(args.cuts):
                i = rng.randrange(len(lines))
                if not lines[i].strip():
                    continue
                cut = rng.randrange(1, len(lines[i]) + 1)
                text = b"\n".join(lines[:i] + [lines[i][:cut]] + lines[i + 1:])
                tree = parser.parse(text)
                stats["edits"] += 1
                if not tree.root_node.has_error:
                    continue
                stats["with an error node"] += 1
                errs = []
                error_nodes(tree.root_node, errs)
                rows = {r for e in errs for r in range(e.start_point[0], e.end_point[0] + 1)}
                if rows - {i}:
                    stats["error outside the edited line"] += 1
                    spread.append((os.path.basename(path), i + 1, lines[i][:cut][:60], sorted(rows)[:4]))
        print(dict(stats))
        for s in spread[:20]:
            print("  ", s)


if __name__ == "__main__":
    main()
