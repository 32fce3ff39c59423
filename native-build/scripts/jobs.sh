# The job part of the container and namespace tests (sourced after lib.sh): run
# examples/wordcount.yaml, check its output exactly once, then run it again, break one executor
# mid-job and check that the job recovers and its output is still exactly once. Each part says
# plainly when it cannot run yet (no job API; no checkpoints) and is then skipped, not passed.
#
# Needs: CURL (a command prefix that reaches the coordinator, e.g. `ip netns exec ns curl`),
# URL (the coordinator), OUT (the host directory the executors' out/wordcount lands in).

WORDCOUNT=examples/wordcount.yaml
wc_config() { sed -n 's/.*config: *{count: *\([0-9]*\), *vocabulary: *\([0-9]*\)}.*/\1 \2/p' "$WORDCOUNT" | head -1; }

json_field() { python3 -c 'import json,sys
d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[int(k)] if isinstance(d, list) else d[k]
print(d)' "$1" 2>/dev/null; }

submit_wordcount() { # [SPEC] prints "HTTP-code jobid"
  local body code
  body=$($CURL -s -w '\n%{http_code}' -H 'Content-Type: application/yaml' --data-binary @"${1:-$WORDCOUNT}" "$URL/jobs") || { echo "000 -"; return; }
  code=$(printf '%s' "$body" | tail -1)
  echo "$code $(printf '%s' "$body" | head -n -1 | json_field jobid || echo -)"
}

job_state() { $CURL -s --max-time 2 "$URL/jobs/$1" | json_field state || echo UNKNOWN; }
job_ended() { case "$(job_state "$1")" in FINISHED|FAILED|CANCELED) return 0 ;; esac; return 1; }
job_not_running() { [ "$(job_state "$1")" != RUNNING ]; }
job_running_or_ended() { case "$(job_state "$1")" in RUNNING|FINISHED|FAILED|CANCELED) return 0 ;; esac; return 1; }
completed_checkpoints() { $CURL -s --max-time 2 "$URL/jobs/$1/checkpoints" | json_field counts.completed || echo -1; }
has_checkpoint() { [ "$(completed_checkpoints "$1")" -ge 1 ]; }

# The host of an executor that runs tasks (a used slot), from GET /taskmanagers; empty if none.
busy_executor_host() {
  $CURL -s --max-time 2 "$URL/taskmanagers" | python3 -c 'import json,sys
busy=[t["path"].rsplit(":",1)[0] for t in json.load(sys.stdin)["taskmanagers"] if t["freeSlots"] < t["slotsNumber"]]
print(busy[0] if busy else "")' 2>/dev/null
}
job_failures() { $CURL -s --max-time 2 "$URL/jobs/$1/exceptions" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["all-exceptions"]))' 2>/dev/null || echo 0; }

# wordcount_phase BREAK_CMD...: returns 0 on pass or skip, 1 on failure; prints what it proved.
# BREAK_CMD is called with one more argument: the host of an executor that runs the job's tasks.
wordcount_phase() {
  local cfg count vocabulary code jobid
  cfg=$(wc_config); count=${cfg% *}; vocabulary=${cfg#* }
  rm -rf "$OUT/wordcount"
  read -r code jobid < <(submit_wordcount)
  if [ "$code" != 202 ]; then
    if [ "$code" = 404 ] || [ "$code" = 405 ]; then
      echo "SKIP wordcount: the coordinator has no job API yet (POST /jobs answered $code); GET /overview answers: $($CURL -s "$URL/overview")"
      return 0
    fi
    echo "FAIL wordcount: POST /jobs answered $code"; return 1
  fi
  step "wordcount $jobid submitted ($count words, vocabulary $vocabulary)"
  wait_for 600 job_ended "$jobid" || { echo "FAIL wordcount: not ended within 600 s (state $(job_state "$jobid"))"; return 1; }
  [ "$(job_state "$jobid")" = FINISHED ] || { echo "FAIL wordcount: ended $(job_state "$jobid")"; return 1; }
  python3 native-build/scripts/check-wordcount.py "$OUT/wordcount" "$count" "$vocabulary" || { echo "FAIL wordcount output"; return 1; }
  echo "PASS wordcount finished, output exactly once"

  local cp; cp=$($CURL -s -o /dev/null -w '%{http_code}' "$URL/jobs/$jobid/checkpoints")
  if [ "$cp" != 200 ] || [ "$(completed_checkpoints "$jobid")" -lt 1 ]; then
    echo "SKIP failover: the job completed no checkpoint (GET /jobs/$jobid/checkpoints: HTTP $cp); recovery needs the checkpoint work"
    return 0
  fi
  rm -rf "$OUT/wordcount"
  # The same job paced at 200,000 words/s (about 10 s) with checkpoints every 500 ms, so an
  # executor can be broken in the middle of it.
  local paced; paced=$(mktemp --suffix=.yaml /tmp/spate-wordcount-paced.XXXXXX)
  sed -e 's/\(config: *{count: *[0-9]*, *vocabulary: *[0-9]*\)}/\1, rate: 200000}/' -e 's/interval: *1s/interval: 500ms/' "$WORDCOUNT" >"$paced"
  printf 'restart: {attempts: 10, delay: 200ms}\n' >>"$paced"
  grep -q 'rate: 200000' "$paced" || { echo "FAIL failover: could not pace $WORDCOUNT"; return 1; }
  read -r code jobid < <(submit_wordcount "$paced")
  rm -f "$paced"
  [ "$code" = 202 ] || { echo "FAIL failover: second submission answered $code"; return 1; }
  wait_for 120 has_checkpoint "$jobid" || { echo "FAIL failover: no checkpoint within 120 s"; return 1; }
  if job_ended "$jobid"; then echo "SKIP failover: the job ended before an executor could be broken"; return 0; fi
  local victim; victim=$(busy_executor_host)
  [ -n "$victim" ] || { echo "FAIL failover: no executor runs the job's tasks (GET /taskmanagers: $($CURL -s "$URL/taskmanagers"))"; return 1; }
  step "breaking the executor at $victim mid-job: $* $victim"
  local broken; broken=$(now_ms)
  "$@" "$victim"
  wait_for 120 job_not_running "$jobid" || true
  wait_for 120 job_running_or_ended "$jobid" || true
  echo "failover: job $jobid $(job_state "$jobid") again $(( $(now_ms) - broken )) ms after the break"
  wait_for 600 job_ended "$jobid" || { echo "FAIL failover: not ended within 600 s (state $(job_state "$jobid"))"; return 1; }
  [ "$(job_state "$jobid")" = FINISHED ] || { echo "FAIL failover: ended $(job_state "$jobid"), exceptions: $($CURL -s "$URL/jobs/$jobid/exceptions" | head -c 400)"; return 1; }
  python3 native-build/scripts/check-wordcount.py "$OUT/wordcount" "$count" "$vocabulary" || { echo "FAIL failover output"; return 1; }
  [ "$(job_failures "$jobid")" -ge 1 ] || { echo "FAIL failover: the job never failed over (no exception recorded): the break missed it"; return 1; }
  echo "PASS failover: an executor broken mid-job, the job recovered and its output is exactly once"
}
