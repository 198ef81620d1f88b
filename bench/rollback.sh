#!/usr/bin/env bash
# On-demand benchmark (never run in CI): time from the first failing pod status (CrashLoopBackOff)
# to the rollback request reaching the API server, tagship against Helm's own
# `upgrade --atomic --wait` (helm-java's atomic(), the same Helm code as the helm binary), both
# against the Kubernetes API stand-in of the tests, in one run.
# Usage: bench/rollback.sh [RUNS] [HELM_TIMEOUT_SECONDS]   (default 3 runs, --timeout 20s for Helm)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -o test-compile
cp_file="$root/target/bench-classpath.txt"
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec java -cp "target/classes:target/test-classes:$(cat "$cp_file")" bench/RollbackBench.java "$@"
