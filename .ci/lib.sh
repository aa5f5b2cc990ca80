# Shared helpers for .ci/suites/*.sh (sourced).
set -euo pipefail
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DFIX_SHARED=${DFIX_SHARED:-$ROOT/../shared}
DFIX_BIN=${DFIX_BIN:-$ROOT/target/release/dfix}

# apt_install PKG...: install Debian packages once per CI run.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -f /tmp/.dfix-apt-updated ]; then apt-get update -qq && touch /tmp/.dfix-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# oracle_python: a venv with BuildKit's parser (PyPI `dockerfile`),
# kubernetes-validate and PyYAML; prints the python path.
oracle_python() {
  local venv=$ROOT/target/ci-venv
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
  fi
  "$venv/bin/pip" install -q dockerfile kubernetes-validate pyyaml >&2
  echo "$venv/bin/python"
}
