#!/usr/bin/env bash
# On-demand benchmark of `tagship push` against `skopeo copy` (never run in CI).
#   a. first push of a 4-layer image (~200 MB) to an empty registry
#   b. second push: the same image with only its small last layer changed
#   c. promotion of the image from one registry to another
#   d. the same push again: nothing to move, so the time is each tool's fixed cost (process
#      start, reading the source, asking the registry)
# Each measurement starts from fresh registry storage; both tools move the same bytes.
# Usage: bench/push.sh [RUNS]   (jar: ${TAGSHIP_JAR:-target/tagship.jar}; not built here)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-3}"
jar="${TAGSHIP_JAR:-target/tagship.jar}"
[[ -f "$jar" ]] || { echo "push.sh: no jar at $jar; run mvn -q -B package -DskipTests" >&2; exit 2; }
work="$root/bench/work/push"
mkdir -p "$work"
[[ -f "$work/a/index.json" ]] || python3 bench/make-image.py "$work/a" 1.0.0 1 100 60 30 10 >/dev/null
[[ -f "$work/b/index.json" ]] || python3 bench/make-image.py "$work/b" 1.0.1 2 100 60 30 1 >/dev/null

pids=()
start_registry() { # NAME PORT
  rm -rf "$work/$1" && mkdir -p "$work/$1"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$work/$1/data" "$2" >"$work/$1/config.yml"
  docker-registry serve "$work/$1/config.yml" >"$work/$1/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$2/v2/" >/dev/null && return; sleep 0.05; done
  echo "registry $1 did not start" >&2; exit 1
}
stop_registries() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop_registries EXIT
now() { date +%s.%N; }
# tagship runs as ./tagship runs a push: C1 and C2 (C2 hashes blobs with the CPU's SHA
# instructions), serial GC and a static class-data-sharing archive of the
# classes a warm-up push loaded (written by the warm-up below, used by every measured push).
archive="$work/push.jsa"
rm -f "$archive"
tagship() {
  local flags=(-XX:+UseSerialGC -Xshare:auto -Xlog:cds=off)
  if [[ -f "$archive" ]]; then
    java "${flags[@]}" -XX:SharedArchiveFile="$archive" -jar "$jar" push --plain-http "$@" >/dev/null 2>&1
  else
    java "${flags[@]}" -XX:DumpLoadedClassList="$archive.classes" -jar "$jar" push --plain-http "$@" >/dev/null 2>&1
    java "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$archive.classes" \
      -XX:SharedArchiveFile="$archive" -jar "$jar" >/dev/null 2>&1
  fi
}
skopeo_copy() { skopeo copy --quiet --src-tls-verify=false --dest-tls-verify=false "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A times
measure() { # SCENARIO TOOL
  local scenario=$1 tool=$2 t0 t1
  start_registry r1 5101; start_registry r2 5102
  if [[ $scenario == again ]]; then
    skopeo_copy "oci:$work/a:1.0.0" docker://127.0.0.1:5101/bench:1.0.0
    skopeo_copy docker://127.0.0.1:5101/bench:1.0.0 docker://127.0.0.1:5101/bench:latest
  elif [[ $scenario != first ]]; then skopeo_copy "oci:$work/a:1.0.0" docker://127.0.0.1:5101/bench:1.0.0; fi
  t0=$(now)
  case "$scenario/$tool" in
  first/tagship) tagship --registry 127.0.0.1:5101 --repository bench --tag 1.0.0 --tag latest "oci:$work/a" ;;
  first/skopeo) skopeo_copy "oci:$work/a:1.0.0" docker://127.0.0.1:5101/bench:1.0.0
                skopeo_copy docker://127.0.0.1:5101/bench:1.0.0 docker://127.0.0.1:5101/bench:latest ;;
  second/tagship) tagship --registry 127.0.0.1:5101 --repository bench --tag 1.0.1 --tag latest "oci:$work/b" ;;
  second/skopeo) skopeo_copy "oci:$work/b:1.0.1" docker://127.0.0.1:5101/bench:1.0.1
                 skopeo_copy docker://127.0.0.1:5101/bench:1.0.1 docker://127.0.0.1:5101/bench:latest ;;
  again/tagship) tagship --registry 127.0.0.1:5101 --repository bench --tag 1.0.0 --tag latest "oci:$work/a" ;;
  again/skopeo) skopeo_copy "oci:$work/a:1.0.0" docker://127.0.0.1:5101/bench:1.0.0
                skopeo_copy docker://127.0.0.1:5101/bench:1.0.0 docker://127.0.0.1:5101/bench:latest ;;
  promote/tagship) tagship --from 127.0.0.1:5101/bench:1.0.0 --registry 127.0.0.1:5102 --tag 1.0.0 --tag latest ;;
  promote/skopeo) skopeo_copy docker://127.0.0.1:5101/bench:1.0.0 docker://127.0.0.1:5102/bench:1.0.0
                  skopeo_copy docker://127.0.0.1:5102/bench:1.0.0 docker://127.0.0.1:5102/bench:latest ;;
  esac
  t1=$(now)
  local registry=127.0.0.1:5101 tag=1.0.0 expected
  [[ $scenario == promote ]] && registry=127.0.0.1:5102
  [[ $scenario == second ]] && tag=1.0.1
  expected=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['manifests'][0]['digest'])" "$work/$([[ $tag == 1.0.1 ]] && echo b || echo a)/index.json")
  [[ "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$registry/bench:$tag")" == "$expected" ]] \
    || { echo "push.sh: $tool $scenario left a wrong digest" >&2; exit 1; }
  stop_registries
  times[$scenario/$tool]+="$(echo "$t1 - $t0" | bc) "
}

echo "== $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); $(skopeo --version)"
measure first tagship   # warm-up: writes the archive; not counted
unset 'times[first/tagship]'
for _ in $(seq "$runs"); do
  for scenario in first second promote again; do
    for tool in tagship skopeo; do measure "$scenario" "$tool"; done
  done
done
printf '\n%-10s %12s %12s %8s\n' scenario "tagship s" "skopeo s" ratio
for scenario in first second promote again; do
  t=$(echo "${times[$scenario/tagship]}" | tr ' ' '\n' | grep . | median)
  s=$(echo "${times[$scenario/skopeo]}" | tr ' ' '\n' | grep . | median)
  printf '%-10s %12.2f %12.2f %7.2fx\n' "$scenario" "$t" "$s" "$(echo "$t / $s" | bc -l)"
done
echo "again: nothing to move; the fixed cost of each tool (for tagship mostly the JVM's start)"
echo "goals: first push no slower than skopeo; second push faster (only the changed layer moves)"
