#!/usr/bin/env python3
"""RSS of a language server with N documents open.

usage: lsp_rss.py --docs N --corpus DIR [--only dockerfile] -- SERVER CMD...
Opens N files from the corpus (half Dockerfiles, half Kubernetes manifests;
`--pick largest` takes the largest files, `--pick median` files of median
size), waits until each has
published diagnostics (or 10 s), then prints the server's RSS as JSON."""
import argparse, json, os, subprocess, threading, queue, time


def frame(obj):
    b = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--only", default=None)
    ap.add_argument("--pick", default="largest", choices=["largest", "median"])
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd

    def largest(sub, n):
        files = []
        for d, _, names in os.walk(os.path.join(a.corpus, sub)):
            files += [os.path.join(d, x) for x in names]
        files.sort(key=lambda f: -os.path.getsize(f))
        if a.pick == "median":
            mid = len(files) // 2
            return files[max(0, mid - n // 2):][:n]
        return files[:n]

    if a.only == "dockerfile":
        docs = [("dockerfile", f) for f in largest("dockerfiles", a.docs)]
    else:
        half = a.docs // 2
        docs = [("dockerfile", f) for f in largest("dockerfiles", half)]
        docs += [("yaml", f) for f in largest("manifests", a.docs - half)]

    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    q = queue.Queue()

    def reader():
        f = p.stdout
        while True:
            hdr = b""
            while not hdr.endswith(b"\r\n\r\n"):
                c = f.read(1)
                if not c:
                    q.put(None)
                    return
                hdr += c
            n = int([l for l in hdr.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
            q.put(json.loads(f.read(n)))

    threading.Thread(target=reader, daemon=True).start()

    def send(o):
        p.stdin.write(frame(o))
        p.stdin.flush()

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": os.getpid(), "rootUri": None, "capabilities": {}}})
    while True:
        m = q.get(timeout=60)
        if m and m.get("id") == 1:
            break
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    pending = set()
    for lang, f in docs:
        uri = "file://" + os.path.abspath(f)
        pending.add(uri)
        text = open(f, encoding="utf-8", errors="replace").read()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}}})
    end = time.time() + 10 + len(docs)
    while pending and time.time() < end:
        try:
            m = q.get(timeout=max(0.1, end - time.time()))
        except queue.Empty:
            break
        if m is None:
            break
        if "method" in m and "id" in m:
            send({"jsonrpc": "2.0", "id": m["id"], "result": None})
        elif m.get("method") == "textDocument/publishDiagnostics":
            pending.discard(m["params"]["uri"])
    time.sleep(0.5)
    rss = None
    for l in open(f"/proc/{p.pid}/status"):
        if l.startswith("VmRSS"):
            rss = int(l.split()[1])
    total = sum(os.path.getsize(f) for _, f in docs)
    print(json.dumps({"server": " ".join(cmd), "pick": a.pick, "docs": len(docs), "bytes_open": total,
                      "published": len(docs) - len(pending), "rss_kb": rss}))
    p.kill()


if __name__ == "__main__":
    main()
