#!/usr/bin/env bash
# Operator scale benchmark: 100, 300 and 1,000 McpTools on a real kube-apiserver; writes a dated
# report under bench/results/. `--smoke` runs 5 tools into bench/target/results/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -DskipTests package -pl bench -am
bash scripts/kube-binaries.sh >/dev/null
cp="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)"
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$cp" dev.toolgate.bench.OperatorBench "$@"
