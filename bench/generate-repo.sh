#!/usr/bin/env bash
# Generates the mono-repo that bench/version.sh times `tagship version` on:
#
#   - COMMITS linear commits on branch main (default 50,000), commit i touching one file under
#     c<i mod COMPONENTS>/ (round-robin over COMPONENTS components, default 20);
#   - TAGS_PER_COMPONENT annotated tags per component (default 250, so 5,000 in all), named
#     c<k>/v<major>.<minor>.<patch>, versions increasing along history, each on a commit that
#     touches its component; the last few commits of every component (c7 included) come after
#     its last tag, so HEAD is untagged and c7 has changed since its last release;
#   - a few tags tagship must ignore: non-semver (c7/vnext, c3/v2.0, release-2024-01), a
#     lightweight c7/latest, and a whole-repo v1.0.0;
#   - refs packed (git pack-refs --all) and objects in one pack (git repack -adq), so both git
#     and tagship read packed data.
#
# Written with one `git fast-import` stream (no per-commit processes); deterministic: same
# parameters, same commit ids. Idempotent: a DIR that already holds a generated repo with the
# expected commit and tag counts is left alone.
#
# Usage: bench/generate-repo.sh DIR
# Environment: COMMITS, COMPONENTS, TAGS_PER_COMPONENT (for smaller trial runs).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir="$1"
commits="${COMMITS:-50000}"
components="${COMPONENTS:-20}"
tags_per_component="${TAGS_PER_COMPONENT:-250}"
extra_tags=5 # the non-version tags written below
per_component=$((commits / components))
interval=$((per_component / tags_per_component))
if ((commits % components != 0 || interval < 2)); then
  echo "$0: COMMITS must be a multiple of COMPONENTS, with at least 2 commits per tag" >&2
  exit 2
fi
expected_tags=$((components * tags_per_component + extra_tags))
marker="tagship-bench $commits $components $tags_per_component"

if [[ -f "$dir/.git/tagship-bench" ]]; then
  if [[ "$(cat "$dir/.git/tagship-bench")" == "$marker" ]] &&
    [[ "$(git -C "$dir" rev-list --count main 2>/dev/null)" == "$commits" ]] &&
    [[ "$(git -C "$dir" for-each-ref refs/tags | wc -l)" == "$expected_tags" ]]; then
    echo "generate-repo: $dir already has $commits commits and $expected_tags tags; kept" >&2
    exit 0
  fi
  echo "generate-repo: $dir holds an older generated repo; generating it again" >&2
  rm -rf "$dir"
elif [[ -e "$dir" && -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
  echo "$0: $dir exists, is not empty and was not made by this script; pick another DIR" >&2
  exit 1
fi

start=$(date +%s%N)
mkdir -p "$dir"
git init -q -b main "$dir"
git -C "$dir" config gc.auto 0 # keep the measured layout: no automatic repacking

# The fast-import stream. Marks: commit i is :(i+1). Dates start at 2020-09-13 and step a
# minute per commit, so commit order and date order agree (as on a real trunk).
LC_ALL=C awk -v n="$commits" -v c="$components" -v tpc="$tags_per_component" \
  -v interval="$interval" '
  function data(text) { printf "data %d\n%s\n", length(text), text }
  function tag(name, mark, when, message) {
    printf "tag %s\nfrom :%d\ntagger Release Bot <release@example.com> %d +0000\n", name, mark, when
    data(message)
  }
  BEGIN {
    base = 1600000000
    offset = int(interval / 2)
    for (i = 0; i < n; i++) {
      k = i % c; m = int(i / c); when = base + 60 * i
      path = sprintf("c%d/f%02d.txt", k, m % 25)
      printf "commit refs/heads/main\nmark :%d\n", i + 1
      printf "author Dev %d <dev%d@example.com> %d +0000\n", k, k, when
      printf "committer Dev %d <dev%d@example.com> %d +0000\n", k, k, when
      data(sprintf("%s(c%d): change %d of c%d\n\nTouches %s.\n", (m % 7 == 3 ? "feat" : "fix"), k, m, k, path))
      if (i > 0) printf "from :%d\n", i
      printf "M 100644 inline %s\n", path
      data(sprintf("component c%d, file %s, revision %d\n", k, path, m))
      printf "\n"
      if (m % interval == offset && (t = int(m / interval)) < tpc) {
        version = sprintf("%d.%d.%d", 1 + int(t / 100), int(t / 10) % 10, t % 10)
        tag(sprintf("c%d/v%s", k, version), i + 1, when + 1, sprintf("Release c%d %s\n", k, version))
      }
    }
    # Tags that are not version tags of c7 (or not version tags at all), early in history.
    tag("c7/vnext", 7 + 1, base + 1, "not a version\n")
    tag("c3/v2.0", 3 + c + 1, base + 1, "two-part version: not semver\n")
    tag("release-2024-01", 100, base + 1, "a release train\n")
    tag("v1.0.0", 200, base + 1, "whole-repository version\n")
    printf "reset refs/tags/c7/latest\nfrom :%d\n\n", 7 + 2 * c + 1
    printf "done\n"
  }' | git -C "$dir" fast-import --quiet --done

git -C "$dir" symbolic-ref HEAD refs/heads/main
git -C "$dir" reset -q --hard main
git -C "$dir" pack-refs --all
git -C "$dir" repack -adq
git -C "$dir" prune-packed
echo "$marker" >"$dir/.git/tagship-bench"

got_commits=$(git -C "$dir" rev-list --count main)
got_tags=$(git -C "$dir" for-each-ref refs/tags | wc -l)
if [[ "$got_commits" != "$commits" || "$got_tags" != "$expected_tags" ]]; then
  echo "$0: generated $got_commits commits and $got_tags tags; expected $commits and $expected_tags" >&2
  exit 1
fi
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
echo "generate-repo: $dir: $commits commits, $expected_tags tags, $components components" \
  "in $((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000))) s" >&2
