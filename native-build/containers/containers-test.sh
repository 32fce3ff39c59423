#!/usr/bin/env bash
# Container test: a coordinator and two executor containers (the launcher images, images.sh) on
# one podman bridge network. Proves now: the images start, both executors register across the
# network (GET /taskmanagers lists 2). Then, where the job API exists: examples/wordcount.yaml
# runs and its output is exactly once; then `podman kill` of an executor running the job's tasks
# mid-job, the job recovers, output still exactly once (scripts/jobs.sh skips what cannot run yet).
# Skips with a message (exit 0) where podman cannot run containers.
set -euo pipefail
cd "$(dirname "$0")/../.."
. native-build/scripts/lib.sh
. native-build/scripts/jobs.sh
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/native-build/containers/containers.conf}"
VERSION=0.1.0-SNAPSHOT
NET=spate-test
# A private subnet inside the network namespaces podman makes for this test; nothing else is addressed.
SUBNET=10.89.77.0/24 C_IP=10.89.77.10 E1_IP=10.89.77.11 E2_IP=10.89.77.12
NAMES="spate-test-coordinator spate-test-executor-1 spate-test-executor-2"
start=$(now_ms)

if ! command -v podman >/dev/null || ! timeout 60 podman run --rm --network none localhost/spate/base:bookworm true >/dev/null 2>&1; then
  if command -v podman >/dev/null && ! podman image exists localhost/spate/base:bookworm; then
    echo "containers-test: no base image (native-build/containers/images.sh makes it)" >&2; exit 1
  fi
  echo "SKIP containers-test: podman cannot run a container here (needs root, runc, podman: apt-get install podman buildah runc)"
  exit 0
fi

work=$(mktemp -d /tmp/spate-containers.XXXXXX)
cleanup() {
  for n in $NAMES; do podman logs "$n" >"$work/$n.log" 2>&1 || true; done
  podman rm -f -t 0 $NAMES >/dev/null 2>&1 || true
  podman network rm -f "$NET" >/dev/null 2>&1 || true
  [ "${KEEP:-}" = 1 ] && echo "logs in $work" || rm -rf "$work"
}
trap cleanup EXIT
podman rm -f -t 0 $NAMES >/dev/null 2>&1 || true
podman network rm -f "$NET" >/dev/null 2>&1 || true
# --disable-dns: podman's DNS hangs ~40 s after a container restarts; fixed addresses instead.
podman network create --disable-dns --subnet "$SUBNET" "$NET" >/dev/null
mkdir -p "$work/checkpoints" "$work/out"
hosts=(--add-host "coordinator:$C_IP" --add-host "executor-1:$E1_IP" --add-host "executor-2:$E2_IP")
common=(-d --network "$NET" "${hosts[@]}" -v "$work/checkpoints:/spate/spate-data/checkpoints" -v "$work/out:/spate/out")

step "starting the coordinator container ($C_IP)"
podman run "${common[@]}" --name spate-test-coordinator --ip "$C_IP" --mac-address 02:42:0a:59:4d:0a \
  -e SPATE_ADVERTISED_HOST="$C_IP" "localhost/spate/spate-coordinator:$VERSION" >/dev/null
CURL="curl" URL="http://$C_IP:8081" OUT="$work/out"
t0=$(now_ms)
wait_for 60 http_ok "$URL/q/health/ready" || { echo "FAIL coordinator not ready within 60 s"; podman logs spate-test-coordinator | tail -20; exit 1; }
step "coordinator ready after $(( $(now_ms) - t0 )) ms"
i=0
for ip in "$E1_IP" "$E2_IP"; do
  i=$((i + 1))
  podman run "${common[@]}" --name "spate-test-executor-$i" --ip "$ip" --mac-address "02:42:0a:59:4d:1$i" \
    -e SPATE_COORDINATOR_ADDRESS=coordinator:8081 -e SPATE_ADVERTISED_HOST="$ip" -e SPATE_EXECUTOR_SLOTS=4 \
    "localhost/spate/spate-executor:$VERSION" >/dev/null
done
t0=$(now_ms)
wait_for 60 executors_at_least "$URL" 2 || { echo "FAIL only $(registered_executors "$URL") of 2 executors registered within 60 s"; podman logs spate-test-executor-1 | tail -20; exit 1; }
step "both executors registered after $(( $(now_ms) - t0 )) ms: $(curl -s "$URL/taskmanagers" | grep -o '"path":"[^"]*"' | tr '\n' ' ')"
for n in $NAMES; do
  if podman logs "$n" 2>&1 | grep -q '\[aot\]'; then
    echo "FAIL $n did not use its AOT cache:"; podman logs "$n" 2>&1 | grep '\[aot\]' | head -3; exit 1
  fi
done
echo "PASS containers: coordinator + 2 executor containers (AOT caches used), both executors registered over the bridge network"

rc=0
# podman kill of the executor container at ADDRESS (one that runs tasks of the job).
kill_executor_at() {
  case "$1" in
    "$E1_IP") podman kill spate-test-executor-1 ;;
    "$E2_IP") podman kill spate-test-executor-2 ;;
    *) echo "no executor container at $1" >&2; return 1 ;;
  esac
}
wordcount_phase kill_executor_at || rc=1
step "containers-test done in $(( ($(now_ms) - start) / 1000 )) s"
exit $rc
