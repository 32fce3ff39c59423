#!/usr/bin/env bash
# Builds the native-image bundles of both apps with the standard Quarkus native profile, without a
# GraalVM/Mandrel toolchain (`-Dquarkus.native.sources-only=true`), and checks them
# (NativeSourcesTest: main class, no escape hatches, reflection and resources registered).
# `native-build/compile-native.sh` turns the bundles into executables where native-image exists.
# Run after `./mvnw verify`: the bundle build rewrites target/quarkus-artifact.properties.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(bin/find-jdk)}"
start=$(date +%s)
./mvnw -B -q package -pl api,shared-model,coordinator,executor -Dnative -Dquarkus.native.sources-only=true \
  -DskipTests -Dquarkus.log.level=WARN
for app in coordinator executor; do
  test -f "$app/target/native-sources/native-image.args" || { echo "native-sources: no bundle for $app" >&2; exit 1; }
done
./mvnw -B -q test -pl native-build -am -Dtest=NativeSourcesTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dspate.native.sources.required=true
echo "native-sources: bundles built and checked in $(( $(date +%s) - start )) s:"
echo "  coordinator/target/native-sources, executor/target/native-sources"
