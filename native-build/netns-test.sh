#!/usr/bin/env bash
# Several hosts on one machine: the coordinator and each executor in its own network namespace,
# joined by veth pairs to a bridge in a fourth namespace, each with its own address (10.77.0.0/24,
# which exists only inside these namespaces), so every control and data connection crosses a real
# link. Proves now: the three processes run in three namespaces, the executors register across the
# links, and cutting one executor's link (`ip link set eth0 down`) makes the coordinator drop it
# within heartbeat timeout + interval; the executor registers again once the link is back. Then,
# where jobs exist: wordcount with one executor's link cut mid-job (scripts/jobs.sh).
# Needs root (ip netns); skips with a message (exit 0) where namespaces cannot be made.
set -euo pipefail
cd "$(dirname "$0")/.."
. native-build/scripts/lib.sh
. native-build/scripts/jobs.sh
JAVA_HOME="${JAVA_HOME:-$(bin/find-jdk)}"
L=native-build/target/launchers
HEARTBEAT_INTERVAL_S=1 HEARTBEAT_TIMEOUT_S=5
tag=$$
SW=spate-sw-$tag C=spate-c-$tag E1=spate-e1-$tag E2=spate-e2-$tag
declare -A ADDR=([$C]=10.77.0.1 [$E1]=10.77.0.2 [$E2]=10.77.0.3)
start=$(now_ms)

if [ "$(id -u)" != 0 ] || ! ip netns add "spate-probe-$tag" 2>/dev/null; then
  echo "SKIP netns-test: needs root and ip netns (iproute2) to make network namespaces"
  exit 0
fi
ip netns del "spate-probe-$tag"

work=$(mktemp -d /tmp/spate-netns.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do stop_pid "$p" 10; done
  for ns in $C $E1 $E2 $SW; do ip netns del "$ns" 2>/dev/null || true; done
  [ "${KEEP:-}" = 1 ] && echo "logs in $work" || rm -rf "$work"
}
trap cleanup EXIT

step "namespaces: $C ${ADDR[$C]}, $E1 ${ADDR[$E1]}, $E2 ${ADDR[$E2]}, bridge in $SW"
ip netns add "$SW"
ip -n "$SW" link add br0 type bridge
ip -n "$SW" link set br0 up
for ns in $C $E1 $E2; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
i=0
for ns in $C $E1 $E2; do
  i=$((i + 1))
  host_end="h$i-$tag" sw_end="s$i-$tag"
  ip link add "$host_end" type veth peer name "$sw_end"
  ip link set "$host_end" netns "$ns"
  ip link set "$sw_end" netns "$SW"
  ip -n "$ns" link set "$host_end" name eth0
  ip -n "$ns" addr add "${ADDR[$ns]}/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$SW" link set "$sw_end" master br0
  ip -n "$SW" link set "$sw_end" up
done

if [ -x "$L/coordinator/bin/spate-coordinator" ]; then
  form=launchers; coord=("$L/coordinator/bin/spate-coordinator") exec_=("$L/executor/bin/spate-executor") jar_c=() jar_e=()
else
  form="java -jar"; coord=("$JAVA_HOME/bin/java") exec_=("$JAVA_HOME/bin/java")
  jar_c=(-jar "$PWD/coordinator/target/quarkus-app/quarkus-run.jar") jar_e=(-jar "$PWD/executor/target/quarkus-app/quarkus-run.jar")
fi
coord[0]=$(cd "$(dirname "${coord[0]}")" && pwd)/$(basename "${coord[0]}")
exec_[0]=$(cd "$(dirname "${exec_[0]}")" && pwd)/$(basename "${exec_[0]}")
hb=(-Dspate.heartbeat.interval=${HEARTBEAT_INTERVAL_S}s -Dspate.heartbeat.timeout=${HEARTBEAT_TIMEOUT_S}s -Dspate.checkpoints.dir="$work/checkpoints")
mkdir -p "$work/checkpoints" "$work/out"

step "starting the coordinator in $C ($form); each process gets its namespace's own ports"
(cd "$work" && exec ip netns exec "$C" "${coord[@]}" -Dquarkus.http.port=8081 -Dspate.advertised-host="${ADDR[$C]}" "${hb[@]}" "${jar_c[@]}") >"$work/coordinator.log" 2>&1 &
pids+=($!)
CURL="ip netns exec $C curl" URL="http://${ADDR[$C]}:8081" OUT="$work/out"
wait_for 60 http_ok "$URL/q/health/ready" || { echo "FAIL coordinator not ready"; tail -20 "$work/coordinator.log"; exit 1; }
n=0
for ns in $E1 $E2; do
  n=$((n + 1))
  (cd "$work" && exec ip netns exec "$ns" "${exec_[@]}" -Dquarkus.http.port=8082 -Dspate.executor.slots=4 \
    -Dspate.coordinator.address="${ADDR[$C]}:8081" -Dspate.advertised-host="${ADDR[$ns]}" "${hb[@]}" "${jar_e[@]}") >"$work/executor-$n.log" 2>&1 &
  pids+=($!)
done
wait_for 60 executors_at_least "$URL" 2 || { echo "FAIL only $(registered_executors "$URL") of 2 executors registered"; tail -20 "$work/executor-1.log"; exit 1; }
paths=$($CURL -s "$URL/taskmanagers" | grep -o '"path":"[^"]*"' | tr '\n' ' ')
for ns in $E1 $E2; do
  echo "$paths" | grep -q "\"${ADDR[$ns]}:8082\"" || { echo "FAIL executor of $ns not registered with its own address: $paths"; exit 1; }
done
# The control connections really come in over the links: the coordinator's peers are the executors' addresses.
peers=$(ip netns exec "$C" ss -tnH state established "( sport = :8081 or dport = :8082 )" | awk '{ print $4 }' | sed 's/:[0-9]*$//' | sort -u | tr '\n' ' ')
for ns in $E1 $E2; do
  echo "$peers" | grep -q "${ADDR[$ns]}" || { echo "FAIL no connection between the coordinator and ${ADDR[$ns]} (peers: $peers)"; exit 1; }
done
echo "PASS netns: coordinator and 2 executors in 3 namespaces; both registered across the links ($paths); coordinator peers: $peers"

step "cutting $E2's link"
t0=$(now_ms)
ip -n "$E2" link set eth0 down
limit=$(( HEARTBEAT_TIMEOUT_S + HEARTBEAT_INTERVAL_S ))
wait_for $(( limit + 10 )) executors_at_most "$URL" 1 || { echo "FAIL the coordinator still lists $(registered_executors "$URL") executors $(( limit + 10 )) s after the cut"; exit 1; }
dropped_ms=$(( $(now_ms) - t0 ))
# 500 ms of slack for this script's polling and a loaded machine.
if [ "$dropped_ms" -gt $(( limit * 1000 + 500 )) ]; then
  echo "FAIL the coordinator dropped the cut executor after $dropped_ms ms (limit: timeout + interval = ${limit} s)"; exit 1
fi
$CURL -s "$URL/taskmanagers" | grep -q "\"${ADDR[$E1]}:8082\"" || { echo "FAIL the wrong executor was dropped"; exit 1; }
echo "PASS netns: the executor behind the cut link was dropped after $dropped_ms ms (timeout ${HEARTBEAT_TIMEOUT_S} s + interval ${HEARTBEAT_INTERVAL_S} s); the other stays"
ip -n "$E2" link set eth0 up
t0=$(now_ms)
wait_for 60 executors_at_least "$URL" 2 || { echo "FAIL the executor did not register again within 60 s of the link coming back"; tail -20 "$work/executor-2.log"; exit 1; }
echo "PASS netns: link restored, the executor registered again after $(( $(now_ms) - t0 )) ms"

rc=0
# Sample executor 1's connections while the job runs: one to executor 2's address is data plane
# (executors talk gRPC only to the coordinator), so it shows records crossing the link.
( while :; do ip netns exec "$E1" ss -tnH state established 2>/dev/null; sleep 0.1; done ) >"$work/e1-connections" &
sampler=$!
pids+=($sampler)
# Cuts the link of the executor namespace whose address is ADDRESS (one that runs the job's tasks).
cut_link_of() {
  local ns
  for ns in $E1 $E2; do
    if [ "${ADDR[$ns]}" = "$1" ]; then ip -n "$ns" link set eth0 down; return; fi
  done
  echo "no executor namespace at $1" >&2; return 1
}
wordcount_phase cut_link_of >"$work/phase.log" 2>&1 || rc=1
cat "$work/phase.log"
kill "$sampler" 2>/dev/null || true
if grep -q '^PASS wordcount' "$work/phase.log"; then
  if awk '{ print $4 }' "$work/e1-connections" | grep -q "${ADDR[$E2]}"; then
    echo "PASS netns: the job's data plane crossed the link between the executors (${ADDR[$E1]} <-> ${ADDR[$E2]})"
  else
    echo "INFO netns: no data connection between the executors was seen (the scheduler may have put every subtask on one executor)"
  fi
fi
step "netns-test done in $(( ($(now_ms) - start) / 1000 )) s"
exit $rc
