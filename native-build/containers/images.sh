#!/usr/bin/env bash
# Builds Spate's container images with buildah (no Docker daemon, no registry pulls) on the local
# base image, and saves them as OCI archives anyone can load (`podman load -i ...`):
#   localhost/spate/spate-coordinator:<version>, localhost/spate/spate-executor:<version>
#     from the launchers (native-build/launchers.sh), always;
#   ...:<version>-native from <app>/target/<app>-<version>-runner, where a native build exists.
# Archives: native-build/target/images/*.oci.tar
set -euo pipefail
cd "$(dirname "$0")/../.."
. native-build/scripts/lib.sh
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/native-build/containers/containers.conf}"
VERSION=0.1.0-SNAPSHOT
L=native-build/target/launchers
OUT=native-build/target/images
start=$(now_ms)
[ -x "$L/coordinator/bin/spate-coordinator" ] || { echo "images: build the launchers first (native-build/launchers.sh)" >&2; exit 1; }
native-build/containers/base.sh
mkdir -p "$OUT"
# The launchers go in as tar files: ADD unpacks them with their modification times, which the AOT
# cache checks (a COPY would stamp new times and the JVM would then ignore the cache).
ctx="$OUT/context"
rm -rf "$ctx"; mkdir -p "$ctx"
for app in coordinator executor; do
  tar -C "$L" -cf "$ctx/spate-$app.tar" runtime "$app"
  image="localhost/spate/spate-$app:$VERSION"
  step "buildah bud $image"
  buildah bud --quiet --layers=false -f native-build/containers/Dockerfile.launcher --build-arg APP="$app" -t "$image" "$ctx" >/dev/null
  if [ -x "$app/target/$app-$VERSION-runner" ]; then
    step "buildah bud $image-native"
    buildah bud --quiet -f native-build/containers/Dockerfile.native --build-arg APP="$app" --build-arg VERSION="$VERSION" \
      -t "$image-native" "$app/target" >/dev/null
  fi
done
if [ "${SPATE_SAVE_IMAGES:-1}" = 1 ]; then
  for app in coordinator executor; do
    for tag in "$VERSION" "$VERSION-native"; do
      image="localhost/spate/spate-$app:$tag"
      podman image exists "$image" || continue
      rm -f "$OUT/spate-$app-$tag.oci.tar"
      podman save --quiet --format oci-archive -o "$OUT/spate-$app-$tag.oci.tar" "$image"
    done
  done
fi
rm -rf "$ctx"
step "images built in $(( ($(now_ms) - start) / 1000 )) s:"
podman images --filter reference='localhost/spate/*' --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
ls -1sh "$OUT"/*.oci.tar 2>/dev/null | sed 's/^/  /' || true
