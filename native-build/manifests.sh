#!/usr/bin/env bash
# Renders a whole Spate cluster for Kubernetes: the manifests quarkus-kubernetes generated at
# package time (<app>/target/kubernetes/kubernetes.yml) plus the shared checkpoint claim, through
# native-build/k8s/kustomization.yaml, into native-build/target/k8s/spate.yaml.
# Deploy with `kubectl apply -k native-build/target/k8s` (needs a cluster; load the images from
# native-build/target/images/*.oci.tar into it first). KubernetesManifestsTest checks the content.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=native-build/target/k8s
mkdir -p "$OUT"
cp native-build/k8s/kustomization.yaml native-build/k8s/checkpoints-pvc.yaml "$OUT/"
for app in coordinator executor; do
  f="$app/target/kubernetes/kubernetes.yml"
  [ -f "$f" ] || { echo "manifests: $f missing (./mvnw package first)" >&2; exit 1; }
  cp "$f" "$OUT/$app.yml"
done
if ! command -v kubectl >/dev/null; then
  echo "SKIP manifests: no kubectl to render $OUT (the files are there for kubectl apply -k)"
  exit 0
fi
kubectl kustomize "$OUT" >"$OUT/spate.yaml"
kinds=$(grep -E '^kind:' "$OUT/spate.yaml" | awk '{ print $2 }' | sort | uniq -c | awk '{ printf "%s %s, ", $1, $2 }')
for kind in PersistentVolumeClaim Service Deployment; do
  grep -q "^kind: $kind" "$OUT/spate.yaml" || { echo "FAIL manifests: no $kind in $OUT/spate.yaml" >&2; exit 1; }
done
echo "PASS manifests: kubectl kustomize rendered $OUT/spate.yaml (${kinds%, })"
