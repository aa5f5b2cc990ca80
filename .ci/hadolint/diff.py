#!/usr/bin/env python3
"""Differential test of dfix against hadolint over a corpus of Dockerfiles.

Every corpus file is copied to a temporary tree as `NNNN.Dockerfile` (so
both tools see the same path and dfix recognises the kind), hadolint runs
with an empty config, dfix runs with every rule. A hadolint DL finding is
"found" when dfix reports a rule carrying the alias `hadolint/<code>` on
the same instruction (dfix ranges are mapped to the start line of the
instruction that contains them, using BuildKit's parser from the PyPI
`dockerfile` package; hadolint reports instruction start lines).

Unmatched hadolint findings that fall in a documented deliberate
difference (docs/hadolint-differences.md) are counted apart and leave the
denominator; every other unmatched finding is a miss. Prints one row per
rule and exits 1 below --min-overall / --min-rule (percent).
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import dockerfile  # BuildKit's parser

# Rules hadolint does not enable by default; never expected here.
SKIP = {"DL1000"}


def instructions(path):
    try:
        return [(c.start_line, c.end_line, c.cmd.upper(), c.original) for c in dockerfile.parse_file(path)]
    except Exception:
        return None


def owning_start(instrs, line):
    """Start line of the instruction that contains `line` (1-based)."""
    if instrs is None:
        return line
    for s, e, _, _ in instrs:
        if s <= line <= e:
            return s
    return line


def instr_at(instrs, line):
    for ins in instrs or []:
        if ins[0] == line:
            return ins
    return None


def text_of(lines, ins):
    return "\n".join(lines[ins[0] - 1:ins[1]]) if ins else ""


CACHE_RULES = {"DL3009", "DL3019", "DL3042", "DL3032", "DL3036", "DL3040", "DL3060"}


WINDOWS = re.compile(r'(?im)^\s*(FROM\s+(--\S+\s+)*\S*(windows|nanoserver|servercore)|SHELL\s+\[\s*"(powershell|pwsh|cmd))')


def deliberate(code, ins, text, instrs, whole=""):
    """Name of the documented deliberate difference this finding falls in
    (docs/hadolint-differences.md); None for a real miss."""
    if ins is None:
        return None
    kw = ins[2]
    if kw == "RUN" and WINDOWS.search(whole):
        return "non-posix-shell"
    if "<<" in text and kw in ("RUN", "COPY", "ADD"):
        return "heredoc"
    if code in CACHE_RULES and re.search(r"--mount=[^ ]*type=cache", text):
        return "cache-mount"
    if code in ("DL3006", "DL3007", "DL3026") and kw == "FROM" and "$" in text:
        return "variable-in-from"
    if code == "DL3022" and re.search(r"--from=\S*\$", text):
        return "copy-from-variable"
    if code == "DL3020" and re.search(r"\s\$\S+\s", text):
        return "add-variable-source"
    if code == "DL3002":
        last_from = max((i[0] for i in instrs if i[2] == "FROM"), default=0)
        if ins[0] < last_from:
            return "root-in-build-stage"
    if code == "DL3019" and "/var/cache/apk" in text:
        return "apk-cache-removed"
    if code == "DL3025" and kw == "HEALTHCHECK":
        return "healthcheck-shell-form"
    if code == "DL3042" and re.search(r"--no-cache(\s|$)", text):
        return "pip-option-prefix"
    if code == "DL3062" and re.search(r"\bgo run\b[^&;|]*\.go\b", text) and not re.search(r"\bgo (install|get)\b", text):
        return "go-run-local-file"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hadolint", required=True)
    ap.add_argument("--dfix", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--min-overall", type=float, default=98)
    ap.add_argument("--min-rule", type=float, default=95)
    ap.add_argument("--hadolint-cache", help="reuse hadolint's findings from this JSON file (development)")
    ap.add_argument("--show-extras", type=int, default=int(os.environ.get("SHOW_EXTRAS", "0")))
    ap.add_argument("--show-misses", type=int, default=int(os.environ.get("SHOW_MISSES", "3")))
    args = ap.parse_args()

    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(args.corpus) for f in fs
    )
    if not files:
        print(f"FAIL: no files in {args.corpus}")
        return 1
    tmp = tempfile.mkdtemp(prefix="dfix-hadolint-")
    try:
        names = {}
        for n, f in enumerate(files):
            name = os.path.join(tmp, f"{n:05d}.Dockerfile")
            shutil.copyfile(f, name)
            names[name] = os.path.relpath(f, args.corpus)
        cfg = os.path.join(tmp, "empty-hadolint.yaml")
        open(cfg, "w").write("{}\n")

        had = []
        batch = 200
        paths = sorted(names)
        cache = args.hadolint_cache
        if cache and os.path.exists(cache):
            had = [dict(h, file=os.path.join(tmp, h["file"])) for h in json.load(open(cache))]
            paths = []
        def run_batch(chunk):
            return subprocess.run(
                [args.hadolint, "--no-fail", "-c", cfg, "-f", "json", *chunk],
                capture_output=True, text=True, cwd=tmp)

        chunks = [paths[i:i + batch] for i in range(0, len(paths), batch)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for p in pool.map(run_batch, chunks):
                try:
                    had.extend(json.loads(p.stdout or "[]"))
                except json.JSONDecodeError:
                    print(f"FAIL: hadolint printed no JSON: {p.stderr[:500]}")
                    return 1
        if cache and paths:
            json.dump([dict(h, file=os.path.basename(h["file"])) for h in had], open(cache, "w"))
        p = subprocess.run([args.dfix, "check", "--format", "json", tmp], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print(f"FAIL: dfix exited {p.returncode}: {p.stderr[:2000]}")
            return 1
        out = json.loads(p.stdout)
        if out.get("errors"):
            print(f"dfix reported {len(out['errors'])} file errors, e.g. {out['errors'][:3]}")

        parsed = {}
        contents = {}

        def info(path):
            if path not in parsed:
                parsed[path] = instructions(path)
                contents[path] = open(path, encoding="utf-8", errors="replace").read().split("\n")
            return parsed[path], contents[path]

        dfix_keys = collections.defaultdict(set)  # (file, DL, line) -> dfix codes
        dfix_findings = []  # keys of each dfix finding with a hadolint alias
        for d in out["diagnostics"]:
            path = d["path"] if os.path.isabs(d["path"]) else os.path.join(tmp, os.path.basename(d["path"]))
            if not path.endswith(".Dockerfile"):
                path = os.path.join(tmp, os.path.basename(path))
            instrs, _ = info(path)
            line = owning_start(instrs, d["range"]["start"]["line"])
            keys = []
            for a in d["aliases"]:
                if a.startswith("hadolint/"):
                    dl = a.split("/", 1)[1]
                    dfix_keys[(path, dl, line)].add(d["code"])
                    keys.append((path, dl, line))
            if keys:
                dfix_findings.append((keys, d["code"]))

        rows = collections.OrderedDict()
        misses = collections.defaultdict(list)
        matched_keys = set()
        for h in had:
            code = h["code"]
            if not code.startswith("DL") or code in SKIP:
                continue
            path = h["file"] if os.path.isabs(h["file"]) else os.path.join(tmp, h["file"])
            key = (path, code, h["line"])
            r = rows.setdefault(code, collections.Counter())
            r["hadolint"] += 1
            if key in dfix_keys:
                r["found"] += 1
                matched_keys.add(key)
                continue
            instrs, lines = info(path)
            ins = instr_at(instrs, h["line"])
            why = deliberate(code, ins, text_of(lines, ins), instrs or [], "\n".join(lines))
            if why:
                r["deliberate"] += 1
                r["why:" + why] += 1
            else:
                r["missed"] += 1
                misses[code].append(f"{names[path]}:{h['line']}")
        # A dfix finding is an extra when hadolint reports none of its
        # aliases on that instruction; it counts under its first alias.
        extras = collections.defaultdict(list)
        for keys, dcode in dfix_findings:
            if not any(k in matched_keys for k in keys):
                rows.setdefault(keys[0][1], collections.Counter())["extra"] += 1
                extras[keys[0][1]].append(f"{dcode} {names[keys[0][0]]}:{keys[0][2]}")

        print(f"{len(files)} files; hadolint findings by rule vs dfix (same instruction)")
        print(f"{'rule':8} {'hadolint':>8} {'found':>6} {'delib':>6} {'missed':>6} {'extra':>6} {'recall':>7}")
        tot_h = tot_f = tot_d = 0
        failed = []
        for code in sorted(rows):
            r = rows[code]
            denom = r["hadolint"] - r["deliberate"]
            pct = 100.0 * r["found"] / denom if denom else 100.0
            tot_h += r["hadolint"]
            tot_f += r["found"]
            tot_d += r["deliberate"]
            whys = ", ".join(f"{k[4:]}={v}" for k, v in sorted(r.items()) if k.startswith("why:"))
            flag = ""
            if denom and pct < args.min_rule:
                flag = "  <-- below bar"
                failed.append(code)
            print(f"{code:8} {r['hadolint']:8} {r['found']:6} {r['deliberate']:6} {r['missed']:6} {r['extra']:6} {pct:6.1f}%{flag}"
                  + (f"  ({whys})" if whys else ""))
            for m in misses[code][: args.show_misses]:
                print(f"           missed: {m}")
            for m in extras[code][: args.show_extras]:
                print(f"           extra: {m}")
        denom = tot_h - tot_d
        overall = 100.0 * tot_f / denom if denom else 100.0
        print(f"overall: hadolint {tot_h}, deliberate differences {tot_d}, found {tot_f}/{denom} = {overall:.2f}%")
        ok = overall >= args.min_overall and not failed
        if not ok:
            print(f"FAIL: overall {overall:.2f}% (bar {args.min_overall}%), rules below {args.min_rule}%: {failed}")
            return 1
        print("PASS")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
