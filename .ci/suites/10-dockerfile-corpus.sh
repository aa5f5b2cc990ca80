#!/usr/bin/env bash
# Issue 2's corpus proof: `dfix --write --unsafe` over every Dockerfile of
# the corpus never panics, never breaks a file for BuildKit's parser, keeps
# instructions, comments, BOM, CRLF and final newlines, and is idempotent.
# Also the seed-003 "THE CRIME" fix checked against BuildKit.
source "$(dirname "$0")/../lib.sh"
PY=$(oracle_python)
"$PY" -c "import dockerfile" || { echo "FAIL: BuildKit's parser (PyPI dockerfile) is not importable"; exit 1; }
DUMP=$DFIX_SHARED/tools/buildkit_dump.py
echo "== corpus/dockerfiles"
"$PY" "$ROOT/tests/corpus/dockerfile_fix_suite.py" "$DFIX_BIN" "$DUMP" "$DFIX_SHARED/corpus/dockerfiles"
echo "== corpus/dockerfiles_gpl (test inputs only)"
"$PY" "$ROOT/tests/corpus/dockerfile_fix_suite.py" "$DFIX_BIN" "$DUMP" "$DFIX_SHARED/corpus/dockerfiles_gpl"
echo "== seed 003: THE CRIME"
"$PY" "$ROOT/tests/corpus/seed_003.py" "$DFIX_BIN" "$DUMP" "$ROOT/examples/crime/Dockerfile"
echo "== window-local rules (Scope::Stage) report the same window by window, on every corpus Dockerfile"
(cd "$ROOT" && DFIX_WINDOW_CORPUS="$DFIX_SHARED/corpus/dockerfiles:$DFIX_SHARED/corpus/dockerfiles_gpl" \
  cargo test --release -q --test rule_windows -- --nocapture)
