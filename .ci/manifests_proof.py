#!/usr/bin/env python3
"""Corpus proof for dfix's Kubernetes and compose fixes.

usage: manifests_proof.py DFIX_BIN CORPUS_DIR WORK_DIR [--validate]

Copies the YAML files of CORPUS_DIR to WORK_DIR, records what
`dfix check --format json` reports (with the YAML paths that every fix
title names), runs `dfix --write --unsafe`, and checks for each file:
  - dfix did not panic;
  - a changed file still loads as YAML with the same number of documents;
  - each document's data differs from the original only at (or under) the
    paths named by the fixes of diagnostics in that document;
  - with --validate: every document kubernetes-validate accepted before is
    accepted after;
  - every original comment is still present;
  - a second `dfix --write --unsafe` changes nothing.
Prints counts; exits 1 on any failure.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    if len(FAILURES) <= 40:
        print("FAIL:", msg, file=sys.stderr)


def load_docs(text):
    """[(start_line_0_based, data)] for every document, or None."""
    out = []
    try:
        loader = yaml.SafeLoader(text)
        try:
            while loader.check_node():
                node = loader.get_node()
                data = loader.construct_document(node)
                line = node.start_mark.line if node is not None else 0
                out.append((line, data))
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any YAML error means "not loadable"
        return None
    return out


def leaves(value, path):
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            yield from leaves(v, f"{path}[{i}]")
    else:
        yield path


def diff_paths(a, b, path=""):
    # `key:` (null) filled in, or emptied: the change is at the leaves.
    if a is None and isinstance(b, (dict, list)):
        yield from leaves(b, path)
        return
    if b is None and isinstance(a, (dict, list)):
        yield from leaves(a, path)
        return
    if type(a) is not type(b):
        yield path or "<root>"
        return
    if isinstance(a, dict):
        for k in a.keys() | b.keys():
            p = f"{path}.{k}" if path else str(k)
            if k not in b:
                yield from leaves(a[k], p)
            elif k not in a:
                yield from leaves(b[k], p)
            else:
                yield from diff_paths(a[k], b[k], p)
    elif isinstance(a, list):
        for i in range(max(len(a), len(b))):
            p = f"{path}[{i}]"
            if i >= len(a):
                yield from leaves(b[i], p)
            elif i >= len(b):
                yield from leaves(a[i], p)
            else:
                yield from diff_paths(a[i], b[i], p)
    elif a != b:
        yield path or "<root>"


def allowed(path, named):
    return any(
        path == a or path.startswith(a + ".") or path.startswith(a + "[") for a in named
    )


def title_paths(title):
    """Fix titles end with ` at PATH, PATH`."""
    if " at " not in title:
        return []
    return [p.strip() for p in title.rsplit(" at ", 1)[1].split(", ") if p.strip()]


COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def comments(text):
    out = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#"):
            out.append(s)
            continue
        m = COMMENT.search(line)
        if m and '"' not in line and "'" not in line:
            out.append(m.group(1).strip())
    return out


def digest(root):
    h = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                h[p] = hashlib.sha256(fh.read()).hexdigest()
    return h


def run_dfix(args, what):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode not in (0, 1) or "panicked" in r.stderr:
        fail(f"{what}: exit {r.returncode}: {r.stderr[-2000:]}")
    return r


def main():
    dfix, corpus, work = sys.argv[1], sys.argv[2], sys.argv[3]
    validate = "--validate" in sys.argv
    if validate:
        import kubernetes_validate  # noqa: F401 - fail loudly when absent
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    originals = {}
    for dirpath, _, files in os.walk(corpus):
        for f in files:
            if not f.endswith((".yaml", ".yml")):
                continue
            src = os.path.join(dirpath, f)
            rel = os.path.relpath(src, corpus)
            dst = os.path.join(work, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
            with open(src, "rb") as fh:
                originals[dst] = fh.read()
    print(f"files: {len(originals)}")

    report = run_dfix([dfix, "check", "--format", "json", work], "dfix check")
    try:
        data = json.loads(report.stdout)
    except json.JSONDecodeError:
        fail("dfix check --format json printed no JSON")
        data = {"diagnostics": [], "errors": []}
    named = {}  # path -> [(line, [yaml paths])]
    fixable = 0
    for d in data.get("diagnostics", []):
        fix = d.get("fix")
        if not fix or fix.get("applicability") == "suggestion":
            continue
        fixable += 1
        p = os.path.normpath(os.path.join(work, d["path"])) if not os.path.isabs(d["path"]) else d["path"]
        named.setdefault(p, []).append((d["range"]["start"]["line"] - 1, title_paths(fix["title"])))
    codes = {}
    for d in data.get("diagnostics", []):
        codes[d["code"]] = codes.get(d["code"], 0) + 1
    print(f"diagnostics: {len(data.get('diagnostics', []))} ({fixable} with a fix to apply); input errors: {len(data.get('errors', []))}")
    print("by code: " + ", ".join(f"{k}={v}" for k, v in sorted(codes.items())))

    run_dfix([dfix, "--write", "--unsafe", work], "dfix --write --unsafe")
    after = digest(work)

    changed = 0
    docs_compared = 0
    validated = 0
    for path, before_bytes in sorted(originals.items()):
        with open(path, "rb") as fh:
            now = fh.read()
        if now == before_bytes:
            continue
        changed += 1
        try:
            before_text, now_text = before_bytes.decode(), now.decode()
        except UnicodeDecodeError:
            fail(f"{path}: not UTF-8 after the fix")
            continue
        for c in comments(before_text):
            if c not in now_text:
                fail(f"{path}: comment lost: {c!r}")
        old_docs, new_docs = load_docs(before_text), load_docs(now_text)
        if old_docs is None:
            if new_docs is None:
                continue
            continue
        if new_docs is None:
            fail(f"{path}: loads as YAML before the fix, not after")
            continue
        if len(old_docs) != len(new_docs):
            fail(f"{path}: {len(old_docs)} documents before, {len(new_docs)} after")
            continue
        starts = [line for line, _ in old_docs]
        per_doc = {}
        for line, paths in named.get(os.path.normpath(path), []):
            idx = max([i for i, s in enumerate(starts) if s <= line] or [0])
            per_doc.setdefault(idx, []).extend(paths)
        for i, ((_, a), (_, b)) in enumerate(zip(old_docs, new_docs)):
            docs_compared += 1
            for p in diff_paths(a, b):
                if not allowed(p, per_doc.get(i, [])):
                    fail(f"{path} doc {i}: `{p}` changed but no applied fix names it (named: {per_doc.get(i, [])})")
            if validate and isinstance(a, dict) and a.get("apiVersion") and a.get("kind"):
                ok_before = k8s_valid(a)
                if ok_before:
                    validated += 1
                    if not k8s_valid(b):
                        fail(f"{path} doc {i}: kubernetes-validate accepted it before the fix, not after")

    run_dfix([dfix, "--write", "--unsafe", work], "second dfix --write --unsafe")
    again = digest(work)
    second_changed = [p for p in again if again[p] != after.get(p)]
    for p in second_changed[:20]:
        fail(f"{p}: a second --write --unsafe changed it again")
    print(f"changed files: {changed}; documents compared: {docs_compared}; "
          f"documents validated before+after: {validated}; changed by a second run: {len(second_changed)}")
    print(f"failures: {len(FAILURES)}")
    sys.exit(1 if FAILURES else 0)


_K8S = {}


def k8s_valid(doc):
    import functools

    import kubernetes_validate
    import kubernetes_validate.utils as kv_utils

    if not _K8S:
        # The library re-reads its JSON schemas (megabytes) on every call.
        kv_utils.schema_contents = functools.lru_cache(maxsize=None)(kv_utils.schema_contents)
        _K8S["version"] = kubernetes_validate.latest_version()
    try:
        kubernetes_validate.validate(doc, _K8S["version"], strict=False)
        return True
    except kubernetes_validate.ValidationError:
        return False
    except Exception:  # noqa: BLE001 - unknown kinds (CRDs) and schema gaps
        return False


if __name__ == "__main__":
    main()
