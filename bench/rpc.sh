#!/usr/bin/env bash
# Control-plane benchmarks (src-docs/control-plane-coordinator.md):
#   a) control RPC round trip to a coordinator in another process (goal p99 < 500 us)
#   b) 1,000 simulated executors heartbeated every 200 ms for ~30 s (goal: 0 lost)
# Usage: bench/rpc.sh [runs]   (RPC_CALLS, MANY_EXECUTORS, MANY_SECONDS override the sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
JAVA="$(bin/find-jdk)/bin/java"

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl coordinator,bench/jmh -am package -DskipTests
fi
COORDINATOR_JAR=coordinator/target/quarkus-app/quarkus-run.jar
BENCH_JAR=bench/jmh/target/spate-benchmarks.jar

free_port() { "$JAVA" -cp "$BENCH_JAR" io.spate.bench.rpc.FreePort; }

COORD_PID=""
stop_coordinator() {
  if [ -n "$COORD_PID" ]; then kill "$COORD_PID" 2>/dev/null || true; wait "$COORD_PID" 2>/dev/null || true; COORD_PID=""; fi
}
trap stop_coordinator EXIT

# start_coordinator PORT [extra -D...]: starts the jar in the background and waits until ready.
start_coordinator() {
  local port=$1; shift
  "$JAVA" -Dquarkus.http.port="$port" "$@" -jar "$COORDINATOR_JAR" > "target-bench-coordinator.log" 2>&1 &
  COORD_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "coordinator did not become ready; log:" >&2; cat target-bench-coordinator.log >&2; exit 1
}

for run in $(seq 1 "$RUNS"); do
  PORT=$(free_port)
  start_coordinator "$PORT"
  "$JAVA" -cp "$BENCH_JAR" io.spate.bench.rpc.ControlRpcRoundTrip "127.0.0.1:$PORT" "${RPC_CALLS:-100000}" 20000
  stop_coordinator
done

for run in $(seq 1 "$RUNS"); do
  PORT=$(free_port)
  start_coordinator "$PORT" -Dspate.heartbeat.interval=200ms -Dspate.heartbeat.timeout=2s \
    -Dquarkus.log.category.\"io.spate\".level=WARN
  "$JAVA" -cp "$BENCH_JAR" io.spate.bench.rpc.ManyExecutorsHeartbeat "127.0.0.1:$PORT" "$COORD_PID" \
    "${MANY_EXECUTORS:-1000}" "${MANY_SECONDS:-30}"
  stop_coordinator
done
rm -f target-bench-coordinator.log
