# Helpers for bench/run-all.sh (sourced, not run). Diagnostics go to stderr; only result lines to stdout.

# say MESSAGE: a timestamped progress line on stderr.
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# now_ms: wall clock in milliseconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# free_port: a loopback TCP port that was free a moment ago.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 30000 ))
}

# rss_mb PID: resident set size (VmRSS) in MB, or -1.
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024; found = 1 } END { if (!found) printf "-1" }' "/proc/$1/status" 2>/dev/null || echo -1; }

# median NUMBER...: the median (mean of the middle two for an even count), numbers may be decimals.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    s = sprintf("%.3f", m); sub(/\.?0+$/, "", s); print s }'
}

# div A B [DECIMALS]: A / B with awk.
div() { awk -v a="$1" -v b="$2" -v d="${3:-0}" 'BEGIN { if (b == 0) print "nan"; else printf "%.*f\n", d, a / b }'; }

# stop_pid PID [SECONDS]: SIGTERM, SIGKILL after SECONDS (default 10), and reap.
stop_pid() {
  local pid=$1 grace=${2:-10} i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 $(( grace * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# camel_to_snake NAME: localChannelHandoff -> local_channel_handoff.
camel_to_snake() { printf '%s\n' "$1" | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' | tr '[:upper:]' '[:lower:]'; }
