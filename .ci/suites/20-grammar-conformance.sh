#!/usr/bin/env bash
# Issue 3: dfix's own Dockerfile grammar (grammars/dockerfile) against
# BuildKit's parser on the whole corpus: no ERROR/MISSING node and the exact
# instruction list on every file BuildKit accepts; then incremental reparses
# under random edits must equal fresh parses.
source "$(dirname "$0")/../lib.sh"
PY=$(oracle_python)
"$PY" -m pip install -q tree-sitter >&2
"$PY" -c "import dockerfile, tree_sitter" || { echo "FAIL: PyPI dockerfile/tree-sitter not importable"; exit 1; }
G=$ROOT/grammars/dockerfile
echo "== conformance: corpus/dockerfiles + corpus/dockerfiles_gpl (test inputs only)"
"$PY" "$G/conformance/check.py" --oracle "$DFIX_SHARED/tools/buildkit_dump.py" \
  "$DFIX_SHARED/corpus/dockerfiles" "$DFIX_SHARED/corpus/dockerfiles_gpl" "$G/conformance/cases"
echo "== incremental reparse == fresh parse"
"$PY" "$G/conformance/incremental.py" --files 1000 --edits 10 "$DFIX_SHARED/corpus/dockerfiles"
