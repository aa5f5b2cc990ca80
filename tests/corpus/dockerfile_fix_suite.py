#!/usr/bin/env python3
"""Corpus proof for `dfix --write --unsafe` on Dockerfiles.

usage: dockerfile_fix_suite.py DFIX_BIN BUILDKIT_DUMP_PY CORPUS_DIR...

Copies every file of the corpus directories to a temp dir, then checks:
  1. dfix never panics (exit code 0/1, never 101) and rolls back no fix;
  2. no file BuildKit's parser accepted is rejected after the fix;
  3. BuildKit sees the original instructions, in order, plus only inserted
     RUN/USER instructions (DF020's user creation) and SHELL (DF176's
     pipefail), consecutive RUNs compared as one (DF010 joins `apt-get
     update` with the next RUN), ADD/COPY and MAINTAINER/LABEL compared as
     one (DF120, DF170), and ineffective duplicate CMD / ENTRYPOINT /
     HEALTHCHECK of a stage allowed to go (DF173, DF174, DF112);
  4. every original comment line, the BOM, the line-ending style and the
     presence of a final newline survive;
  5. a second `dfix --write --unsafe` changes nothing;
  6. dfix reports no syntax error (DF000) on a file BuildKit accepts.
Prints the counts; exits 1 on any failure.
"""
import json, os, shutil, subprocess, sys, tempfile, hashlib, collections


def oracle(py, dump, files):
    lst = tempfile.NamedTemporaryFile("w", delete=False, suffix=".lst")
    lst.write("\n".join(files) + "\n")
    lst.close()
    out = subprocess.run([py, dump, "--list", lst.name], capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        d = json.loads(line)
        res[d["file"]] = d
    os.unlink(lst.name)
    return res


def digest(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()


def run_dfix(bin_, args, files):
    lst = tempfile.NamedTemporaryFile("w", delete=False, suffix=".lst")
    lst.write("\n".join(files) + "\n")
    lst.close()
    p = subprocess.run([bin_] + args + ["--files-from", lst.name], capture_output=True, text=True)
    os.unlink(lst.name)
    return p


def is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def collapse_runs(cmds):
    out = []
    for c in cmds:
        if c == "RUN" and out and out[-1] == "RUN":
            continue
        out.append(c)
    return out


# Keyword rewrites that fixes make on purpose.
SAME_AS = {"ADD": "COPY", "MAINTAINER": "LABEL"}


def without_dead_duplicates(cmds):
    """Drop each CMD/ENTRYPOINT/HEALTHCHECK that a later one of the same
    stage overrides (the fixes of DF173/DF174/DF112 delete those)."""
    out = []
    for i, c in enumerate(cmds):
        if c in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            later = cmds[i + 1:]
            end = later.index("FROM") if "FROM" in later else len(later)
            if c in later[:end]:
                continue
        out.append(c)
    return out


def main():
    bin_, dump, *dirs = sys.argv[1:]
    py = sys.executable
    work = tempfile.mkdtemp(prefix="dfix-corpus-")
    files = []
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in names:
                src = os.path.join(root, n)
                rel = os.path.relpath(src, os.path.dirname(d.rstrip("/")))
                dst = os.path.join(work, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
                files.append(dst)
    files.sort()
    originals = {f: open(f, "rb").read() for f in files}
    before = oracle(py, dump, files)
    accepted = {f for f, d in before.items() if d["ok"]}
    failures = collections.defaultdict(list)

    # 6. syntax errors on accepted files
    chk = run_dfix(bin_, ["check", "--format", "json", "--select", "DF000"], files)
    if chk.returncode not in (0, 1):
        failures["check exit code"].append(f"{chk.returncode}: {chk.stderr[-2000:]}")
    else:
        for d in json.loads(chk.stdout)["diagnostics"]:
            p = d["path"]
            if p in accepted:
                failures["DF000 on a file BuildKit accepts"].append(f"{p}:{d['range']['start']['line']}: {d['message']}")

    # 1. fix
    fix = run_dfix(bin_, ["fix", "--unsafe", "--format", "json"], files)
    if fix.returncode not in (0, 1, 2) or "panicked" in fix.stderr:
        failures["panic or bad exit"].append(f"exit {fix.returncode}: {fix.stderr[-3000:]}")
    for line in fix.stderr.splitlines():
        if line.startswith("dfix bug:"):
            failures["fix rolled back (dfix bug)"].append(line)
    changed = [f for f in files if open(f, "rb").read() != originals[f]]

    # 2/3. BuildKit on fixed files
    after = oracle(py, dump, changed) if changed else {}
    for f in changed:
        a, b = before[f], after[f]
        if a["ok"] and not b["ok"]:
            failures["BuildKit rejects after fix"].append(f"{f}: {b['error']}")
            continue
        if a["ok"]:
            # DF010 joins RUNs and DF020 inserts RUN+USER: compare with
            # consecutive RUNs collapsed. DF207 declares `ARG NAME` in a
            # stage; DF300 copies the manifests before the install RUN.
            def norm(ins):
                cmds = [SAME_AS.get(i["cmd"].upper(), i["cmd"].upper()) for i in ins]
                return collapse_runs(without_dead_duplicates(cmds))
            orig = norm(a["instructions"])
            new = norm(b["instructions"])
            extra = collections.Counter(new) - collections.Counter(orig)
            if not is_subsequence(orig, new) or set(extra) - {"RUN", "USER", "SHELL", "ARG", "COPY"}:
                failures["instructions changed"].append(f"{f}: {orig} -> {new}")

    # 4. bytes that must survive
    for f in changed:
        o, n = originals[f], open(f, "rb").read()
        if o.startswith(b"\xef\xbb\xbf") != n.startswith(b"\xef\xbb\xbf"):
            failures["BOM changed"].append(f)
        if o.endswith(b"\n") != n.endswith(b"\n"):
            failures["final newline changed"].append(f)
        if (b"\r\n" in o) and n.count(b"\r\n") < o.count(b"\r\n"):
            failures["CRLF lost"].append(f)
        ot, nt = o.decode("utf-8", "replace"), n.decode("utf-8", "replace")
        nlines = collections.Counter(l.strip() for l in nt.splitlines())
        for l in ot.splitlines():
            s = l.strip()
            if s.startswith("#"):
                if nlines[s] <= 0:
                    failures["comment lost"].append(f"{f}: {s}")
                    break
                nlines[s] -= 1

    # 5. idempotent
    snapshot = {f: digest(f) for f in files}
    again = run_dfix(bin_, ["fix", "--unsafe", "--format", "json"], files)
    if "panicked" in again.stderr:
        failures["panic on second run"].append(again.stderr[-2000:])
    second = [f for f in files if digest(f) != snapshot[f]]
    for f in second:
        failures["second run changed the file"].append(f)

    print(f"files: {len(files)}")
    print(f"accepted by BuildKit before: {len(accepted)} (rejected: {len(files) - len(accepted)})")
    print(f"changed by dfix --write --unsafe: {len(changed)}")
    print(f"changed again by a second run: {len(second)}")
    still_ok = sum(1 for f in changed if f in accepted and after[f]["ok"])
    print(f"changed files BuildKit accepted before and still accepts: {still_ok}/{len([f for f in changed if f in accepted])}")
    if failures:
        for k, v in failures.items():
            print(f"FAIL {k}: {len(v)}")
            for x in v[:10]:
                print(f"    {x}")
        sys.exit(1)
    print("PASS: no panic, no rollback, no file broken, instructions kept, comments/BOM/CRLF/final newline kept, idempotent")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
