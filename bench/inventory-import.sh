#!/usr/bin/env bash
# Inventory benchmark: the heap a 50 MiB CSV inventory costs while it is stored (POST /api/v1/inventories) and while
# the asset import reads it from the store, against the command side and an embedded PostgreSQL in one JVM.
# Arguments go to Maven; -D options reach the benchmark, and -DargLine sets the JVM's, e.g.
#   bench/inventory-import.sh -o -Dbench.inventoryMiB=50 -DargLine=-Xmx1g
# It runs through Surefire (the benchmark module's test classpath), but is not part of the test suite and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmark -am test -DskipTests=false -Dtest=InventoryImportBenchmarkRun \
  -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.redirectTestOutputToFile=true "$@"
echo "--- inventory benchmark (benchmark/target/inventory-import-benchmark.txt)"
cat benchmark/target/inventory-import-benchmark.txt
