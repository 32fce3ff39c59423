#!/usr/bin/env bash
# Compiles the native-image bundles (<app>/target/native-sources, from native-sources.sh or
# `./mvnw package -Dnative -Dquarkus.native.sources-only=true`) into executables, where a
# GraalVM/Mandrel for JDK 25 is installed: native-image on PATH, or under $GRAALVM_HOME.
# Result: <app>/target/<app>-<version>-runner, the same file `./mvnw package -Dnative` makes;
# containers/images.sh then also builds the -native images. Skips (exit 0) without a toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.1.0-SNAPSHOT
native_image=$(command -v native-image || true)
[ -z "$native_image" ] && [ -n "${GRAALVM_HOME:-}" ] && [ -x "$GRAALVM_HOME/bin/native-image" ] && native_image="$GRAALVM_HOME/bin/native-image"
if [ -z "$native_image" ]; then
  echo "SKIP compile-native: no native-image (install GraalVM or Mandrel for JDK 25; set GRAALVM_HOME)"
  exit 0
fi
for app in coordinator executor; do
  bundle="$app/target/native-sources"
  [ -f "$bundle/native-image.args" ] || { echo "compile-native: no bundle at $bundle (run native-build/native-sources.sh)" >&2; exit 1; }
  wanted=$(cat "$bundle/graalvm.version")
  echo "compile-native: $app with $native_image (bundle made for GraalVM/Mandrel $wanted)"
  start=$(date +%s)
  (cd "$bundle" && "$native_image" $(cat native-image.args))
  cp "$bundle/$app-$VERSION-runner" "$app/target/"
  echo "compile-native: $app/target/$app-$VERSION-runner in $(( $(date +%s) - start )) s"
done
