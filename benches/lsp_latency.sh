#!/usr/bin/env bash
# Edit→diagnostics latency and memory of `dfix lsp`, measured with
# ../shared/tools/lsp_latency.py (single-character edits in the middle of the
# file, each followed by waiting for publishDiagnostics), plus RSS with 50
# documents open (benches/lsp_rss.py). A benchmark: prints figures, asserts
# nothing about them.
#
# usage: benches/lsp_latency.sh [dfix|others|all]
#   dfix    dfix only (CI)
#   others  docker-langserver and yaml-language-server (npm, installed into
#           target/bench-node) on the same files
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${DFIX_SHARED:-$ROOT/../shared}
DFIX_BIN=${DFIX_BIN:-$ROOT/target/release/dfix}
TOOL=$SHARED/tools/lsp_latency.py
CORPUS=$SHARED/corpus
what=${1:-dfix}
for f in "$TOOL" "$CORPUS/manifests/istio__istio/manifests__charts__base__files__crd-all.gen.yaml"; do
  [ -e "$f" ] || { echo "FAIL: $f is missing" >&2; exit 1; }
done
[ -x "$DFIX_BIN" ] || { echo "FAIL: no dfix binary at $DFIX_BIN" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$ROOT/benches/gen_multistage.py" "$tmp/Dockerfile"
# The same file with `# hadolint ignore=` comments (in its own directory).
mkdir -p "$tmp/pragmas"
python3 "$ROOT/benches/gen_multistage.py" "$tmp/pragmas/Dockerfile" --pragmas
# The same file after `dfix --write --unsafe` (in its own directory, with
# the .dockerignore the fix writes): what an edited file looks like once
# dfix has been run on it.
mkdir -p "$tmp/fixed"
cp "$tmp/Dockerfile" "$tmp/fixed/Dockerfile"
rc=0
"$DFIX_BIN" --write --unsafe "$tmp/fixed/Dockerfile" >/dev/null || rc=$?
# 1 = findings remain (version pins dfix cannot choose); more is an error.
[ "$rc" -le 1 ] || { echo "FAIL: dfix --write exited $rc" >&2; exit 1; }
LARADOCK=$CORPUS/dockerfiles/laradock__laradock/workspace__Dockerfile
ISTIO=$CORPUS/manifests/istio__istio/manifests__charts__base__files__crd-all.gen.yaml
run() { echo "== $1"; shift; python3 "$TOOL" "$@"; }
# dfix also reports its own side: didChange received → diagnostics handed to
# the transport (DFIX_LSP_STATS, written at shutdown).
run_dfix() {
  local title=$1; shift
  rm -f "$tmp/stats.json"
  DFIX_LSP_STATS=$tmp/stats.json run "$title" "$@"
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$tmp/stats.json" ] && break; sleep 0.2; done
  echo "server side: $(cat "$tmp/stats.json" 2>/dev/null || echo missing)"
}

if [ "$what" = dfix ] || [ "$what" = all ]; then
  run_dfix "dfix, 1,800-line multi-stage Dockerfile" --lang dockerfile --file "$tmp/Dockerfile" --edits 400 -- "$DFIX_BIN" lsp
  run_dfix "dfix, the same Dockerfile after dfix --write --unsafe" --lang dockerfile --file "$tmp/fixed/Dockerfile" --edits 400 -- "$DFIX_BIN" lsp
  run_dfix "dfix, the same generator with 8 hadolint ignore comments" --lang dockerfile --file "$tmp/pragmas/Dockerfile" --edits 400 -- "$DFIX_BIN" lsp
  run_dfix "dfix, laradock workspace Dockerfile" --lang dockerfile --file "$LARADOCK" --edits 400 -- "$DFIX_BIN" lsp
  run_dfix "dfix, istio crd-all.gen.yaml" --lang yaml --file "$ISTIO" --edits 200 -- "$DFIX_BIN" lsp
  echo "== dfix, istio crd-all.gen.yaml, structural edits (a key: value line inserted / deleted)"
  rm -f "$tmp/stats.json"
  DFIX_LSP_STATS=$tmp/stats.json python3 "$ROOT/benches/lsp_structural.py" --tools "$SHARED/tools" --lang yaml --file "$ISTIO" --edits 100 -- "$DFIX_BIN" lsp
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$tmp/stats.json" ] && break; sleep 0.2; done
  echo "server side: $(cat "$tmp/stats.json" 2>/dev/null || echo missing)"
  echo "== dfix, RSS with 50 documents open"
  python3 "$ROOT/benches/lsp_rss.py" --docs 50 --corpus "$CORPUS" --pick largest -- "$DFIX_BIN" lsp
  python3 "$ROOT/benches/lsp_rss.py" --docs 50 --corpus "$CORPUS" --pick median -- "$DFIX_BIN" lsp
fi
if [ "$what" = others ] || [ "$what" = all ]; then
  node_dir=${CARGO_TARGET_DIR:-$ROOT/target}/bench-node
  if [ ! -x "$node_dir/node_modules/.bin/docker-langserver" ] || [ ! -x "$node_dir/node_modules/.bin/yaml-language-server" ]; then
    mkdir -p "$node_dir"
    (cd "$node_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund dockerfile-language-server-nodejs yaml-language-server >/dev/null)
  fi
  DLS=$node_dir/node_modules/.bin/docker-langserver
  YLS=$node_dir/node_modules/.bin/yaml-language-server
  run "docker-langserver, 1,800-line multi-stage Dockerfile" --lang dockerfile --file "$tmp/Dockerfile" --edits 200 -- "$DLS" --stdio
  run "docker-langserver, laradock workspace Dockerfile" --lang dockerfile --file "$LARADOCK" --edits 200 -- "$DLS" --stdio
  run "yaml-language-server, istio crd-all.gen.yaml" --lang yaml --file "$ISTIO" --edits 60 --timeout 10 -- "$YLS" --stdio
  echo "== docker-langserver, RSS with 50 documents open"
  python3 "$ROOT/benches/lsp_rss.py" --docs 50 --corpus "$CORPUS" --only dockerfile --pick largest -- "$DLS" --stdio
  python3 "$ROOT/benches/lsp_rss.py" --docs 50 --corpus "$CORPUS" --only dockerfile --pick largest -- "$DFIX_BIN" lsp
fi
