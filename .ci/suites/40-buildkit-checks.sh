#!/usr/bin/env bash
# BuildKit checks (DF200-DF249) and the seeds' practices (DF300-DF349) on the
# real corpus: every fix they make must keep each Dockerfile valid for
# BuildKit's own parser, a second run must change nothing, and the legacy
# `ENV k v` -> `ENV k=v` fix must give every variable the same value as
# BuildKit read before. Prints counts; fails on any broken file.
source "$(dirname "$0")/../lib.sh"

if [ ! -x "$DFIX_BIN" ]; then
  echo "FAIL: dfix binary missing at $DFIX_BIN (build it with cargo build --release)" >&2
  exit 1
fi
CORPUS=$DFIX_SHARED/corpus/dockerfiles
if [ ! -d "$CORPUS" ]; then
  echo "FAIL: corpus missing at $CORPUS" >&2
  exit 1
fi
PY=$(oracle_python)
if ! "$PY" -c 'import dockerfile' 2>/dev/null; then
  echo "FAIL: BuildKit's parser (PyPI dockerfile) is not importable from $PY" >&2
  exit 1
fi
DUMP=$DFIX_SHARED/tools/buildkit_dump.py
[ -f "$DUMP" ] || { echo "FAIL: $DUMP missing" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SELECT="DF2,DF3"

run_pass() { # $1 = dir, $2 = selection, $3 = log
  # Files are named explicitly: corpus names such as `gold__x.Dockerfile`
  # are Dockerfiles whatever a directory walk would guess.
  find "$1" -type f -print0 | xargs -0 "$DFIX_BIN" fix --unsafe --select "$2" --format json >"$3.json" 2>"$3.err" || true
  if grep -q "dfix bug" "$3.err"; then
    echo "FAIL: a fix was rolled back (it added a syntax error):" >&2
    grep "dfix bug" "$3.err" | head -20 >&2
    return 1
  fi
  if grep -qi "panicked" "$3.err"; then
    echo "FAIL: dfix panicked" >&2; head -20 "$3.err" >&2; return 1
  fi
}

check_corpus() { # $1 = selection, $2 = name
  local orig=$WORK/$2-orig fixed=$WORK/$2-fixed
  mkdir -p "$orig" "$fixed"
  cp -r "$CORPUS"/. "$orig"/
  cp -r "$CORPUS"/. "$fixed"/
  run_pass "$fixed" "$1" "$WORK/$2-pass1" || return 1
  local changed
  changed=$(diff -rq "$orig" "$fixed" | wc -l)
  # Second run: nothing left to change.
  local snap=$WORK/$2-snap
  cp -r "$fixed" "$snap"
  run_pass "$fixed" "$1" "$WORK/$2-pass2" || return 1
  local unstable
  unstable=$(diff -rq "$snap" "$fixed" | wc -l)
  (cd "$orig" && find . -type f | sort) >"$WORK/$2-list"
  (cd "$orig" && "$PY" "$DUMP" --list "$WORK/$2-list") >"$WORK/$2-before.jsonl"
  (cd "$fixed" && "$PY" "$DUMP" --list "$WORK/$2-list") >"$WORK/$2-after.jsonl"
  "$PY" - "$WORK/$2-before.jsonl" "$WORK/$2-after.jsonl" "$2" "$changed" "$unstable" <<'PY'
import json, sys
before = {}
for l in open(sys.argv[1]):
    d = json.loads(l); before[d["file"]] = d
after = {}
for l in open(sys.argv[2]):
    d = json.loads(l); after[d["file"]] = d
name, changed, unstable = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
broken = [f for f, d in before.items() if d["ok"] and not after.get(f, {}).get("ok")]

def env_values(d):
    """(instruction index, key, value) of every ENV/LABEL pair, quotes off."""
    out = []
    for n, ins in enumerate(d.get("instructions", [])):
        if ins["cmd"].lower() in ("env", "label"):
            out.append((n, ins["cmd"].lower(), ins["value"]))
    return out

def pairs(values):
    # BuildKit's parser gives [k, v, k, v, ...] for ENV/LABEL.
    res = []
    for i in range(0, len(values), 2):
        k, v = values[i], values[i + 1] if i + 1 < len(values) else ""
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
            v = v[1:-1]
        res.append((k, v))
    return res

changed_values = []
if name == "legacy":
    for f, d in before.items():
        a = after.get(f)
        if not d["ok"] or not a or not a["ok"]:
            continue
        eb, ea = env_values(d), env_values(a)
        if len(eb) != len(ea):
            changed_values.append((f, "ENV/LABEL count differs"))
            continue
        for (n1, c1, v1), (n2, c2, v2) in zip(eb, ea):
            if pairs(v1) != pairs(v2):
                changed_values.append((f, f"{c1} {pairs(v1)} -> {pairs(v2)}"))
print(f"[{name}] files: {len(before)}, parsed by BuildKit before: {sum(d['ok'] for d in before.values())}, "
      f"changed by fixes: {changed}, changed again by a second run: {unstable}, "
      f"broken by fixes: {len(broken)}, ENV/LABEL values changed: {len(changed_values)}")
for f in broken[:20]:
    print("  BROKEN:", f, after.get(f, {}).get("error"))
for f, why in changed_values[:20]:
    print("  VALUE CHANGED:", f, why[:300])
sys.exit(1 if broken or unstable or changed_values else 0)
PY
}

status=0
check_corpus "$SELECT" all || status=1
check_corpus "DF209" legacy || status=1
if [ $status -ne 0 ]; then
  echo "FAIL: BuildKit-check / seed-practice fixes broke or destabilised corpus files" >&2
fi
exit $status
