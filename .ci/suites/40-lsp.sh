#!/usr/bin/env bash
# The language server with real clients: Neovim headless with editors/nvim
# (diagnostics arrive, a quick fix and fix-all are applied, the saved file is
# fixed), the VS Code extension packaged to a .vsix with @vscode/vsce, a
# Node client on vscode-jsonrpc (diagnostics, fix-all resolved = --write),
# and the edit→diagnostics latency benchmark (figures printed, not asserted).
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
fail=0
[ -x "$DFIX_BIN" ] || { echo "FAIL: no release binary at $DFIX_BIN" >&2; exit 1; }

# 1. Neovim headless.
apt_install neovim
command -v nvim >/dev/null || { echo "FAIL: nvim is not installed" >&2; exit 1; }
nvim --version | head -1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN apk add git
CMD python app.py
DOCKERFILE
cp "$work/Dockerfile" "$work/before"
if DFIX_NVIM_FILE="$work/Dockerfile" timeout 60 nvim --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$ROOT/editors/nvim" -c "luafile $ROOT/.ci/lsp/nvim_quickfix.lua"; then
  echo
  # The saved file must be what `dfix --write` makes of the original (the
  # quick fix applied first is a safe one, so fix-all finishes the job).
  cp "$work/before" "$work/expected"
  "$DFIX_BIN" --write "$work/expected" >/dev/null 2>&1 || true
  if cmp -s "$work/Dockerfile" "$work/expected" && ! cmp -s "$work/Dockerfile" "$work/before"; then
    echo "nvim: PASS (saved file equals dfix --write of the original)"
  else
    echo "FAIL: the file Neovim saved differs from dfix --write:" >&2
    diff -u "$work/expected" "$work/Dockerfile" >&2 || true
    fail=1
  fi
else
  echo "FAIL: the Neovim session failed" >&2
  fail=1
fi

# 2. The VS Code extension, compiled and packaged.
command -v npm >/dev/null || { echo "FAIL: npm is not installed" >&2; exit 1; }
if (
  cd editors/vscode
  npm ci --no-audit --no-fund >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null
  rm -f dfix.vsix
  npm run -s package
) && [ -s editors/vscode/dfix.vsix ]; then
  echo "vsix: PASS ($(stat -c %s editors/vscode/dfix.vsix) bytes)"
else
  echo "FAIL: packaging the VS Code extension" >&2
  fail=1
fi

# 3. A Node client on vscode-jsonrpc (installed with the extension above).
cp "$work/before" "$work/node.Dockerfile"
if ! timeout 60 node .ci/lsp/node_client.js "$DFIX_BIN" "$work/node.Dockerfile"; then
  echo "FAIL: the vscode-jsonrpc client" >&2
  fail=1
fi

# 4. Latency (a benchmark: figures printed, never asserted).
if ! bash benches/lsp_latency.sh dfix; then
  echo "FAIL: the latency benchmark did not run" >&2
  fail=1
fi
exit $fail
