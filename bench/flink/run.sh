#!/usr/bin/env bash
# Flink 1.20's W1 with and without internal SSL (src-docs/security.md "What TLS costs"), and W4
# (event-time tumbling windows, src-docs/performance.md).
#   bench/flink/run.sh [RECORDS] [RUNS] [w1|w4]   defaults: 20000000 3 w1; needs JDK 17 (Flink 1.20's)
#   and network for the first build (Maven Central). Prints FLINK-W1 / FLINK-W4 lines.
set -euo pipefail
cd "$(dirname "$0")"
records=${1:-20000000}
runs=${2:-3}
jdk=${FLINK_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
[ -x "$jdk/bin/java" ] || jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
JAVA_HOME=$jdk ../../mvnw -B -ntp -q -f pom.xml package dependency:copy-dependencies -DincludeScope=runtime >/dev/null
cp="target/flink-w1-1.jar:$(ls target/dependency/*.jar | tr '\n' ':')"
opens="--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
if [ "${3:-w1}" = w4 ]; then
  # shellcheck disable=SC2086
  "$jdk/bin/java" $opens -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.spate.bench.flink.FlinkW4 "$records" "$runs" 2>&1 | grep -oE "FLINK-W4 run=.*|Caused by: .*" | head -20
  exit 0
fi
certs=$(mktemp -d)
trap 'rm -rf "$certs"' EXIT
bash ../../bin/spate-certs "$certs" >/dev/null
"$jdk/bin/keytool" -importcert -noprompt -alias ca -file "$certs/ca.pem" \
  -keystore "$certs/truststore.p12" -storetype PKCS12 -storepass spate-dev >/dev/null
opens="--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
for mode in plain "ssl $certs spate-dev jdk" "ssl $certs spate-dev openssl"; do
  # shellcheck disable=SC2086
  # bounded: Flink's OpenSSL (flink-shaded-netty-tcnative-dynamic, the system's libssl) never
  # started a job on Debian's OpenSSL 3 here; the run is cut off rather than waited for
  timeout 300 "$jdk/bin/java" $opens -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.spate.bench.flink.FlinkW1 "$records" "$runs" $mode 2>&1 \
    | grep -oE "FLINK-W1 [a-z-]+ run=.*|Caused by: .*" | head -20 || true   # one mode failing leaves the others
done
