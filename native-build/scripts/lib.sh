# Helpers shared by the native-build scripts (sourced, not run). Every wait is bounded.

# A TCP port on loopback that was free a moment ago.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 30000 ))
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# wait_for SECONDS CMD...: runs CMD every 20 ms until it succeeds; fails after SECONDS.
wait_for() {
  local limit=$1; shift
  local deadline=$(( $(now_ms) + limit * 1000 ))
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}

# $CURL: how to reach the cluster (default curl; e.g. `ip netns exec NS curl` from outside a namespace).
http_ok() { ${CURL:-curl} -sf -o /dev/null --max-time 2 "$1"; }

# registered_executors URL: the number of entries of GET URL/taskmanagers (-1 when unreachable).
registered_executors() {
  local body
  body=$(${CURL:-curl} -sf --max-time 2 "$1/taskmanagers" 2>/dev/null) || { echo -1; return; }
  printf '%s' "$body" | grep -o '"id"' | wc -l
}

executors_at_least() { [ "$(registered_executors "$1")" -ge "$2" ]; }
executors_at_most() { local n; n=$(registered_executors "$1"); [ "$n" -ge 0 ] && [ "$n" -le "$2" ]; }

# rss_mb PID: resident set size in MB.
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# median of the arguments (numbers).
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)) }'; }

# stop_pid PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 20), and reap.
stop_pid() {
  local pid=$1 grace=${2:-20}
  kill -TERM "$pid" 2>/dev/null || return 0
  local i
  for i in $(seq 1 $(( grace * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

step() { echo "[$(date +%H:%M:%S)] $*"; }
