#!/usr/bin/env bash
# Kubernetes and compose fixes, proven on the corpus (issue 5):
#  - corpus/manifests and corpus/compose: `dfix --write --unsafe` never
#    panics; changed files load with the same number of documents; data
#    differs only at the paths the applied fixes name; documents
#    kubernetes-validate accepted before are accepted after; comments kept;
#    a second run is a no-op (.ci/manifests_proof.py).
#  - corpus/manifests_helm: no syntax-error diagnostic (KS000/DC000) in a
#    document with a template marker.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

for need in "$DFIX_BIN" "$DFIX_SHARED/corpus/manifests" "$DFIX_SHARED/corpus/compose" "$DFIX_SHARED/corpus/manifests_helm"; do
  if [ ! -e "$need" ]; then
    echo "FATAL: $need is missing: this suite cannot run" >&2
    exit 1
  fi
done
PY=${DFIX_ORACLE_PYTHON:-$(oracle_python)}
if ! "$PY" -c 'import yaml, kubernetes_validate' 2>/dev/null; then
  echo "FATAL: $PY lacks PyYAML or kubernetes-validate" >&2
  exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== manifests"
"$PY" .ci/manifests_proof.py "$DFIX_BIN" "$DFIX_SHARED/corpus/manifests" "$WORK/manifests" --validate
echo "== compose"
"$PY" .ci/manifests_proof.py "$DFIX_BIN" "$DFIX_SHARED/corpus/compose" "$WORK/compose"

echo "== manifests_helm: syntax errors in templated documents"
cp -r "$DFIX_SHARED/corpus/manifests_helm" "$WORK/helm"
set +e
"$DFIX_BIN" check --format json "$WORK/helm" > "$WORK/helm.json" 2> "$WORK/helm.err"
rc=$?
set -e
if [ $rc -gt 1 ] || grep -q panicked "$WORK/helm.err"; then
  echo "FAIL: dfix check on manifests_helm exited $rc" >&2
  tail -20 "$WORK/helm.err" >&2
  exit 1
fi
"$PY" - "$WORK/helm.json" "$WORK/helm" <<'PYEOF'
import json, os, sys
data = json.load(open(sys.argv[1]))
root = sys.argv[2]
files = sum(len(f) for _, _, f in os.walk(root))
syntax = [d for d in data["diagnostics"] if d["code"] in ("KS000", "DC000")]
bad = []
for d in syntax:
    p = d["path"] if os.path.isabs(d["path"]) else os.path.join(root, d["path"])
    text = open(p, encoding="utf-8", errors="replace").read()
    # The document holding the error: from the last `---` line before it.
    lines = text.split("\n")
    line = d["range"]["start"]["line"] - 1
    start = max([i for i in range(line + 1) if lines[i].startswith("---")] or [0])
    end = next((i for i in range(line + 1, len(lines)) if lines[i].startswith("---")), len(lines))
    if "{{" in "\n".join(lines[start:end]):
        bad.append(f'{d["path"]}:{line + 1}: {d["message"]}')
print(f"helm files: {files}; diagnostics: {len(data['diagnostics'])}; "
      f"syntax errors: {len(syntax)}; in templated documents: {len(bad)}")
for b in bad[:20]:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
echo "manifests suite: PASS"
