#!/usr/bin/env bash
# Fast-start launchers (what users get where no native-image toolchain exists):
#   native-build/target/launchers/runtime            a jlink-trimmed Java runtime (JDK_MODULES below)
#   native-build/target/launchers/<app>/app          the app, packaged as Quarkus' aot-jar
#   native-build/target/launchers/<app>/app.aot      its JDK AOT cache, from a training run
#   native-build/target/launchers/<app>/bin/spate-<app>   the launcher
# ./spate local (SpateHome) uses them when they are newer than the plain jars.
# Usage: native-build/launchers.sh [--no-build]   (--no-build: reuse <app>/target/launcher-app)
set -euo pipefail
cd "$(dirname "$0")/.."
. native-build/scripts/lib.sh
JAVA_HOME="${JAVA_HOME:-$(bin/find-jdk)}"
export JAVA_HOME
OUT=native-build/target/launchers
APPS="coordinator executor"

# The modules the apps load: jdeps over every class of both apps (--print-module-deps) names
# java.base java.desktop java.naming java.rmi java.sql jdk.compiler jdk.management jdk.unsupported;
# java.desktop (java.beans), java.rmi and jdk.compiler are only referenced from code paths Spate
# never takes (the training run below, which exercises REST, gRPC registration and heartbeats, and
# a job where the job API exists, proves it), so the runtime leaves them out. java.logging,
# java.management and java.xml come in as dependencies of the others. jdk.jfr is not used by the
# apps: it is there so the production form can be profiled with Flight Recorder
# (-XX:StartFlightRecording, jcmd), as src-docs/performance.md does.
JDK_MODULES=java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.jfr,jdk.management,jdk.unsupported

# JVM options baked into the launchers (a user's own options come after them and win):
# SerialGC: one small heap, no GC threads; -Xss512k: the apps' threads never recurse deeply;
# a 32 MB code cache; no hsperfdata file; exit on heap exhaustion (a process out of heap is a zombie
# that still answers heartbeats: exiting lets the cluster restart its tasks elsewhere). The coordinator also stops at C1 (it serves the control
# plane: a quick start matters more than peak code); executors keep C2 for the data plane.
COMMON_OPTS="-XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=32m -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError"
declare -A APP_OPTS=(
  [coordinator]="$COMMON_OPTS -XX:TieredStopAtLevel=1"
  [executor]="$COMMON_OPTS"
)

major=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
total_start=$(now_ms)

if [ "${1:-}" != "--no-build" ]; then
  step "packaging the apps as aot-jar (<app>/target/launcher-app)"
  ./mvnw -B -q package -pl api,shared-model,coordinator,executor -DskipTests -Dquarkus.log.level=WARN \
    -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=launcher-app
fi

step "jlink: $JDK_MODULES"
rm -rf "$OUT"
mkdir -p "$OUT"
"$JAVA_HOME/bin/jlink" --add-modules "$JDK_MODULES" --strip-debug --no-man-pages --no-header-files \
  --output "$OUT/runtime"

for app in $APPS; do
  dir="$OUT/$app"
  mkdir -p "$dir/bin"
  cp -r "$app/target/launcher-app" "$dir/app"
  cat > "$dir/bin/spate-$app" <<LAUNCHER
#!/bin/sh
# Fast-start launcher of the Spate $app (made by native-build/launchers.sh): the trimmed runtime
# beside it, the app, and the app's JDK AOT cache when present.
# Usage: spate-$app [JVM options such as -Dquarkus.http.port=9000] [-jar <this launcher's app/quarkus-run.jar>]
here="\$(cd "\$(dirname "\$0")/.." && pwd)"
case " \$* " in
  *" -jar "*) ;;
  *) set -- "\$@" -jar "\$here/app/quarkus-run.jar" ;;
esac
if [ -f "\$here/app.aot" ]; then
  # Classes come loaded and linked from the cache (JEP 483); its training profiles (JEP 515) are
  # not replayed: the compilations they start at once cost three JVMs starting together on 2 cores
  # ~0.3 s (W3), and the data path gets its own profiles within seconds.
  set -- -XX:AOTCache="\$here/app.aot" -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining "\$@"
fi
exec "\$here/../runtime/bin/java" ${APP_OPTS[$app]} "\$@"
LAUNCHER
  chmod +x "$dir/bin/spate-$app"
done

if [ "$major" -lt 25 ]; then
  step "JDK $major has no one-step AOT cache (-XX:AOTCacheOutput, JDK 25): launchers without a cache"
  exit 0
fi

# Training run: the work a cluster does at start (REST, gRPC registration, heartbeats, metrics, and
# a small job where the job API exists), recorded into each app's cache when it exits.
step "training run"
work=$(mktemp -d /tmp/spate-training.XXXXXX)
port=$(free_port)
url="http://127.0.0.1:$port"
"$OUT/coordinator/bin/spate-coordinator" -XX:AOTCacheOutput="$OUT/coordinator/app.aot" \
  -Dquarkus.http.port="$port" -Dspate.checkpoints.dir="$work/checkpoints" >"$work/coordinator.log" 2>&1 &
cpid=$!
wait_for 60 http_ok "$url/q/health/ready" || { tail -20 "$work/coordinator.log"; exit 1; }
# Two executors of one slot each, so the job's hash exchange crosses TCP and the Netty client and
# server paths are in the cache too (with one executor every channel is local). Only the first
# one's cache is kept; the second writes a scratch one.
"$OUT/executor/bin/spate-executor" -XX:AOTCacheOutput="$OUT/executor/app.aot" -Dquarkus.http.port=0 \
  -Dspate.executor.slots=1 \
  -Dspate.coordinator.address="127.0.0.1:$port" -Dspate.checkpoints.dir="$work/checkpoints" >"$work/executor.log" 2>&1 &
epid=$!
"$OUT/executor/bin/spate-executor" -XX:AOTCacheOutput="$work/scratch.aot" -Dquarkus.http.port=0 \
  -Dspate.executor.slots=1 \
  -Dspate.coordinator.address="127.0.0.1:$port" -Dspate.checkpoints.dir="$work/checkpoints" >"$work/executor-2.log" 2>&1 &
epid2=$!
wait_for 60 executors_at_least "$url" 2 || { tail -20 "$work/executor.log" "$work/executor-2.log"; exit 1; }
for path in overview taskmanagers jobs/overview q/health q/metrics; do curl -s -o /dev/null "$url/$path" || true; done
sed "s|OUTPUT_DIR|$work/out|" native-build/scripts/training-job.yaml >"$work/job.yaml"
code=$(curl -s -o "$work/submit.json" -w '%{http_code}' -H 'Content-Type: application/yaml' \
  --data-binary @"$work/job.yaml" "$url/jobs" || echo 000)
if [ "$code" = 202 ]; then
  jobid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["jobid"])' "$work/submit.json")
  job_done() { curl -sf "$url/jobs/$jobid" | grep -q -E '"state" *: *"(FINISHED|FAILED|CANCELED)"'; }
  wait_for 120 job_done && step "training job $jobid ended: $(curl -s "$url/jobs/$jobid" | grep -o '"state" *: *"[A-Z]*"' | head -1)" \
    || step "training job $jobid did not end within 120 s (the caches are still written)"
else
  step "no job API yet (POST /jobs answered $code): training covers start, REST and registration only"
fi
sleep 2  # a few heartbeats
stop_pid "$epid2" 60
stop_pid "$epid" 60
stop_pid "$cpid" 60
for app in $APPS; do
  test -s "$OUT/$app/app.aot" || { echo "launchers: no AOT cache written for $app; log:" >&2; tail -20 "$work/$app.log" >&2; exit 1; }
done
rm -rf "$work"
step "launchers ready in $(( ($(now_ms) - total_start) / 1000 )) s: $(du -sh "$OUT" | cut -f1) in $OUT"
for app in $APPS; do echo "  $OUT/$app/bin/spate-$app   (AOT cache $(du -h "$OUT/$app/app.aot" | cut -f1))"; done
