#!/usr/bin/env bash
# Makes the base image localhost/spate/base:bookworm without a registry: debootstrap a minimal
# Debian bookworm (glibc, a shell) from the mirror apt already uses here, slim it, `podman import`.
# Skips the work when the image exists (--force rebuilds).
set -euo pipefail
cd "$(dirname "$0")/../.."
. native-build/scripts/lib.sh
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/native-build/containers/containers.conf}"
IMAGE=localhost/spate/base:bookworm
if [ "${1:-}" != "--force" ] && podman image exists "$IMAGE"; then
  step "base image $IMAGE exists"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "base: debootstrap missing (apt-get install debootstrap)" >&2; exit 1; }

# The Debian mirror apt uses: deb822 .sources files (URIs:) or one-line sources.list entries.
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }')
[ -n "$mirror" ] || mirror=$(grep -h -E '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$2 !~ /security/ { print $2; exit }')
[ -n "$mirror" ] || { echo "base: no Debian mirror found in apt's sources" >&2; exit 1; }

start=$(now_ms)
root=$(mktemp -d /var/tmp/spate-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
step "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
rm -f "$root.log"
# Slim: nothing a JVM or a native executable reads at run time.
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/*
step "podman import"
tar -C "$root" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
step "base image $IMAGE: $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{ printf "%d MB", $1 / 1000000 }') in $(( ($(now_ms) - start) / 1000 )) s"
