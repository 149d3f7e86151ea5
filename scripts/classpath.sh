#!/usr/bin/env bash
# Builds the gateway and the conformance worker (no tests) and prints a classpath holding both
# and every dependency. Used by run-local.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
out="$root/gateway/target/toolgate.classpath"
(cd "$root" && ./mvnw -q -B -pl gateway -am -DskipTests -Dspotless.skip \
  package dependency:build-classpath -Dmdep.outputFile="$out" -Dmdep.includeScope=test >&2)
echo "$root/gateway/target/classes:$root/gateway/target/test-classes:$(cat "$out")"
