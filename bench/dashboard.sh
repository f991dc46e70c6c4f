#!/usr/bin/env bash
# Dashboard benchmark: the quickstart jar on a fresh data folder, 10,000 flows in one engagement made through the API,
# then headless Chromium (Debian's chromium and chromium-driver) measures how soon the flow list shows its first page
# and how the live list keeps up with 50 changes per second. Arguments go to Maven; -D options reach the benchmark:
#   bench/dashboard.sh -Dbench.flows=10000 -Dbench.rate=50 -Dbench.seconds=30 -Dbench.pageLoads=5
# It runs through Surefire (the benchmark module's test classpath), but is not part of the test suite and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f standalone/target/masterflow.jar ]]; then
    ./mvnw -B -q -DskipTests package -pl standalone -am
fi
./mvnw -B -q -pl benchmark -am verify -DskipTests=false -Dtest=DashboardBenchmarkRun \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.redirectTestOutputToFile=true "$@"
echo "--- dashboard benchmark (benchmark/target/dashboard-benchmark.txt)"
cat benchmark/target/dashboard-benchmark.txt
