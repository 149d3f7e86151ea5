#!/usr/bin/env bash
# A first measurement of the gateway's added latency per call: starts the conformance worker and
# the gateway as separate JVMs on loopback, then the latency driver calls the worker's echo tool
# directly, through the passthrough endpoint and through the aggregated endpoint, in alternating
# rounds of one run. Prints medians of the rounds. Extra arguments go to the driver
# (--rounds N --calls N --seconds N --sessions N).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="$("$root/scripts/classpath.sh")"
# One logging config for both JVMs (the worker jar carries its own copy).
log=(-Dlogback.configurationFile="$root/gateway/src/main/resources/logback.xml")
jvm=(-XX:+UseG1GC -Xms512m -Xmx512m "${log[@]}")

"$java" "${jvm[@]}" -cp "$cp" dev.toolgate.examples.conformance.ConformanceWorker --port 9101 >/dev/null 2>&1 &
worker=$!
"$java" "${jvm[@]}" -cp "$cp" dev.toolgate.gateway.GatewayMain \
  --config "$root/examples/dev/gateway-config.yaml" --host 127.0.0.1 --port 9180 >/dev/null 2>&1 &
gateway=$!
trap 'kill "$worker" "$gateway" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:9180/readyz >/dev/null 2>&1 && curl -s -o /dev/null http://127.0.0.1:9101/mcp && break
  sleep 0.2
done
sleep 2 # the gateway discovers the worker's tools in the background

echo "machine: $(nproc) cores, $(uname -m), $("$java" -version 2>&1 | head -1)"
"$java" "${jvm[@]}" -cp "$cp" dev.toolgate.gateway.bench.LatencyDriver \
  "direct=http://127.0.0.1:9101/mcp#echo" \
  "passthrough=http://127.0.0.1:9180/mcp/tools/examples/conformance#echo" \
  "aggregated=http://127.0.0.1:9180/mcp#conformance.echo" \
  "$@"
