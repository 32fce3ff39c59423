#!/usr/bin/env bash
# The benchmark suite of src-docs/performance.md in one command. Each run of a workload prints
# exactly one machine-readable line on stdout (progress and diagnostics go to stderr):
#   W3      launch coordinator + 2 executors -> both registered -> a 1,000-record W1 FINISHED (wall),
#           then idle RSS of the coordinator and of one executor (fresh processes)
#   W1      Words 20 M (vocabulary 10 k) -> KeyBy word -> RunningCount -> Discard, p=2,
#           2 executors x 1 slot (the KeyBy shuffle crosses loopback TCP); submit -> FINISHED
#   W1c     W1 with checkpoints every 1 s
#   W1x     W1 with expressions before the KeyBy: Words with et = i -> Filter "et % 2 == 0" (half) ->
#           MapToFields {score: "et * 3 + 1"} (appended) -> KeyBy word -> RunningCount -> Discard;
#           rec/s of the source, to compare with W1 (src-docs/performance.md)
#   W1j     W1 with a JavaFunction map before the KeyBy (examples/java-functions' CopyWord, uploaded
#           with POST /jars/upload): what a user function costs per record
#   W4      Words 20 M (vocabulary 10 k, et = i ms, watermarks per source subtask) -> KeyBy word ->
#           Window tumbling 1 s count -> Discard, p=2, 2 executors x 1 slot: rec/s, and tail_s = the
#           time from the sources' last record to FINISHED (the last windows fire on the end of input)
#   W2-t0 / W2-default   Words at 100 k rec/s with timestamps for 20 s -> KeyBy -> LatencyHistogram
#           (warm-up 5 s), bufferTimeout 0 and the default (5 ms): p50/p99/p99.9/max in us, steady:
#           measured once the shared cluster is 2 minutes old (see SPATE_BENCH_W2_AGE)
#   nexmark the Nexmark queries of examples/nexmark (src-docs/nexmark.md) at --events N (default 10 M;
#           q0-q2 also at 5x that), p=2, 2 executors x 1 slot, Discard sink; one line per query:
#           NEXMARK q<N> events= seconds= events_per_s= cpu_s= (all cluster processes) out_rows=
#   JMH     (with --jmh) micro-benchmarks of bench/jmh/src/main/java/io/spate/bench/micro
# W1, W1c and W2 share one cluster, started once (start-up excluded) and stopped at the end, also
# on failure or Ctrl-C. With --repeat N every workload runs N times and a median line follows.
#
# Usage: bench/run-all.sh [--repeat N] [--only W1,W1c,W1x,W1j,W2,W3,W4,nexmark,JMH] [--jmh] [--events N]
#   SPATE_BENCH_SCALE=0.05   scales record counts and durations (default 1; W3's 1,000 records stay)
#   SPATE_LAUNCHERS=off      use the plain jars even when native-build/launchers.sh built launchers
#   SPATE_JAVA_OPTS          extra JVM options for the coordinator and executors
#   SPATE_AUTH_TOKEN         passed as spate.auth.token and sent as a Bearer token
#   SPATE_BENCH_TLS=DIR      TLS everywhere (REST, gRPC, data plane; mutual) with the files bin/spate-certs
#                            made in DIR; polls then use curl (about 10 ms of CPU a look) instead of /dev/tcp
#   SPATE_BENCH_TLS_PROVIDER spate.tls.provider for that run (auto, jdk, openssl; default auto)
#   SPATE_BENCH_WARMUP=0     no untimed 2 M-record W1 on the shared cluster before the first measured job
#                            and no untimed W2 before the first W2
#   SPATE_BENCH_W2_AGE=120   W2's warm-up runs until the shared cluster is this many seconds old (>= 15 s)
#   SPATE_BENCH_KEEP=1       keep the work directory (logs, specs, job JSON) under /tmp
# Exit code: 0 when every selected workload produced its numbers, 1 otherwise, 2 for usage errors.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. bench/lib.sh

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }

REPEAT=1
ONLY="W3,W1,W1c,W2"
WITH_JMH=0
NEXMARK_EVENTS=10000000
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) [ $# -ge 2 ] || usage; REPEAT=$2; shift 2 ;;
    --repeat=*) REPEAT=${1#*=}; shift ;;
    --only) [ $# -ge 2 ] || usage; ONLY=$2; shift 2 ;;
    --only=*) ONLY=${1#*=}; shift ;;
    --jmh) WITH_JMH=1; shift ;;
    --events) [ $# -ge 2 ] || usage; NEXMARK_EVENTS=$2; shift 2 ;;
    --events=*) NEXMARK_EVENTS=${1#*=}; shift ;;
    -h|--help) usage ;;
    *) echo "run-all: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ "$NEXMARK_EVENTS" =~ ^[1-9][0-9]*$ ]] || { echo "run-all: --events needs a positive integer, got '$NEXMARK_EVENTS'" >&2; exit 2; }
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "run-all: --repeat needs a positive integer, got '$REPEAT'" >&2; exit 2; }
[ "$WITH_JMH" = 1 ] && ONLY="$ONLY,JMH"
selected() { [[ ",$ONLY," == *",$1,"* ]]; }
for w in ${ONLY//,/ }; do
  case "$w" in W1|W1c|W1x|W1j|W2|W2-t0|W2-default|W3|W4|nexmark|JMH) ;; *) echo "run-all: unknown workload '$w' (W1, W1c, W1x, W1j, W2, W2-t0, W2-default, W3, W4, nexmark, JMH)" >&2; exit 2 ;; esac
done
[[ "${SPATE_BENCH_W2_AGE:-120}" =~ ^[0-9]+$ ]] || { echo "run-all: SPATE_BENCH_W2_AGE must be a whole number of seconds, got '$SPATE_BENCH_W2_AGE'" >&2; exit 2; }
SCALE=${SPATE_BENCH_SCALE:-1}
[[ "$SCALE" =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v s="$SCALE" 'BEGIN { exit !(s + 0 > 0) }' || { echo "run-all: SPATE_BENCH_SCALE must be > 0, got '$SCALE'" >&2; exit 2; }
scaled() { awk -v n="$1" -v s="$SCALE" 'BEGIN { v = int(n * s + 0.5); print (v < 1 ? 1 : v) }'; }
command -v jq >/dev/null || { echo "run-all: needs jq (apt-get install jq)" >&2; exit 2; }
command -v curl >/dev/null || { echo "run-all: needs curl" >&2; exit 2; }

# A JDK >= 21: $JAVA_HOME when it is one, else what bin/find-jdk picks (as ./spate does).
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
if [ -z "$JAVA" ] || ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA="$(bin/find-jdk)/bin/java" || { echo "run-all: no JDK >= 21 found" >&2; exit 2; }
fi
read -r -a JAVA_OPTS <<<"${SPATE_JAVA_OPTS:-}"
AUTH=()
TOKEN_PROPS=()
TLS_PROPS=()
SCHEME=http
if [ -n "${SPATE_BENCH_TLS:-}" ]; then
  for f in ca.pem key.pem cert.pem; do
    [ -r "$SPATE_BENCH_TLS/$f" ] || { echo "run-all: SPATE_BENCH_TLS=$SPATE_BENCH_TLS has no $f (make it with bin/spate-certs DIR)" >&2; exit 2; }
  done
  TLS_DIR=$(cd "$SPATE_BENCH_TLS" && pwd)
  TLS_PROPS=(-Dspate.tls.enabled=true "-Dspate.tls.key=$TLS_DIR/key.pem" "-Dspate.tls.cert=$TLS_DIR/cert.pem"
    "-Dspate.tls.trust=$TLS_DIR/ca.pem" "-Dspate.tls.provider=${SPATE_BENCH_TLS_PROVIDER:-auto}")
  SCHEME=https
  AUTH+=(--cacert "$TLS_DIR/ca.pem")
fi
if [ -n "${SPATE_AUTH_TOKEN:-}" ]; then
  AUTH+=(-H "Authorization: Bearer $SPATE_AUTH_TOKEN")
  AUTH_HEADER="Authorization: Bearer $SPATE_AUTH_TOKEN"
  TOKEN_PROPS=("-Dspate.auth.token=$SPATE_AUTH_TOKEN")
fi

WORK=$(mktemp -d /tmp/spate-bench.XXXXXX)
FAILED=0
PIDS=()        # every process started, in start order (coordinator first per cluster)
declare -A PID_LOG

stop_all() {
  local i
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do stop_pid "${PIDS[$i]}"; done   # executors before the coordinator
  PIDS=()
}
cleanup() {
  stop_all
  if [ -n "${SPATE_BENCH_KEEP:-}" ] || [ "$FAILED" != 0 ]; then say "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; FAILED=1; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# How the apps are launched, like cli SpateHome: the launchers of native-build/launchers.sh when
# they are at least as new as the packaged jars (and SPATE_LAUNCHERS != off), else `java -jar`.
# The jars are copied first, so a rebuild by someone else during the run cannot swap them.
C_JAR=coordinator/target/quarkus-app/quarkus-run.jar
E_JAR=executor/target/quarkus-app/quarkus-run.jar
L=native-build/target/launchers
launcher_current() { # app jar
  [ "${SPATE_LAUNCHERS:-}" != off ] && [ -x "$L/$1/bin/spate-$1" ] && [ -f "$L/$1/app/quarkus-run.jar" ] \
    && { [ ! -f "$2" ] || [ ! "$2" -nt "$L/$1/app/quarkus-run.jar" ]; }
}
if launcher_current coordinator "$C_JAR" && launcher_current executor "$E_JAR"; then
  FORM=launcher
  C_CMD=("$ROOT/$L/coordinator/bin/spate-coordinator" "${JAVA_OPTS[@]}")
  C_TAIL=(-jar "$ROOT/$L/coordinator/app/quarkus-run.jar")
  E_CMD=("$ROOT/$L/executor/bin/spate-executor" "${JAVA_OPTS[@]}")
  E_TAIL=(-jar "$ROOT/$L/executor/app/quarkus-run.jar")
else
  FORM=jar
  if selected W1 || selected W1c || selected W1x || selected W1j || selected W2 || selected W2-t0 || selected W2-default || selected W3 || selected W4 || selected nexmark; then
    if [ ! -f "$C_JAR" ] || [ ! -f "$E_JAR" ]; then
      say "building the apps (./mvnw package -DskipTests -pl coordinator,executor -am) ..."
      ./mvnw -B -q package -DskipTests -pl coordinator,executor -am >&2 || { echo "run-all: build failed" >&2; exit 2; }
    fi
    cp -r coordinator/target/quarkus-app "$WORK/coordinator-app" && cp -r executor/target/quarkus-app "$WORK/executor-app" \
      || { echo "run-all: could not copy the apps" >&2; exit 2; }
  fi
  C_CMD=("$JAVA" "${JAVA_OPTS[@]}")
  C_TAIL=(-jar "$WORK/coordinator-app/quarkus-run.jar")
  E_CMD=("$JAVA" "${JAVA_OPTS[@]}")
  E_TAIL=(-jar "$WORK/executor-app/quarkus-run.jar")
fi
mkdir -p "$WORK/logs"

URL=""
COORD_PID=""
EXEC_PIDS=()
# launch_cluster NAME EXECUTORS SLOTS: starts a coordinator and the executors at once (as
# ProcessCluster does); sets URL, COORD_PID, EXEC_PIDS. Does not wait.
launch_cluster() {
  local name=$1 executors=$2 slots=$3 port i
  port=$(free_port)
  URL="$SCHEME://127.0.0.1:$port"
  # W1j uploads a jar: user code allowed on this loopback cluster, jars and blobs in the work dir.
  # (each process refuses spate.* keys that are not its own)
  local common=("-Dspate.checkpoints.dir=$WORK/$name-checkpoints" "${TOKEN_PROPS[@]}" "${TLS_PROPS[@]}")
  "${C_CMD[@]}" "-Dquarkus.http.port=$port" "${common[@]}" -Dspate.jobs.user-code=true "-Dspate.jobs.jar-dir=$WORK/$name-jars" \
    "${C_TAIL[@]}" >"$WORK/logs/$name-coordinator.log" 2>&1 &
  COORD_PID=$!
  PIDS+=("$COORD_PID")
  PID_LOG[$COORD_PID]="$WORK/logs/$name-coordinator.log"
  EXEC_PIDS=()
  for i in $(seq 1 "$executors"); do
    "${E_CMD[@]}" -Dquarkus.http.port=0 "-Dspate.coordinator.address=localhost:$port" "-Dspate.executor.slots=$slots" \
      "${common[@]}" "-Dspate.executor.blob-dir=$WORK/$name-blobs" "${E_TAIL[@]}" >"$WORK/logs/$name-executor-$i.log" 2>&1 &
    EXEC_PIDS+=("$!")
    PIDS+=("$!")
    PID_LOG[$!]="$WORK/logs/$name-executor-$i.log"
  done
}

api() { curl -sS --max-time 10 "${AUTH[@]}" "$URL/$1"; }
# overview FIELD: OVERVIEW = that number of GET /overview, -1 when the coordinator does not answer.
# Builtins only (lib.sh), so it may poll while processes are being timed.
overview() {
  OVERVIEW=-1
  tcp_get "$URL" overview "${AUTH_HEADER:-}" && [ "$HTTP_STATUS" = 200 ] && json_field "$HTTP_BODY" "$1" \
    && OVERVIEW=$JSON_VALUE
  return 0
}

# cluster_alive: fails (with the log's tail) when a process of the current cluster exited.
cluster_alive() {
  local pid
  for pid in "$COORD_PID" "${EXEC_PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "process $pid exited; last lines of ${PID_LOG[$pid]:-its log}:"; tail -15 "${PID_LOG[$pid]:-/dev/null}" >&2 || true
      return 1
    fi
  done
}

# await_executors N SECONDS [POLL]: until the coordinator lists N executors (N = 0: until it
# answers REST at all).
await_executors() {
  local n=$1 deadline poll=${3:-0.05}
  set_now_ms; deadline=$(( NOW_MS + $2 * 1000 ))
  while [ "$NOW_MS" -lt "$deadline" ]; do
    cluster_alive || return 1
    overview taskmanagers
    [ "$OVERVIEW" -ge "$n" ] && return 0
    nap "$poll"
    set_now_ms
  done
  say "only $OVERVIEW of $n executors registered within $2 s (logs: $WORK/logs)"; return 1
}

# await_free_slots SECONDS: until every slot is free again (the previous job released them).
await_free_slots() {
  local deadline total
  set_now_ms; deadline=$(( NOW_MS + $1 * 1000 ))
  overview slots-total; total=$OVERVIEW
  while [ "$NOW_MS" -lt "$deadline" ]; do
    overview slots-available
    [ "$OVERVIEW" -ge "$total" ] && return 0
    nap 0.1
    set_now_ms
  done
  say "slots still busy after $1 s"; return 1
}

# run_job SPEC_FILE TIMEOUT_S POLL_S: submits, polls until a final state. Sets JOB_ID, JOB_STATE,
# JOB_JSON (the last GET /jobs/{id}), SUBMIT_MS and END_MS (wall clock around POST / final state seen).
run_job() {
  local spec=$1 limit=$2 poll=$3 body deadline
  JOB_ID="" JOB_STATE="NOT_SUBMITTED" JOB_JSON="{}"
  SUBMIT_MS=$(now_ms)
  body=$(curl -sS --max-time 30 "${AUTH[@]}" -XPOST -H 'Content-Type: application/yaml' --data-binary @"$spec" "$URL/jobs") \
    || { say "POST /jobs failed"; return 1; }
  JOB_ID=$(jq -r '.jobid // empty' <<<"$body" 2>/dev/null)
  [ -n "$JOB_ID" ] || { say "job not accepted: $body"; return 1; }
  deadline=$(( SUBMIT_MS + limit * 1000 ))
  # Polled with bash builtins only (lib.sh): curl and jq at every look would take CPU from the job.
  while :; do
    tcp_get "$URL" "jobs/$JOB_ID" "${AUTH_HEADER:-}" && json_field "$HTTP_BODY" state && JOB_STATE=$JSON_VALUE
    case "$JOB_STATE" in FINISHED|FAILED|CANCELED|CANCELLED) break ;; esac
    set_now_ms
    if [ "$NOW_MS" -ge "$deadline" ]; then say "job $JOB_ID still $JOB_STATE after $limit s"; JOB_STATE="TIMEOUT"; break; fi
    cluster_alive || { JOB_STATE="CLUSTER_DIED"; break; }
    nap "$poll"
  done
  set_now_ms; END_MS=$NOW_MS
  JOB_JSON=$(api "jobs/$JOB_ID" 2>/dev/null) || JOB_JSON="{}"
  printf '%s\n' "$JOB_JSON" >"$WORK/job-$JOB_ID.json"
  if [ "$JOB_STATE" != FINISHED ]; then
    say "job $JOB_ID ended $JOB_STATE: $(api "jobs/$JOB_ID/exceptions" 2>/dev/null | jq -r '."root-exception" // empty' 2>/dev/null | head -5)"
    return 1
  fi
}

LOAD=$(cut -d' ' -f1 /proc/loadavg)
load_now() { cut -d' ' -f1 /proc/loadavg; }

w1_spec() { # FILE COUNT [CHECKPOINTS] [JAR_ID: W1j, a JavaFunction map before the KeyBy]
  {
    if [ -n "${4:-}" ]; then echo "name: w1j"; else echo "name: ${3:+w1c}${3:-w1}"; fi
    echo "parallelism: 2"
    [ -n "${3:-}" ] && echo "checkpoints: {interval: 1s}"
    [ -n "${4:-}" ] && echo "jars: [$4]"
    cat <<EOF
pipeline:
  transforms:
    - type: Words
      config: {count: $2, vocabulary: 10000}
EOF
    [ -n "${4:-}" ] && cat <<EOF
    - type: JavaFunction
      config: {class: com.example.CopyWord, output: {word: string}}
EOF
    cat <<EOF
    - type: KeyBy
      config: {field: word}
    - type: RunningCount
    - type: Discard
EOF
  } >"$1"
}

w1x_spec() { # FILE COUNT
  cat >"$1" <<EOF
name: w1x
parallelism: 2
pipeline:
  transforms:
    - type: Words
      config: {count: $2, vocabulary: 10000, eventTime: {start: 0, step: 1ms}}
    - type: Filter
      config: {expression: "et % 2 == 0"}
    - type: MapToFields
      config: {append: true, fields: {score: "et * 3 + 1"}}
    - type: KeyBy
      config: {field: word}
    - type: RunningCount
    - type: Discard
EOF
}

w2_spec() { # FILE COUNT WARMUP_MS [BUFFER_TIMEOUT]
  {
    echo "name: w2"
    echo "parallelism: 2"
    [ -n "${4:-}" ] && echo "bufferTimeout: $4"
    cat <<EOF
pipeline:
  transforms:
    - type: Words
      config: {count: $2, vocabulary: 10000, rate: 100000, timestamps: true}
    - type: KeyBy
      config: {field: word}
    - type: LatencyHistogram
      config: {field: ts, warmup: ${3}ms}
EOF
  } >"$1"
}

declare -A RESULTS   # name -> space-separated values for the median line

# ---------------------------------------------------------------------------------------------
# W3: fresh processes, time to a finished small job, then idle RSS.
run_w3() {
  local spec="$WORK/w3.yaml" t0 t_ready t_reg wall reg job c_rss e_rss
  w1_spec "$spec" 1000
  # Every poll is bash builtins only (lib.sh; overview, run_job): W3 times three JVMs starting on
  # 2 cores, and forking curl/jq/date every 20 ms took CPU from them.
  set_now_ms; t0=$NOW_MS
  launch_cluster w3 2 1
  if ! await_executors 0 120 0.02; then stop_all; echo "W3 form=$FORM error=coordinator_not_ready"; return 1; fi
  set_now_ms; t_ready=$NOW_MS
  if ! await_executors 2 120 0.02; then stop_all; echo "W3 form=$FORM error=not_registered"; return 1; fi
  set_now_ms; t_reg=$NOW_MS
  if ! run_job "$spec" 120 0.02; then stop_all; echo "W3 form=$FORM error=$JOB_STATE"; return 1; fi
  wall=$(div $(( END_MS - t0 )) 1000 2)
  reg=$(div $(( t_reg - t0 )) 1000 2)
  job=$(div $(( END_MS - t_reg )) 1000 2)
  sleep 3
  c_rss=$(rss_mb "$COORD_PID")
  e_rss=$(rss_mb "${EXEC_PIDS[0]}")
  stop_all
  echo "W3 form=$FORM wall_s=$wall coordinator_ready_s=$(div $(( t_ready - t0 )) 1000 2) registered_s=$reg job_s=$job coordinator_rss_mb=$c_rss executor_rss_mb=$e_rss load1=$(load_now)"
  RESULTS[W3]+="$wall "
  RESULTS[W3-coordinator_rss_mb]+="$c_rss "
  RESULTS[W3-executor_rss_mb]+="$e_rss "
}

SHARED_UP=0
ensure_shared_cluster() {
  [ "$SHARED_UP" = 1 ] && return 0
  say "starting the cluster for W1/W1c/W2 (coordinator + 2 executors x 1 slot, $FORM)"
  launch_cluster shared 2 1
  await_executors 2 120 0.1 || return 1
  SHARED_UP=1
  set_now_ms; SHARED_SINCE_MS=$NOW_MS
  # One untimed W1 of 2 M records first, so that W1 does not pay the JIT warm-up that W1c and W2
  # (which run after it on the same JVMs) would not (SPATE_BENCH_WARMUP=0: none).
  if [ "${SPATE_BENCH_WARMUP:-1}" != 0 ]; then
    say "warm-up job (W1, $(scaled 2000000) records, not reported)"
    w1_spec "$WORK/warmup.yaml" "$(scaled 2000000)"
    run_job "$WORK/warmup.yaml" 600 0.2 || say "the warm-up job did not finish (continuing)"
  fi
}

# W1j's jar: examples/java-functions (built when missing), uploaded once per shared cluster.
EXAMPLE_JAR=examples/java-functions/target/java-functions.jar
W1J_JAR_ID=""
upload_example_jar() {
  [ -n "$W1J_JAR_ID" ] && return 0
  if [ ! -f "$EXAMPLE_JAR" ]; then
    say "building $EXAMPLE_JAR (./mvnw package -pl examples/java-functions -am) ..."
    ./mvnw -B -q package -DskipTests -pl examples/java-functions -am >&2 || return 1
  fi
  local body
  body=$(curl -sS --max-time 60 "${AUTH[@]}" -F "jarfile=@$EXAMPLE_JAR" "$URL/jars/upload") || return 1
  W1J_JAR_ID=$(jq -r '.filename // empty' <<<"$body" | sed 's|.*/||')
  [ -n "$W1J_JAR_ID" ] || { say "jar upload refused: $body"; return 1; }
}

# W1 / W1c / W1j: records per second from submit to FINISHED (the job's REST duration).
run_w1() { # LABEL [checkpoints] [java]
  local label=$1 count spec="$WORK/$1.yaml" dur secs rate wall extra=""
  count=$(scaled 20000000)
  ensure_shared_cluster && await_free_slots 60 || { echo "$label error=cluster_not_ready"; return 1; }
  if [ -n "${3:-}" ]; then
    upload_example_jar || { echo "$label error=jar_upload"; return 1; }
    w1_spec "$spec" "$count" "${2:-}" "$W1J_JAR_ID"
  else
    w1_spec "$spec" "$count" "${2:-}"
  fi
  if ! run_job "$spec" 900 0.2; then echo "$label error=$JOB_STATE records=$count"; return 1; fi
  local read
  read=$(jq -r '.vertices[-1].metrics."read-records" // -1' <<<"$JOB_JSON")
  if [ "$read" != "$count" ]; then echo "$label error=records_mismatch records=$count read_records=$read"; return 1; fi
  dur=$(jq -r '.duration' <<<"$JOB_JSON")
  secs=$(div "$dur" 1000 3)
  rate=$(div "$count" "$secs" 0)
  wall=$(div $(( END_MS - SUBMIT_MS )) 1000 2)
  if [ -n "${2:-}" ]; then
    extra=" checkpoints=$(api "jobs/$JOB_ID/checkpoints" 2>/dev/null | jq -r '.counts.completed // -1' 2>/dev/null || echo -1)"
  fi
  echo "$label records=$count seconds=$secs rec_per_s=$rate wall_s=$wall$extra load1=$(load_now)"
  RESULTS[$label]+="$rate "
}

# W1x: W1 with a Filter (half) and a MapToFields before the KeyBy; rec/s of the source.
run_w1x() {
  local label=W1x count spec="$WORK/w1x.yaml" dur secs rate wall read
  count=$(scaled 20000000)
  w1x_spec "$spec" "$count"
  ensure_shared_cluster && await_free_slots 60 || { echo "$label error=cluster_not_ready"; return 1; }
  if ! run_job "$spec" 900 0.2; then echo "$label error=$JOB_STATE records=$count"; return 1; fi
  read=$(jq -r '.vertices[-1].metrics."read-records" // -1' <<<"$JOB_JSON")
  if [ "$read" != "$(( (count + 1) / 2 ))" ]; then echo "$label error=records_mismatch records=$count read_records=$read"; return 1; fi
  dur=$(jq -r '.duration' <<<"$JOB_JSON")
  secs=$(div "$dur" 1000 3)
  rate=$(div "$count" "$secs" 0)
  wall=$(div $(( END_MS - SUBMIT_MS )) 1000 2)
  echo "$label records=$count seconds=$secs rec_per_s=$rate wall_s=$wall kept=$read load1=$(load_now)"
  RESULTS[$label]+="$rate "
}

# CPU seconds (user + system) of the cluster's processes so far, from /proc/<pid>/stat.
cluster_cpu_ticks() {
  local pid total=0 stat rest
  for pid in "$COORD_PID" "${EXEC_PIDS[@]}"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    rest=${stat##*) }
    read -r -a f <<<"$rest"
    total=$(( total + f[11] + f[12] ))
  done
  echo "$total"
}

# nexmark: one query of examples/nexmark at EVENTS events; events/s from submit to FINISHED.
run_nexmark() { # QUERY EVENTS
  local q=$1 events=$2 spec="$WORK/nexmark-$1-$2.yaml" cpu0 cpu1 secs rate rows hz
  sed -E "s/events: [0-9]+/events: $events/" "$ROOT/examples/nexmark/$q.yaml" >"$spec"
  ensure_shared_cluster && await_free_slots 60 || { echo "NEXMARK $q error=cluster_not_ready"; return 1; }
  cpu0=$(cluster_cpu_ticks)
  if ! run_job "$spec" 1800 0.2; then echo "NEXMARK $q error=$JOB_STATE events=$events"; return 1; fi
  cpu1=$(cluster_cpu_ticks)
  hz=$(getconf CLK_TCK)
  secs=$(div $(( END_MS - SUBMIT_MS )) 1000 3)
  rate=$(div "$events" "$secs" 0)
  rows=$(jq -r '.vertices[-1].metrics."discarded-records" // -1' <<<"$JOB_JSON")
  echo "NEXMARK $q events=$events seconds=$secs events_per_s=$rate cpu_s=$(div $(( cpu1 - cpu0 )) "$hz" 1) out_rows=$rows load1=$(load_now)"
  RESULTS[NEXMARK-$q-$events]+="$rate "
}

w4_spec() { # FILE COUNT
  cat >"$1" <<EOF
name: w4
parallelism: 2
pipeline:
  transforms:
    - type: Words
      config: {count: $2, vocabulary: 10000, eventTime: {start: 0, step: 1ms}, watermarks: {field: et}}
    - type: KeyBy
      config: {field: word}
    - type: Window
      config: {tumbling: 1s, aggregations: [{count: {}}]}
    - type: Discard
EOF
}

# W4: records per second, and the tail: from the moment the sources' write-records reached the
# count (as the coordinator saw it, within a heartbeat) to FINISHED.
run_w4() {
  local label=W4 count spec="$WORK/w4.yaml" body deadline state="" src last_ms=0 dur secs rate tail windows
  count=$(scaled 20000000)
  w4_spec "$spec" "$count"
  ensure_shared_cluster && await_free_slots 60 || { echo "$label error=cluster_not_ready"; return 1; }
  SUBMIT_MS=$(now_ms)
  body=$(curl -sS --max-time 30 "${AUTH[@]}" -XPOST -H 'Content-Type: application/yaml' --data-binary @"$spec" "$URL/jobs") || { echo "$label error=submit"; return 1; }
  JOB_ID=$(jq -r '.jobid // empty' <<<"$body")
  [ -n "$JOB_ID" ] || { echo "$label error=not_accepted"; return 1; }
  deadline=$(( SUBMIT_MS + 900000 ))
  while :; do
    JOB_JSON=$(api "jobs/$JOB_ID" 2>/dev/null) || JOB_JSON="{}"
    state=$(jq -r '.state // empty' <<<"$JOB_JSON")
    src=$(jq -r '.vertices[0].metrics."write-records" // 0' <<<"$JOB_JSON")
    if [ "$last_ms" = 0 ] && [ "$src" = "$count" ]; then last_ms=$(now_ms); fi
    case "$state" in FINISHED|FAILED|CANCELED) break ;; esac
    [ "$(now_ms)" -ge "$deadline" ] && { echo "$label error=timeout"; return 1; }
    nap 0.1
  done
  END_MS=$(now_ms)
  [ "$state" = FINISHED ] || { echo "$label error=$state"; return 1; }
  windows=$(jq -r '.vertices[-1].metrics."read-records" // -1' <<<"$JOB_JSON")
  dur=$(jq -r '.duration' <<<"$JOB_JSON")
  secs=$(div "$dur" 1000 3)
  rate=$(div "$count" "$secs" 0)
  [ "$last_ms" = 0 ] && last_ms=$END_MS
  tail=$(div $(( END_MS - last_ms )) 1000 2)
  echo "$label records=$count seconds=$secs rec_per_s=$rate windows=$windows tail_s=$tail load1=$(load_now)"
  RESULTS[$label]+="$rate "
}

# W2: latency percentiles of the LatencyHistogram vertex (merged over its subtasks).
run_w2() { # LABEL [BUFFER_TIMEOUT]
  local label=$1 count warmup spec="$WORK/$1.yaml" m i
  count=$(scaled 2000000)
  warmup=$(scaled 5000)
  w2_spec "$spec" "$count" "$warmup" "${2:-}"
  ensure_shared_cluster && await_free_slots 60 || { echo "$label error=cluster_not_ready"; return 1; }
  # Once per cluster, W2 at buffer timeout 0, not reported, for at least 15 s and until the cluster
  # is SPATE_BENCH_W2_AGE seconds old (default 120): W2 is the *steady* latency. The W1 warm-up
  # does not compile W2's path (timestamps, LatencyHistogram, a flush per turn), and C2 keeps
  # compiling it for ~15 s. The control plane's once-a-second path (a heartbeat: gRPC over HTTP/2
  # on both sides) reaches C1 only after ~200 calls; until then it runs interpreted, ~7 ms of CPU
  # a second per executor, and p99 falls with the cluster's age (one cluster, runs 20 s apart:
  # 1.07 / 0.80 / 0.62 / 0.44 / 0.32 / 0.29 / 0.31 / 0.29 ms). Same spec as measured (its 5 s sink
  # warm-up included), so both branches of the sink are compiled.
  if [ "${SPATE_BENCH_WARMUP:-1}" != 0 ] && [ "${W2_WARMED:-0}" = 0 ]; then
    W2_WARMED=1
    local age_s need_s
    set_now_ms; age_s=$(( (NOW_MS - SHARED_SINCE_MS) / 1000 ))
    need_s=$(( ${SPATE_BENCH_W2_AGE:-120} - age_s )); [ "$need_s" -lt 15 ] && need_s=15
    say "warm-up job (W2 at buffer timeout 0, $(scaled $(( need_s * 100000 ))) records, cluster ${age_s} s old, not reported)"
    w2_spec "$WORK/w2-warmup.yaml" "$(scaled $(( need_s * 100000 )))" "$warmup" 0ms
    run_job "$WORK/w2-warmup.yaml" 600 0.25 || say "the W2 warm-up job did not finish (continuing)"
    await_free_slots 60 || { echo "$label error=cluster_not_ready"; return 1; }
  fi
  # Polled once a second: each GET /jobs/{id} costs the coordinator CPU that, on 2 cores, the
  # executors then miss (W2-t0 p99 0.99 ms polled at 4 Hz, 0.67 ms polled every 3 s).
  if ! run_job "$spec" 600 1; then echo "$label error=$JOB_STATE records=$count"; return 1; fi
  # The merged histogram may reach the coordinator just after FINISHED: a few more looks.
  for i in 1 2 3 4 5 6 7 8 9 10; do
    m=$(jq -c '[.vertices[].metrics // {} | select(has("latency-p99-us"))][0] // empty' <<<"$JOB_JSON")
    [ -n "$m" ] && break
    sleep 0.5
    JOB_JSON=$(api "jobs/$JOB_ID" 2>/dev/null || echo "{}")
  done
  if [ -z "$m" ]; then echo "$label error=no_latency_metrics records=$count"; return 1; fi
  local p50 p99 p999 max n
  p50=$(jq -r '."latency-p50-us"' <<<"$m"); p99=$(jq -r '."latency-p99-us"' <<<"$m")
  p999=$(jq -r '."latency-p999-us"' <<<"$m"); max=$(jq -r '."latency-max-us"' <<<"$m")
  n=$(jq -r '."latency-count" // -1' <<<"$m")
  if [ "$n" = 0 ]; then echo "$label error=no_samples records=$count"; return 1; fi
  echo "$label p50_us=$p50 p99_us=$p99 p999_us=$p999 max_us=$max samples=$n records=$count seconds=$(div "$(jq -r .duration <<<"$JOB_JSON")" 1000 2) load1=$(load_now)"
  RESULTS[$label]+="$p99 "
}

# JMH: the micro-benchmarks, briefly; one line per benchmark method.
run_jmh() {
  local jar=bench/jmh/target/spate-benchmarks.jar csv="$WORK/jmh.csv"
  if [ ! -f "$jar" ] || [ -n "$(find bench/jmh/pom.xml bench/jmh/src -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
    say "building the benchmarks (./mvnw package -DskipTests -pl bench/jmh -am) ..."
    ./mvnw -B -q package -DskipTests -pl bench/jmh -am >&2 || { echo "JMH error=build_failed"; return 1; }
  fi
  say "JMH: io.spate.bench.micro and record (de)serialization (-f 1 -wi 2 -i 3, 1 s each; about 1.5 minutes)"
  if ! "$JAVA" -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager --sun-misc-unsafe-memory-access=allow \
      -jar "$jar" 'io.spate.bench.micro' 'RecordSerializationBenchmark\.(de)?serialize' -f 1 -wi 2 -w 1s -i 3 -r 1s -rf csv -rff "$csv" >"$WORK/logs/jmh.log" 2>&1; then
    tail -20 "$WORK/logs/jmh.log" >&2; echo "JMH error=run_failed"; return 1
  fi
  # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
  tail -n +2 "$csv" | tr -d '"' | while IFS=, read -r bench _ _ _ score error unit; do
    echo "JMH $(camel_to_snake "${bench##*.}") ns_per_op=$(div "$score" 1 2) error=$(div "$error" 1 2) unit=$unit"
  done
}

# ---------------------------------------------------------------------------------------------
say "$(nproc) cores, load $LOAD, $("$JAVA" -version 2>&1 | head -1), form=$FORM, scale=$SCALE, repeat=$REPEAT, workloads=$ONLY"
say "work directory $WORK"
rep() { # LABEL FUNCTION ARGS...: N runs
  local label=$1 r; shift
  for r in $(seq 1 "$REPEAT"); do
    say "$label run $r/$REPEAT"
    "$@" || FAILED=1
  done
}
median_line() { # LABEL METRIC KEY
  [ "$REPEAT" -gt 1 ] || return 0
  local vals=${RESULTS[$3]:-}
  [ -n "$vals" ] || return 0
  # shellcheck disable=SC2086
  echo "$1 median $2=$(median $vals) runs=$(echo $vals | tr ' ' ',')"
}

if selected W3; then
  rep W3 run_w3
  median_line W3 wall_s W3
  [ "$REPEAT" -gt 1 ] && [ -n "${RESULTS[W3]:-}" ] && \
    echo "W3 median coordinator_rss_mb=$(median ${RESULTS[W3-coordinator_rss_mb]}) executor_rss_mb=$(median ${RESULTS[W3-executor_rss_mb]})"
fi
if selected W1 && selected W1c; then
  # Alternated, so JIT warm-up and machine load fall on both alike: the ratio is what W1c is about.
  for r in $(seq 1 "$REPEAT"); do
    say "W1/W1c run $r/$REPEAT"
    run_w1 W1 || FAILED=1
    run_w1 W1c checkpoints || FAILED=1
  done
  median_line W1 rec_per_s W1; median_line W1c rec_per_s W1c
else
  if selected W1 && ! selected W1x && ! selected W1j; then rep W1 run_w1 W1; median_line W1 rec_per_s W1; fi
  if selected W1c; then rep W1c run_w1 W1c checkpoints; median_line W1c rec_per_s W1c; fi
fi
if selected W1 && selected W1x; then
  # Alternated with W1, as W1/W1c: the ratio is what W1x is about.
  for r in $(seq 1 "$REPEAT"); do
    say "W1/W1x run $r/$REPEAT"
    run_w1 W1 || FAILED=1
    run_w1x || FAILED=1
  done
  median_line W1 rec_per_s W1; median_line W1x rec_per_s W1x
elif selected W1x; then
  rep W1x run_w1x; median_line W1x rec_per_s W1x
fi
if selected W1 && selected W1j; then
  # Alternated with W1, as W1/W1c: the ratio is what W1j is about.
  for r in $(seq 1 "$REPEAT"); do
    say "W1/W1j run $r/$REPEAT"
    run_w1 W1 || FAILED=1
    run_w1 W1j "" java || FAILED=1
  done
  median_line W1 rec_per_s W1; median_line W1j rec_per_s W1j
elif selected W1j; then
  rep W1j run_w1 W1j "" java; median_line W1j rec_per_s W1j
fi
if selected W4; then rep W4 run_w4; median_line W4 rec_per_s W4; fi
if selected nexmark; then
  for q in $(cd "$ROOT/examples/nexmark" && ls q*.yaml | sed 's/\.yaml$//' | sort -V); do
    rep "NEXMARK-$q-$NEXMARK_EVENTS" run_nexmark "$q" "$NEXMARK_EVENTS"
    median_line "NEXMARK $q events=$NEXMARK_EVENTS" events_per_s "NEXMARK-$q-$NEXMARK_EVENTS"
    case "$q" in q0|q1|q2)
      rep "NEXMARK-$q-$(( NEXMARK_EVENTS * 5 ))" run_nexmark "$q" $(( NEXMARK_EVENTS * 5 ))
      median_line "NEXMARK $q events=$(( NEXMARK_EVENTS * 5 ))" events_per_s "NEXMARK-$q-$(( NEXMARK_EVENTS * 5 ))" ;;
    esac
  done
fi
if selected W2 || selected W2-t0; then
  rep W2-t0 run_w2 W2-t0 0ms; median_line W2-t0 p99_us W2-t0
fi
if selected W2 || selected W2-default; then
  rep W2-default run_w2 W2-default; median_line W2-default p99_us W2-default
fi
if [ "$SHARED_UP" = 1 ]; then say "stopping the cluster"; stop_all; fi
if selected JMH; then run_jmh || FAILED=1; fi
exit "$FAILED"
