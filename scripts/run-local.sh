#!/usr/bin/env bash
# Runs Toolgate locally without a cluster: the example conformance worker (an MCP Java SDK server)
# on 127.0.0.1:9101 and the gateway on 127.0.0.1:${TOOLGATE_PORT:-8080}, configured from
# examples/dev/gateway-config.yaml (edit the file while it runs: the gateway reloads it).
# That config has no auth section, so the gateway runs with --allow-anonymous: every local caller
# is served without a token. Add an auth section to the file to require tokens.
# Ctrl-C stops both.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
port="${TOOLGATE_PORT:-8080}"
cp="$("$root/scripts/classpath.sh")"
# One logging config for both JVMs (the worker jar carries its own copy).
log=(-Dlogback.configurationFile="$root/gateway/src/main/resources/logback.xml")

"$java" "${log[@]}" -cp "$cp" dev.toolgate.examples.conformance.ConformanceWorker --port 9101 --name conformance &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/9101) 2>/dev/null && break
  sleep 0.2
done

echo "Aggregated MCP endpoint:  http://localhost:$port/mcp"
echo "Passthrough endpoint:     http://localhost:$port/mcp/tools/examples/conformance"
"$java" "${log[@]}" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.toolgate.gateway.GatewayMain \
  --config "$root/examples/dev/gateway-config.yaml" --host 127.0.0.1 --port "$port" \
  --allow-anonymous
