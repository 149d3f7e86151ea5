#!/usr/bin/env bash
# Gateway overhead benchmark: the echo tool directly and through the gateway at 1, 8 and 32
# sessions; writes a dated report under bench/results/. `--smoke` runs for seconds into
# bench/target/results/ instead. Calls through the gateway carry real access tokens from the test
# authorization server (built here too); TOOLGATE_BENCH_ANONYMOUS=true runs without them.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/runtime.classpath)" \
  dev.toolgate.bench.GatewayBench "$@"
