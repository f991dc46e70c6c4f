#!/usr/bin/env bash
# Benchmark of the legacy migration: generates N legacy flows (default 1,000,000) into an embedded PostgreSQL with
# fsync and synchronous commit on, migrates them into an event store on the same server, and prints flows/s,
# events/s and the ratio to PostgreSQL's raw COPY rate for the same event rows.
#
#   bench/migration.sh [--flows N] [--batch-size N] [--writers N] [--shared-buffers SIZE] [--data-dir DIR]
#                      [--dry-run-first true]
#
# Needs only a JDK 17+ (Maven comes through the wrapper, PostgreSQL is embedded) and, for a million flows, about
# 20 GB of free disk where the data directory is (a temporary one unless --data-dir is given). Set MAVEN_OFFLINE=1
# to build without network access. The harness is MigrationBenchmark in the benchmark module's test sources; Maven's test
# runner runs it because it holds the test classpath (embedded PostgreSQL, the command side's schema).
set -euo pipefail
cd "$(dirname "$0")/.."

exec ./mvnw -B ${MAVEN_OFFLINE:+-o} -pl benchmark -am test \
  -Dtest=MigrationBenchmarkRunner -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
  -Dbench.args="$*" 2>&1 | grep --line-buffered -v -E '^\[INFO\]|^\[WARNING\]|embedded\.EmbeddedPostgres|^\s*$'
