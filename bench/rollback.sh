#!/usr/bin/env bash
# Benchmark of a rollback: generates N legacy flows (default 100,000) into an embedded PostgreSQL with fsync and
# synchronous commit on, migrates them, lets the real query side project them into its read models, then rolls the
# run back (dry run, then the rollback) and prints the time, flows/s and events/s of each, and checks that no event of
# the run and no read-model row of its flows is left.
#
#   bench/rollback.sh [--flows N] [--batch-size N] [--shared-buffers SIZE] [--data-dir DIR] [--read-model false]
#
# Needs only a JDK 17+ (Maven comes through the wrapper, PostgreSQL is embedded) and about 3 GB of free disk per
# 100,000 flows where the data directory is. MAVEN_OFFLINE=1 builds without network access. The harness is
# RollbackBenchmark in the benchmark module's test sources.
set -euo pipefail
cd "$(dirname "$0")/.."

exec ./mvnw -B ${MAVEN_OFFLINE:+-o} -pl benchmark -am test \
  -Dtest=RollbackBenchmarkRunner -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
  -Dbench.args="$*" 2>&1 | grep --line-buffered -v -E '^\[INFO\]|^\[WARNING\]|embedded\.EmbeddedPostgres|^\s*$'
