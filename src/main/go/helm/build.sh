#!/usr/bin/env bash
# Builds tagship-helm (Helm's own rollback, see main.go) for this machine into the class folder
# given as $1, with its sha256 beside it, unless the one there is newer than these sources.
# Maven runs it at generate-resources.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classes="$1"
if ! command -v go >/dev/null; then
  echo "tagship-helm is built with Go 1.25 or newer (src/main/go/helm); install Go and build again" >&2
  exit 1
fi
platform="$(go env GOOS)-$(go env GOARCH)"
out="$classes/dev/tagship/deploy/helm/$platform/tagship-helm"
newest="$(ls -t "$here"/*.go "$here"/go.mod "$here"/go.sum "$here"/build.sh | head -1)"
if [[ -x "$out" && -f "$out.sha256" && "$out" -nt "$newest" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$out")"
echo "building tagship-helm for $platform (Helm's rollback, Go; ~2 min the first time)" >&2
(cd "$here" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$out.tmp" .)
sha256sum "$out.tmp" | cut -d' ' -f1 >"$out.sha256"
mv "$out.tmp" "$out"
