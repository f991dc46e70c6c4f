#!/usr/bin/env bash
# Batch benchmark: the quickstart jar on a fresh data folder, many planning flows made through the API, then a batch
# pausing them all while interactive callers create, start and read other flows: the batch's pace, and the interactive
# calls' latency before and during it. -D options reach the benchmark:
#   bench/batch.sh -Dbench.flows=100000 -Dbench.creators=8 -Dbench.interactive=4 -Dbench.seconds=60
# It runs through Surefire (the benchmark module's test classpath), but is not part of the test suite and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f standalone/target/masterflow.jar ]]; then
    ./mvnw -B -q -DskipTests package -pl standalone -am
fi
./mvnw -B -q -pl benchmark -am verify -DskipTests=false -Dtest=BatchBenchmarkRun \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.redirectTestOutputToFile=true "$@"
echo "--- batch benchmark (benchmark/target/batch-benchmark.txt)"
cat benchmark/target/batch-benchmark.txt
