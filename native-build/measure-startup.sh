#!/usr/bin/env bash
# Time from launch to ready and idle RSS, plain `java -jar` against the launchers
# (native-build/launchers.sh builds them). Coordinator ready = GET /q/health/ready answers 200;
# executor ready = the coordinator lists it in GET /taskmanagers (registered). RSS after 3 s idle.
# Usage: native-build/measure-startup.sh [RUNS=5]     prints medians; raw runs in target/startup.csv
set -euo pipefail
cd "$(dirname "$0")/.."
. native-build/scripts/lib.sh
JAVA_HOME="${JAVA_HOME:-$(bin/find-jdk)}"
RUNS=${1:-5}
L=native-build/target/launchers
csv=native-build/target/startup.csv
echo "form,run,coordinator_ready_ms,executor_registered_ms,coordinator_rss_mb,executor_rss_mb" >"$csv"
work=$(mktemp -d /tmp/spate-startup.XXXXXX)

one_run() { # form run: starts "$cmd_c" "$tail_c" (and the same for the executor), props between
  local form=$1 run=$2
  local port; port=$(free_port)
  local url="http://127.0.0.1:$port"
  local t0; t0=$(now_ms)
  $cmd_c -Dquarkus.http.port="$port" -Dspate.checkpoints.dir="$work/cp" $tail_c >"$work/c.log" 2>&1 &
  local cpid=$!
  wait_for 60 http_ok "$url/q/health/ready" || { tail "$work/c.log"; exit 1; }
  local c_ms=$(( $(now_ms) - t0 ))
  t0=$(now_ms)
  $cmd_e -Dquarkus.http.port=0 -Dspate.coordinator.address="127.0.0.1:$port" -Dspate.checkpoints.dir="$work/cp" $tail_e >"$work/e.log" 2>&1 &
  local epid=$!
  wait_for 60 executors_at_least "$url" 1 || { tail "$work/e.log"; exit 1; }
  local e_ms=$(( $(now_ms) - t0 ))
  sleep 3
  local c_rss e_rss; c_rss=$(rss_mb "$cpid"); e_rss=$(rss_mb "$epid")
  stop_pid "$epid"; stop_pid "$cpid"
  if grep -q '\[aot\]' "$work/c.log" "$work/e.log"; then
    echo "warning: the AOT cache was not used:"; grep -h '\[aot\]' "$work/c.log" "$work/e.log" | head -3
  fi
  echo "$form,$run,$c_ms,$e_ms,$c_rss,$e_rss" >>"$csv"
}

forms="jar"
[ -x "$L/coordinator/bin/spate-coordinator" ] && forms="jar launcher" || echo "no launchers (native-build/launchers.sh): measuring java -jar only"
for run in $(seq 1 "$RUNS"); do
  for form in $forms; do
    # (paths without spaces: this is the repository's own layout)
    if [ "$form" = jar ]; then
      cmd_c="$JAVA_HOME/bin/java" tail_c="-jar coordinator/target/quarkus-app/quarkus-run.jar"
      cmd_e="$JAVA_HOME/bin/java" tail_e="-jar executor/target/quarkus-app/quarkus-run.jar"
    else
      cmd_c="$L/coordinator/bin/spate-coordinator" tail_c="" cmd_e="$L/executor/bin/spate-executor" tail_e=""
    fi
    one_run "$form" "$run"
  done
done
rm -rf "$work"

printf '%-9s %22s %24s %20s %18s   (medians of %s runs)\n' form "coordinator ready ms" "executor registered ms" "coordinator RSS MB" "executor RSS MB" "$RUNS"
for form in $forms; do
  col() { awk -F, -v f="$form" -v c="$1" '$1 == f { print $c }' "$csv"; }
  printf '%-9s %22s %24s %20s %18s\n' "$form" "$(median $(col 3))" "$(median $(col 4))" "$(median $(col 5))" "$(median $(col 6))"
done
