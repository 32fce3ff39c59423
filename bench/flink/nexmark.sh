#!/usr/bin/env bash
# Flink 1.20 running the official Nexmark SQL over Spate's deterministic Nexmark events
# (src-docs/nexmark.md): one MiniCluster (2 task managers x 1 slot, p = 2, heap state), reused by
# every run; a bounded source of EVENTS events; the official settings (mini-batch on, object reuse
# off; NEXMARK_MINIBATCH=false / NEXMARK_OBJECT_REUSE=true change them; NEXMARK_HEAP, default 8g).
#   bench/flink/nexmark.sh [EVENTS] [RUNS] [QUERIES]
#   defaults: 10000000 3 "q0 q1 q2 q3 q4 q5 q7 q8 q9 q11 q12"; needs JDK 17 (Flink 1.20's) and
#   network for the first build (Maven Central). Prints one FLINK-NEXMARK line per query and run:
#   q<N> run=<i> events= seconds= events_per_s= cpu_s= out_rows= plan_s= [inserts= updates=
#   deletes= final_rows=] net_runtime_ms= load1=
#   seconds and cpu_s: from the job's submission to FINISHED (plan_s: the SQL planning before it);
#   run 1 of the first query is a cold JVM and cluster, run 1 of later queries compiles new code.
set -euo pipefail
cd "$(dirname "$0")/nexmark"
events=${1:-10000000}
runs=${2:-3}
queries=${3:-"q0 q1 q2 q3 q4 q5 q7 q8 q9 q11 q12"}
jdk=${FLINK_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
[ -x "$jdk/bin/java" ] || jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
mkdir -p target/spate-src/io/spate/executor/nexmark
cp ../../../executor/src/main/java/io/spate/executor/nexmark/NexmarkGenerator.java target/spate-src/io/spate/executor/nexmark/
JAVA_HOME=$jdk ../../../mvnw -B -ntp -q -f pom.xml package dependency:copy-dependencies -DincludeScope=runtime >/dev/null
cp="target/flink-nexmark-1.jar:$(ls target/dependency/*.jar | tr '\n' ':')"
opens="--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
# shellcheck disable=SC2086
"$jdk/bin/java" $opens -Xms${NEXMARK_HEAP:-8g} -Xmx${NEXMARK_HEAP:-8g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dnexmark.minibatch="${NEXMARK_MINIBATCH:-true}" -Dnexmark.objectReuse="${NEXMARK_OBJECT_REUSE:-false}" -cp "$cp" \
  io.spate.bench.flink.nexmark.FlinkNexmark "$events" "$runs" "$queries" 2>&1 \
  | grep --line-buffered -E "^FLINK-NEXMARK |Caused by: |Exception in"
