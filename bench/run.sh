#!/usr/bin/env bash
# On-demand benchmark of `tagship run` (never run in CI), against JenkinsPipelineUnit 1.1 — the
# peer on Maven Central that runs Jenkinsfiles outside Jenkins — measured in the same run.
#
#   1. Generates under bench/work/run/: a declarative Jenkinsfile of 2,000 echo steps across 50
#      stages (49 sequential stages of 40 steps and a parallel stage of 20 branches of 2 steps),
#      the same stages without their steps, the scripted form of both (what JenkinsPipelineUnit
#      1.1 runs), and a one-stage pipeline.
#   2. In-process, warm (median of RUNS runs after warm-up; each run compiles and runs the file):
#      tagship on the declarative and scripted files, JenkinsPipelineUnit on the scripted ones.
#      Per-step overhead = (with steps - without steps) / 2,000; steps per second from the same.
#   3. Cold start: the whole process `./tagship run` (its JVM flags and AppCDS archive) and plain
#      `java -jar` on the one-stage pipeline, median of RUNS; and ./tagship on a Jenkinsfile whose
#      text changes every run (not compiled or grammar-checked before: the first run of a change).
#   4. Prints the figures, the ratios against JenkinsPipelineUnit and the goals: per-step overhead
#      under 0.2 ms, cold start under 1.5 s.
#
# Usage: bench/run.sh [RUNS]   (default 10). Needs target/tagship.jar (./tagship builds it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-10}"
work="bench/work/run"
mkdir -p "$work"
jar="${TAGSHIP_JAR:-target/tagship.jar}"
[[ -f "$jar" ]] || { echo "no $jar: run ./tagship --version (or mvn -q package -DskipTests) first" >&2; exit 2; }

generate() { # generate FILE declarative|scripted STEPS_PER_STAGE STEPS_PER_BRANCH
  local file="$1" kind="$2" per_stage="$3" per_branch="$4"
  {
    if [[ "$kind" == declarative ]]; then
      echo "pipeline {"; echo "  agent any"; echo "  options { skipDefaultCheckout() }"; echo "  stages {"
      for s in $(seq 1 49); do
        echo "    stage('s$s') { steps {"
        for n in $(seq 1 "$per_stage"); do echo "      echo 'stage $s step $n'"; done
        [[ "$per_stage" == 0 ]] && echo "      script { }"
        echo "    } }"
      done
      echo "    stage('parallel') { parallel {"
      for b in $(seq 1 20); do
        echo "      stage('b$b') { steps {"
        for n in $(seq 1 "$per_branch"); do echo "        echo 'branch $b step $n'"; done
        [[ "$per_branch" == 0 ]] && echo "        script { }"
        echo "      } }"
      done
      echo "    } }"; echo "  }"; echo "}"
    else
      echo "node {"
      for s in $(seq 1 49); do
        echo "  stage('s$s') {"
        for n in $(seq 1 "$per_stage"); do echo "    echo 'stage $s step $n'"; done
        echo "  }"
      done
      echo "  stage('parallel') {"
      echo "    parallel("
      for b in $(seq 1 20); do
        echo -n "      b$b: {"
        for n in $(seq 1 "$per_branch"); do echo -n " echo 'branch $b step $n';"; done
        echo " }$([[ $b -lt 20 ]] && echo ,)"
      done
      echo "    )"; echo "  }"; echo "}"
    fi
  } > "$file"
}
generate "$work/declarative.Jenkinsfile" declarative 40 2
generate "$work/declarative-empty.Jenkinsfile" declarative 0 0
generate "$work/scripted.Jenkinsfile" scripted 40 2
generate "$work/scripted-empty.Jenkinsfile" scripted 0 0
printf "pipeline {\n  agent any\n  stages { stage('one') { steps { echo 'hello' } } }\n}\n" > "$work/Jenkinsfile"

echo "== peer: resolving JenkinsPipelineUnit 1.1 (bench/peer/pom.xml)"
peer_cp="$work/peer.classpath"
mvn -q -f bench/peer/pom.xml dependency:build-classpath -Dmdep.outputFile="$root/$peer_cp" >/dev/null

median() { sed -n 's/^median_ms=//p'; }
tagship_in() { java -cp "$jar" bench/RunBench.java "$1" "$runs" | median; }
peer_in() { java -cp "$(cat "$peer_cp")" bench/PipelineUnitBench.java "$work" "$(basename "$1")" "$runs" | median; }

echo "== in-process, warm, median of $runs runs"
t_decl=$(tagship_in "$work/declarative.Jenkinsfile"); t_decl0=$(tagship_in "$work/declarative-empty.Jenkinsfile")
t_scr=$(tagship_in "$work/scripted.Jenkinsfile"); t_scr0=$(tagship_in "$work/scripted-empty.Jenkinsfile")
p_scr=$(peer_in "$work/scripted.Jenkinsfile"); p_scr0=$(peer_in "$work/scripted-empty.Jenkinsfile")

echo "== cold start, one-stage pipeline, median of $runs runs"
cold() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); times+=($(( (e - s) / 1000000 )))
  done
  printf "%s\n" "${times[@]}" | sort -n | sed -n "$(( (${#times[@]} + 1) / 2 ))p"
}
export TAGSHIP_HOME="$root/$work/home"
# the first run records run's class list, the second turns it into the AppCDS archive
./tagship run --workspace "$work" "$work/Jenkinsfile" >/dev/null
./tagship run --workspace "$work" "$work/Jenkinsfile" >/dev/null
c_launcher=$(cold ./tagship run --workspace "$work" "$work/Jenkinsfile")
c_plain=$(cold java -jar "$jar" run --workspace "$work" "$work/Jenkinsfile")
# A Jenkinsfile tagship has not seen: compiled and checked against Jenkins' grammar afresh.
fresh_run() {
  printf "pipeline {\n  agent any\n  stages { stage('one') { steps { echo 'hello %s' } } }\n}\n" \
    "$(date +%s%N)" > "$work/fresh.Jenkinsfile"
  ./tagship run --workspace "$work" "$work/fresh.Jenkinsfile"
}
c_fresh=$(cold fresh_run)

awk -v td="$t_decl" -v td0="$t_decl0" -v ts="$t_scr" -v ts0="$t_scr0" -v ps="$p_scr" -v ps0="$p_scr0" \
    -v cl="$c_launcher" -v cp="$c_plain" -v cf="$c_fresh" 'BEGIN {
  printf "\n%-58s %10s %10s\n", "", "tagship", "JPU 1.1"
  printf "%-58s %10.1f %10s\n", "declarative, 2,000 echo steps, whole run (ms)", td, "-"
  printf "%-58s %10.1f %10s\n", "declarative, same stages without steps (ms)", td0, "-"
  printf "%-58s %10.1f %10.1f\n", "scripted, 2,000 echo steps, whole run (ms)", ts, ps
  printf "%-58s %10.1f %10.1f\n", "scripted, same stages without steps (ms)", ts0, ps0
  dd = (td - td0) / 2000; ds = (ts - ts0) / 2000; dp = (ps - ps0) / 2000
  printf "%-58s %10.4f %10s\n", "per-step overhead, declarative (ms)", dd, "-"
  printf "%-58s %10.4f %10s\n", "  upper bound: whole declarative run / 2,000 (ms)", td / 2000, "-"
  printf "%-58s %10.4f %10.4f\n", "per-step overhead, scripted (ms)", ds, dp
  printf "%-58s %10.0f %10.0f\n", "steps per second, scripted", 1000 / ds, 1000 / dp
  printf "%-58s %10.2fx\n", "scripted whole run, tagship / JPU", ts / ps
  printf "%-58s %10.2fx\n", "scripted per-step overhead, tagship / JPU", ds / dp
  printf "%-58s %10d\n", "cold start ./tagship run, one stage (ms)", cl
  printf "%-58s %10d\n", "cold start java -jar tagship.jar run, one stage (ms)", cp
  printf "%-58s %10d\n", "cold start ./tagship run, a Jenkinsfile never run (ms)", cf
  printf "\ngoal per-step overhead < 0.2 ms: %s (declarative %.4f ms; even the whole run / 2,000 is %.4f ms)\n", (td / 2000 < 0.2 ? "met" : (dd < 0.2 ? "met" : "NOT met")), dd, td / 2000
  printf "goal cold start < 1.5 s: %s (%d ms; %d ms for a Jenkinsfile never run before)\n", (cl < 1500 ? "met" : "NOT met"), cl, cf
}'
