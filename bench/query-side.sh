#!/usr/bin/env bash
# Query-side benchmark: replay of a 1,000,000-event store by every projection, live lag between an append and the
# read model answering it, and the flow list's latency over 200,000 flows of one tenant; the query side and an
# embedded PostgreSQL in one JVM. Arguments go to Maven; -D options reach the benchmark, e.g.
#   bench/query-side.sh -o -Dbench.flows=200000 -Dbench.liveRate=1000 -Dbench.liveSeconds=30 -Dbench.durable=true
# It runs through Surefire (the benchmark module's test classpath), but is not part of the test suite and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmark -am test -DskipTests=false -Dtest=QuerySideBenchmarkRun \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.redirectTestOutputToFile=true "$@"
echo "--- query-side benchmark (benchmark/target/query-side-benchmark.txt)"
cat benchmark/target/query-side-benchmark.txt
