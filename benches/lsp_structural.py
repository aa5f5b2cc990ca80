#!/usr/bin/env python3
"""Structural-edit latency: like ../shared/tools/lsp_latency.py (whose client
it reuses), but each edit inserts a whole `key: value` line after a middle
line (same indentation), then deletes it again — the edit that makes YAML's
indentation-sensitive grammar re-lex the rest of a document.

usage: lsp_structural.py --tools DIR --lang yaml --file F --edits N -- SERVER CMD..."""
import argparse, json, os, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True)
    ap.add_argument("--lang", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--edits", type=int, default=100)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    sys.path.insert(0, a.tools)
    from lsp_latency import Client, rss_kb  # the shared tool's client

    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    text = open(a.file).read()
    uri = "file://" + os.path.abspath(a.file)
    c = Client(cmd)
    c.request("initialize", {"processId": os.getpid(), "rootUri": None,
                             "capabilities": {"general": {"positionEncodings": ["utf-16"]}}})
    c.notify("initialized", {})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": a.lang, "version": 1, "text": text}})
    c.wait_diag(uri, 60)
    lines = text.split("\n")
    mid = len(lines) // 2
    while mid < len(lines) - 1 and ":" not in lines[mid]:
        mid += 1
    indent = lines[mid][: len(lines[mid]) - len(lines[mid].lstrip())]
    col = len(lines[mid])
    new = "\n" + indent + "dfixBenchKey: 1"
    lat, ver = [], 1
    for i in range(a.edits):
        ver += 1
        if i % 2 == 0:
            ch = {"range": {"start": {"line": mid, "character": col}, "end": {"line": mid, "character": col}}, "text": new}
        else:
            ch = {"range": {"start": {"line": mid, "character": col},
                            "end": {"line": mid + 1, "character": len(new) - 1}}, "text": ""}
        t = time.perf_counter()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": ver}, "contentChanges": [ch]})
        r = c.wait_diag(uri, 10)
        if r:
            lat.append((r[0] - t) * 1000)
    rss = rss_kb(c.p.pid)
    try:
        c.request("shutdown", None)
        c.notify("exit", None)
    except BaseException:
        pass
    time.sleep(0.3)
    c.p.kill()
    lat.sort()
    q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else None
    print(json.dumps({"server": " ".join(cmd), "file": a.file, "structural_edits": a.edits, "answered": len(lat),
                      "p50_ms": q(.5), "p90_ms": q(.9), "p99_ms": q(.99), "max_ms": q(1.0), "rss_kb": rss}))


if __name__ == "__main__":
    main()
