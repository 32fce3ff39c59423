#!/usr/bin/env bash
# Data-plane benchmarks: builds the JMH module (bench/jmh), then runs
#  1. DataPlaneBench: two NetworkEnvironments in one JVM over loopback TCP
#     (throughput for 16 B / 100 B / 1 KiB records on 1 and 4 channels, latency at buffer timeout 0)
#  2. JMH: record serialization, deserialization and hash partitioning
# Usage: bench/dataplane.sh [runs] [seconds-per-run]      (defaults: 5 runs, 2 s)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
SECONDS_PER_RUN="${2:-2}"

./mvnw -B -q -pl bench/jmh -am package -DskipTests

# A JDK >= 21, like ./mvnw picks.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
if [[ -z "${JAVA}" ]] || ! "${JAVA}" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | while read -r j; do
    if "$j" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then echo "$j"; break; fi; done)"
fi
JAR=bench/jmh/target/spate-benchmarks.jar
echo "== $(nproc) cores, $("${JAVA}" -version 2>&1 | head -1); the machine may be shared: numbers are noisy"
JVM_OPTS=(-Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager --sun-misc-unsafe-memory-access=allow)
"${JAVA}" "${JVM_OPTS[@]}" -cp "${JAR}" io.spate.bench.network.DataPlaneBench "${RUNS}" "${SECONDS_PER_RUN}"
"${JAVA}" "${JVM_OPTS[@]}" -jar "${JAR}" 'io.spate.bench.network.RecordSerializationBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s
