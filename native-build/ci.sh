#!/usr/bin/env bash
# What CI runs for native-build after `./mvnw verify` (.ci/run calls it): every step timed, each
# one either passes, fails the run, or says plainly why it skipped.
#   1. native-image bundles of both apps + their check      (native-sources.sh)
#   2. native executables, where a toolchain exists          (compile-native.sh; skips here)
#   3. fast-start launchers with AOT caches                  (launchers.sh)
#   4. startup time and RSS, java -jar vs launchers          (measure-startup.sh 3; informational)
#   5. Kubernetes manifests rendered with kubectl kustomize  (manifests.sh)
#   6. three hosts in network namespaces                     (netns-test.sh; needs root)
#   7. container images with buildah + 3-container test      (containers/images.sh, containers-test.sh; needs podman)
set -euo pipefail
cd "$(dirname "$0")/.."
. native-build/scripts/lib.sh
export JAVA_HOME="${JAVA_HOME:-$(bin/find-jdk)}"
export CONTAINERS_CONF="$PWD/native-build/containers/containers.conf"
summary=()
run() { # name command...
  local name=$1; shift
  local t0; t0=$(now_ms)
  step "== $name"
  if "$@"; then
    summary+=("$(printf '%-18s ok   %4d s' "$name" $(( ($(now_ms) - t0) / 1000 )))")
  else
    summary+=("$(printf '%-18s FAIL %4d s' "$name" $(( ($(now_ms) - t0) / 1000 )))")
    printf '%s\n' "native-build steps:" "${summary[@]}"
    exit 1
  fi
}
total=$(now_ms)
run native-sources native-build/native-sources.sh
run compile-native native-build/compile-native.sh
run launchers native-build/launchers.sh
run measure-startup native-build/measure-startup.sh 3
run manifests native-build/manifests.sh
run netns-test native-build/netns-test.sh
if command -v podman >/dev/null && command -v buildah >/dev/null && command -v debootstrap >/dev/null \
  && timeout 60 podman info >/dev/null 2>&1; then
  run images env SPATE_SAVE_IMAGES=1 native-build/containers/images.sh
  run containers-test native-build/containers/containers-test.sh
else
  echo "SKIP images, containers-test: needs root with working podman, buildah, runc and debootstrap (apt-get install podman buildah runc debootstrap)"
fi
printf '%s\n' "native-build steps (total $(( ($(now_ms) - total) / 1000 )) s):" "${summary[@]}"
