#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, kube-controller-manager, kube-scheduler, etcd,
# kwok) from the Go module proxy into a cache folder, skipping binaries already there.
# Prints the folder on the last line of stdout, so callers can do BIN=$(test/kube/build.sh | tail -1).
#
# Versions are pinned by the go.mod files beside this script (k8s/, etcd/) and by `versions`, which
# names the cache folder; change them together.
#
# Progress goes to stderr, one line when each binary starts and one when it is done, so a CI log
# shows where a cold build's ~15 minutes went.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions
source "$here/versions"
bin="${TAGSHIP_KUBE_BIN:-$HOME/.cache/tagship/kube/$KUBE_VERSION-etcd$ETCD_VERSION-kwok$KWOK_VERSION}"
mkdir -p "$bin"

# The machine's two cores are shared: build at the lowest priority, one package at a time unless told.
export GOFLAGS="${GOFLAGS:-} -p=${TAGSHIP_KUBE_BUILD_JOBS:-1} -trimpath -buildvcs=false"
export CGO_ENABLED=0
go_build() { nice -n 19 go "$@"; }

minor="${KUBE_VERSION#v1.}"
minor="${minor%%.*}"
version_flags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  version_flags+=" -X $pkg.gitTreeState=clean"
done

build_one() { # name, then the command that builds "$bin/$name.tmp"
  local name="$1"
  shift
  if [[ -x "$bin/$name" ]]; then
    echo "$name: already built in $bin" >&2
    return
  fi
  local start=$SECONDS
  echo "$name: building at $(date +%T) (-p ${TAGSHIP_KUBE_BUILD_JOBS:-1}; module downloads included)" >&2
  "$@"
  mv "$bin/$name.tmp" "$bin/$name"
  echo "$name: built in $((SECONDS - start)) s ($(du -h "$bin/$name" | cut -f1))" >&2
}

build_kube() { # the kube-* mains are tools of k8s/go.mod, which pins k8s.io/kubernetes
  (cd "$here/k8s" && go_build build -ldflags "$version_flags" -o "$bin/$1.tmp" "k8s.io/kubernetes/cmd/$1")
}
build_etcd() { (cd "$here/etcd" && go_build build -ldflags "-s -w" -o "$bin/etcd.tmp" .); }
build_kwok() { # kwok's own go.mod and go.sum pin its dependencies, so it is installed as released
  local gobin
  gobin="$(mktemp -d)"
  GOBIN="$gobin" go_build install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mv "$gobin/kwok" "$bin/kwok.tmp"
  rmdir "$gobin"
}

build_one etcd build_etcd
build_one kwok build_kwok
for component in kube-apiserver kube-controller-manager kube-scheduler; do
  build_one "$component" build_kube "$component"
done
echo "test control plane: binaries in $bin ($SECONDS s)" >&2
echo "$bin"
