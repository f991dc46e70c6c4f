#!/usr/bin/env bash
# Phase execution benchmark: 16 workers' claim -> complete round trips, orchestration overhead per phase, and the
# asset import of a 100,000-row inventory, against the command side and an embedded PostgreSQL in one JVM.
# Arguments go to Maven; -D options reach the benchmark, e.g.
#   bench/phase-execution.sh -o -Dbench.durable=false -Dbench.flows=200 -Dbench.overheadFlows=300 -Dbench.assetRows=100000
# It runs through Surefire (the benchmark module's test classpath), but is not part of the test suite and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmark -am test -DskipTests=false -Dtest=PhaseExecutionBenchmarkRun \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.redirectTestOutputToFile=true "$@"
echo "--- phase execution benchmark (benchmark/target/phase-execution-benchmark.txt)"
cat benchmark/target/phase-execution-benchmark.txt
