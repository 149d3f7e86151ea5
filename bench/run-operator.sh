#!/usr/bin/env bash
# Operator scale benchmark: 100, 300 and 1,000 McpTools on a real kube-apiserver; writes a dated
# report under bench/results/. `--smoke` runs 5 tools into bench/target/results/ instead;
# `--sizes=100,300` picks the fleet sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
bash scripts/kube-binaries.sh >/dev/null
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/runtime.classpath)" \
  dev.toolgate.bench.OperatorBench "$@"
