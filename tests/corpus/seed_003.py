#!/usr/bin/env python3
"""Seed 003's "THE CRIME (Before)" Dockerfile, fixed with
`dfix --write --unsafe`: CMD in exec form, the apt RUN with -y,
--no-install-recommends and /var/lib/apt/lists removed in the same RUN, a
non-root final stage; BuildKit accepts it with the original instructions
plus only the inserted ones; a second run changes nothing.

usage: seed_003.py DFIX_BIN BUILDKIT_DUMP_PY CRIME_DOCKERFILE
"""
import json, os, shutil, subprocess, sys, tempfile

bin_, dump, src = sys.argv[1:]
work = tempfile.mkdtemp()
path = os.path.join(work, "Dockerfile")
shutil.copyfile(src, path)


def bk(p):
    out = subprocess.run([sys.executable, dump, p], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


before = bk(path)
assert before["ok"], before
r = subprocess.run([bin_, "--write", "--unsafe", path], capture_output=True, text=True)
assert r.returncode in (0, 1), r
fixed = open(path).read()
print(fixed)
after = bk(path)
fail = []
if not after["ok"]:
    fail.append(f"BuildKit rejects the fixed file: {after.get('error')}")
else:
    ins = after["instructions"]
    cmd = [i for i in ins if i["cmd"].upper() == "CMD"][-1]
    if not cmd["json"]:
        fail.append("CMD is not in exec form")
    apt = [i for i in ins if i["cmd"].upper() == "RUN" and "apt-get install" in " ".join(i["value"])]
    if len(apt) != 1:
        fail.append(f"expected one apt RUN, got {len(apt)}")
    else:
        v = " ".join(apt[0]["value"])
        for needle in ["-y", "--no-install-recommends", "rm -rf /var/lib/apt/lists/*"]:
            if needle not in v:
                fail.append(f"apt RUN lacks {needle}: {v}")
    users = [i for i in ins if i["cmd"].upper() == "USER"]
    last_from = max(n for n, i in enumerate(ins) if i["cmd"].upper() == "FROM")
    final_users = [i for n, i in enumerate(ins) if n > last_from and i["cmd"].upper() == "USER"]
    if not final_users or final_users[-1]["value"][0].split(":")[0] in ("root", "0"):
        fail.append("the final stage does not switch to a non-root USER")
    orig = [(i["cmd"].upper()) for i in before["instructions"]]
    new = [(i["cmd"].upper()) for i in ins]
    it = iter(new)
    if not all(any(x == y for y in it) for x in orig):
        fail.append(f"original instructions not kept in order: {orig} -> {new}")
    # DF020 inserts RUN+USER; DF300 (copy-all-before-install) copies
    # requirements.txt where `COPY . /app` was and `COPY . /app` after pip.
    extra = len(new) - len(orig)
    if extra != len(users) * 2 + 1 or len(users) != 1:
        fail.append(f"expected the inserted RUN+USER and one COPY, got {orig} -> {new}")
    copies = [(n, " ".join(i["value"])) for n, i in enumerate(ins) if i["cmd"].upper() == "COPY"]
    pip = [n for n, i in enumerate(ins) if i["cmd"].upper() == "RUN" and "pip install" in " ".join(i["value"])]
    if not pip or [c for _, c in copies] != ["requirements.txt /app/", ". /app"] \
            or not copies[0][0] < pip[0] < copies[1][0]:
        fail.append(f"expected COPY requirements.txt, pip install, COPY . /app in that order, got {copies} pip at {pip}")
second = subprocess.run([bin_, "--write", "--unsafe", path], capture_output=True, text=True)
if open(path).read() != fixed:
    fail.append("a second run changed the file")
if fail:
    print("FAIL seed 003:\n  " + "\n  ".join(fail))
    sys.exit(1)
print("PASS seed 003: exec-form CMD, -y, --no-install-recommends, lists removed, non-root USER, requirements copied before pip; BuildKit accepts; idempotent")
