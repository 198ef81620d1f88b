#!/usr/bin/env bash
# On-demand benchmark of `tagship version` against `git describe` (never run in CI).
#
# On a generated mono-repo (50,000 commits, 5,000 tags across 20 components; see
# bench/generate-repo.sh) it
#   1. checks that tagship's previousTag for component c7 is the tag
#      `git describe --tags --abbrev=0 --match 'c7/v*'` finds;
#   2. times whole-process runs of both: `java -jar tagship.jar version --component c7 --no-fetch`
#      (plain, with the JVM flags of ./tagship, and with those plus an AppCDS archive) against
#      `git -C REPO describe --tags --abbrev=0 --match 'c7/v*'`, with hyperfine when installed,
#      else a bash loop;
#   3. times the Java API in-process after warm-up (bench/VersionBench.java);
#   4. prints medians and the ratios against the goals: whole process at most 2x git, in-process
#      under 50 ms.
#
# Usage: bench/version.sh [--runs N] [--warmup N] [--iterations N] [--explore] [--no-hyperfine] [DIR]
#   DIR           where the repo is generated (default bench/work/repo; kept between runs)
#   --runs        timed whole-process runs per command (default 20), after --warmup (default 3)
#   --iterations  timed in-process calls (default 50, after 100 warm-up calls)
#   --explore     also: start-up options (picocli closures off, no system git config, JIT/GC
#                 choices), a class-loading timeline of one CLI run, and in-process phase
#                 breakdowns with and without --path c7/
#
# The jar is ${TAGSHIP_JAR:-target/tagship.jar} (relative to the repository root); this script
# never builds it: run `mvn -q -B package -DskipTests` (or ./tagship once) first.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs=20
warmup=3
iterations=50
explore=false
use_hyperfine=true
repo=""
while (($#)); do
  case "$1" in
  --runs) runs="$2"; shift 2 ;;
  --warmup) warmup="$2"; shift 2 ;;
  --iterations) iterations="$2"; shift 2 ;;
  --explore) explore=true; shift ;;
  --no-hyperfine) use_hyperfine=false; shift ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  -*) echo "version.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  *) repo="$1"; shift ;;
  esac
done

jar="${TAGSHIP_JAR:-target/tagship.jar}"
if [[ ! -f "$jar" ]]; then
  echo "version.sh: no jar at $jar; build it (mvn -q -B package -DskipTests) or set TAGSHIP_JAR" >&2
  exit 1
fi
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
work="$root/bench/work"
mkdir -p "$work"
repo="${repo:-$work/repo}"
component=c7

# The JVM flags ./tagship starts tagship with, read from the script's java_flags=(...) line so the
# benchmark follows it; the archive options are added below, with this benchmark's own archive.
script_flags="$(sed -n 's/^java_flags=(\(.*\))$/\1/p' "$root/tagship" | head -1)"
script_flags="${script_flags:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -Xshare:auto"
# Whether ./tagship itself runs with a class-data-sharing archive (then that row is "./tagship").
if grep -q 'SharedArchiveFile' "$root/tagship"; then script_cds=true; else script_cds=false; fi

echo "== machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(java -version 2>&1 | head -1); $(git --version)"
echo "== jar: $jar"
echo "== ./tagship JVM flags: $script_flags$($script_cds && echo ' + its AppCDS archive')"

# --- 1. the repository ---------------------------------------------------------------------------
"$root/bench/generate-repo.sh" "$repo"
repo="$(cd "$repo" && pwd)"

# --- 2. both tools agree -------------------------------------------------------------------------
git_cmd="git -C $repo describe --tags --abbrev=0 --match '$component/v*'"
tagship_args="version --repo $repo --component $component --no-fetch"
git_tag="$(eval "$git_cmd")"
json="$(java $script_flags -jar "$jar" $tagship_args --output json)"
json_field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" <<<"$json"; }
previous="$(json_field previousTag)"
echo "== git describe: $git_tag; tagship: version $(json_field version), previousTag $previous," \
  "changed $(json_field changed), $(json_field commitsSinceTag) commits since"
if [[ "$previous" != "$git_tag" ]]; then
  echo "version.sh: tagship's previousTag ($previous) is not git describe's tag ($git_tag)" >&2
  exit 1
fi

# --- AppCDS archive of this jar, made as ./tagship makes it: a static archive of the classes ---------
# one run with the ./tagship flags loaded.
key="$(printf '%s %s %s' "$jar" "$(stat -c '%s %Y' "$jar")" "$script_flags" | cksum | cut -d' ' -f1)"
jsa="$work/tagship-$key.jsa"
if [[ ! -f "$jsa" ]]; then
  rm -f "$work"/tagship-*.jsa
  java $script_flags -XX:DumpLoadedClassList="$jsa.classes" -jar "$jar" $tagship_args \
    >"$work/appcds-dump.log" 2>&1
  java $script_flags -Xshare:dump -XX:SharedClassListFile="$jsa.classes" \
    -XX:SharedArchiveFile="$jsa" -jar "$jar" >>"$work/appcds-dump.log" 2>&1
fi
# -Xshare:on fails instead of silently running without the archive (e.g. the jar changed).
java $script_flags -Xshare:on -XX:SharedArchiveFile="$jsa" -jar "$jar" --version >/dev/null

# --- timing helpers ------------------------------------------------------------------------------
if $use_hyperfine && ! command -v hyperfine >/dev/null; then
  echo "== hyperfine not installed (apt-get install hyperfine); timing with a bash loop"
  use_hyperfine=false
fi
labels=()
declare -A median_ms
noisy=false

# time_cmd LABEL COMMAND: median wall time of COMMAND in ms, after $warmup untimed runs.
time_cmd() {
  local label="$1" cmd="$2" median
  if $use_hyperfine; then
    hyperfine -N --style none --warmup "$warmup" --runs "$runs" --export-csv "$work/hf.csv" "$cmd" \
      >/dev/null 2>"$work/hf.err" || { cat "$work/hf.err" >&2; return 1; }
    grep -q outliers "$work/hf.err" && label="$label (*)" && noisy=true
    median="$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i; next }
      { printf "%.1f", $c * 1000 }' "$work/hf.csv")"
  else
    local i start
    for ((i = 0; i < warmup; i++)); do eval "$cmd" >/dev/null; done
    median="$(for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N)
      eval "$cmd" >/dev/null
      echo $((($(date +%s%N) - start) / 1000))
    done | sort -n | awk '{ t[NR] = $1 } END {
      m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }')"
  fi
  labels+=("$label")
  median_ms["$label"]="$median"
  printf '   %-58s %9s ms\n' "$label" "$median"
}

# --- 3. whole process ----------------------------------------------------------------------------
echo "== whole process: median of $runs runs after $warmup warm-ups" \
  "($($use_hyperfine && echo hyperfine || echo 'bash loop'))"
git_label="git describe --tags --abbrev=0 --match '$component/v*'"
time_cmd "$git_label" "$git_cmd"
time_cmd "tagship: java -jar" "java -jar $jar $tagship_args"
no_cds_label="tagship: ./tagship flags, no CDS archive"
cds_label="tagship: ./tagship flags + AppCDS archive"
if $script_cds; then cds_label="$cds_label (= ./tagship)"; else no_cds_label="tagship: ./tagship flags (= ./tagship)"; fi
time_cmd "$no_cds_label" "java $script_flags -jar $jar $tagship_args"
time_cmd "$cds_label" "java $script_flags -XX:SharedArchiveFile=$jsa -jar $jar $tagship_args"
if $explore; then
  closures="-Dpicocli.disable.closures=true"
  time_cmd "tagship: ./tagship flags + $closures" \
    "java $script_flags $closures -jar $jar $tagship_args"
  time_cmd "tagship: ./tagship flags + GIT_CONFIG_NOSYSTEM=1" \
    "env GIT_CONFIG_NOSYSTEM=1 java $script_flags -jar $jar $tagship_args"
  time_cmd "tagship: ./tagship flags + AppCDS + closures off" \
    "java $script_flags -XX:SharedArchiveFile=$jsa $closures -jar $jar $tagship_args"
  time_cmd "tagship: ./tagship flags + AppCDS + closures off + NOSYSTEM" \
    "env GIT_CONFIG_NOSYSTEM=1 java $script_flags -XX:SharedArchiveFile=$jsa $closures -jar $jar $tagship_args"
  time_cmd "tagship: default JIT/GC + AppCDS + closures off" \
    "java -XX:SharedArchiveFile=$jsa $closures -jar $jar $tagship_args"
  time_cmd "floor: java <./tagship flags> -version" "java $script_flags -version"
  time_cmd "floor: tagship --help, ./tagship flags + AppCDS + closures off" \
    "java $script_flags -XX:SharedArchiveFile=$jsa $closures -jar $jar --help"
fi

# --- 4. in-process -------------------------------------------------------------------------------
echo "== in-process: java -cp \$TAGSHIP_JAR bench/VersionBench.java $repo $iterations"
bench_out="$(java -cp "$jar" "$root/bench/VersionBench.java" "$repo" "$iterations" \
  --component="$component")"
sed 's/^/   /' <<<"$bench_out" | grep -v '^   RESULT'
in_process="$(sed -n 's/^RESULT median_ms=\([0-9.]*\).*/\1/p' <<<"$bench_out")"

if $explore; then
  echo "== in-process phase breakdown (the JGit calls Versioner makes)"
  java -cp "$jar" "$root/bench/VersionBench.java" "$repo" "$iterations" --component="$component" \
    --breakdown | sed -n '/^breakdown/,/total/p' | sed 's/^/   /'
  echo "== the same with --path $component/ (path-filtered walk since the tag)"
  java -cp "$jar" "$root/bench/VersionBench.java" "$repo" "$iterations" --component="$component" \
    --path="$component/" --breakdown | grep -v '^RESULT' | sed 's/^/   /'
  echo "== where one CLI run spends its time (./tagship flags; class-loading timeline, seconds)"
  log="$work/class-load.log"
  java $script_flags -Xlog:class+load:file="$log" -jar "$jar" $tagship_args >/dev/null
  at() { grep -m1 -E "$1" "$log" | sed -E 's/^\[([0-9.]+)s\].*/\1/'; }
  printf '   %-62s %s\n' \
    "JVM up, dev.tagship.cli.Main loaded" "$(at ' dev\.tagship\.cli\.Main ')" \
    "picocli model built (VersionCommand loaded)" "$(at ' dev\.tagship\.cli\.VersionCommand ')" \
    "first Groovy class (picocli probes groovy.lang.Closure)" "$(at ' groovy\.lang\.')" \
    "OutputFormat loaded (its static ObjectMapper loads Jackson)" "$(at ' dev\.tagship\.cli\.OutputFormat ')" \
    "VersionCommand.call (GitEnvironment loaded)" "$(at ' dev\.tagship\.version\.GitEnvironment ')" \
    "Versioner: open the repository" "$(at ' dev\.tagship\.version\.Versioner ')" \
    "repository open, HEAD resolved (TagNaming loaded)" "$(at ' dev\.tagship\.version\.TagNaming ')" \
    "reading tags (VersionTags loaded)" "$(at ' dev\.tagship\.version\.VersionTags ')" \
    "tags read, walking (VersionCalculator loaded)" "$(at ' dev\.tagship\.version\.VersionCalculator ')" \
    "version computed (Calculation loaded)" "$(at 'VersionCalculator\$Calculation ')" \
    "last class loaded" "$(tail -1 "$log" | sed -E 's/^\[([0-9.]+)s\].*/\1/')"
  echo "   classes loaded: $(wc -l <"$log") ($(grep -c ' groovy\.\| org\.codehaus\.groovy\.\| org\.apache\.groovy\.' "$log") Groovy," \
    "$(grep -c ' com\.fasterxml\.jackson\.' "$log") Jackson, $(grep -c ' picocli\.' "$log") picocli," \
    "$(grep -c ' org\.eclipse\.jgit\.' "$log") JGit)"
fi

# --- 5. summary ----------------------------------------------------------------------------------
git_ms="${median_ms[$git_label]}"
echo
echo "== summary (medians; repo $repo)"
printf '   %-58s %9s  %8s\n' "command" "ms" "vs git"
for label in "${labels[@]}"; do
  printf '   %-58s %9s  %7.1fx\n' "$label" "${median_ms[$label]}" \
    "$(awk -v a="${median_ms[$label]}" -v b="$git_ms" 'BEGIN { print a / b }')"
done
printf '   %-58s %9s  %7.1fx\n' "tagship in-process, warm (VersionBench)" "$in_process" \
  "$(awk -v a="$in_process" -v b="$git_ms" 'BEGIN { print a / b }')"
$noisy && echo "   (*) hyperfine saw statistical outliers: other load on the machine; run again to compare"
script_label="$($script_cds && echo "$cds_label" || echo "$no_cds_label")"
[[ -n "${median_ms[$script_label]:-}" ]] || script_label="$script_label (*)"
ratio="$(awk -v a="${median_ms[$script_label]}" -v b="$git_ms" 'BEGIN { printf "%.1f", a / b }')"
echo "   goal whole process <= 2x git:  ./tagship ${ratio}x ->" \
  "$(awk -v r="$ratio" 'BEGIN { print (r <= 2 ? "met" : "NOT met") }')"
echo "   goal in-process < 50 ms:       ${in_process} ms ->" \
  "$(awk -v t="$in_process" 'BEGIN { print (t < 50 ? "met" : "NOT met") }')"
load_end="$(cut -d' ' -f1 /proc/loadavg)"
if awk -v l="$load_end" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "   WARNING: load average $load_end on $(nproc) CPUs at the end: other work competed for the" \
    "CPUs, so these times are inflated; run again on a quiet machine"
fi
