# Helpers for bench/run-all.sh (sourced, not run). Diagnostics go to stderr; only result lines to stdout.

# say MESSAGE: a timestamped progress line on stderr.
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }


# --- Polling that starts no process -------------------------------------------------------------
# W3 times processes that start on 2 cores; a poll every 20 ms with curl, jq and date (about 10 ms
# of CPU each time) took a quarter of a core from them. These use bash builtins only.

# set_now_ms: NOW_MS = wall clock in milliseconds. now_ms: the same, printed.
set_now_ms() { local t=${EPOCHREALTIME/[.,]/}; NOW_MS=$(( t / 1000 )); }
now_ms() { set_now_ms; echo "$NOW_MS"; }

# nap SECONDS: sleep without a sleep process (a read that times out on a pipe nobody writes).
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# tcp_get URL PATH [AUTH_HEADER]: HTTP/1.0 GET over bash's /dev/tcp; HTTP_BODY = the body,
# HTTP_STATUS = the status code (000 when nothing answered). Loopback URLs of the form
# http://HOST:PORT only.
tcp_get() {
  local hostport=${1#http://} fd response
  HTTP_BODY="" HTTP_STATUS=000
  if [[ $1 == https://* ]]; then # TLS (SPATE_BENCH_TLS): bash cannot, curl can
    response=$(curl -sS --max-time 5 "${AUTH[@]}" -w '\n%{http_code}' "$1/$2") || return 1
    HTTP_STATUS=${response##*$'\n'}
    HTTP_BODY=${response%$'\n'*}
    return 0
  fi
  { exec {fd}<>"/dev/tcp/${hostport%:*}/${hostport##*:}"; } 2>/dev/null || return 1
  printf 'GET /%s HTTP/1.0\r\nHost: %s\r\n%s\r\n' "$2" "$hostport" "${3:+$3$'\r\n'}" >&"$fd"
  IFS= read -r -d '' -t 5 -u "$fd" response || true
  exec {fd}>&-
  [[ $response =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] || return 1
  HTTP_STATUS=${BASH_REMATCH[1]}
  HTTP_BODY=${response#*$'\r\n\r\n'}
}

# json_field BODY FIELD: JSON_VALUE = the first "FIELD": number or string in BODY (empty if none).
json_field() {
  JSON_VALUE=""
  [[ $1 =~ \"$2\"[[:space:]]*:[[:space:]]*(-?[0-9]+|\"[^\"]*\") ]] || return 1
  JSON_VALUE=${BASH_REMATCH[1]//\"/}
}

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
