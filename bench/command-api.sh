#!/usr/bin/env bash
# Command-API benchmark: starts a server on a fresh data directory and a free loopback port, runs the
# harness (benchmark/target/masterflow-benchmark.jar) RUNS times against it, prints each run's JSON line and
# the median of the runs, and stops the server and its embedded PostgreSQL on exit. See bench/README.md.
#
#   bench/command-api.sh                          # 3 runs, 32 clients, 30 s measured (+10 s warmup) each
#   RUNS=2 DURATION=10s bench/command-api.sh      # a quick check
#   SERVER=command-side bench/command-api.sh      # the command side alone, on its own embedded PostgreSQL
#
# Environment (all optional):
#   RUNS=3  CLIENTS=32  DURATION=30s  WARMUP=10s  FIRST_WARMUP=120s (the first run also warms up the cold server JVM)
#   SERVER=standalone|command-side   PORT (default: a free one)
#   SERVER_JAVA_OPTS   JVM options of the server, e.g. "-Xmx1g"
#   RESULTS_DIR        copy each run's full report, the JSON lines and the server log there
#   VERBOSE=1          print each run's full text report, not only its JSON line
#   KEEP=1             keep the temporary data directory (its path is printed)
#   MVN=./mvnw         the Maven used when a jar has to be built
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${RUNS:-3}
CLIENTS=${CLIENTS:-32}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
FIRST_WARMUP=${FIRST_WARMUP:-120s}
SERVER=${SERVER:-standalone}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-240}
MVN=${MVN:-./mvnw}

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

BENCH_JAR=$ROOT/benchmark/target/masterflow-benchmark.jar
case "$SERVER" in
    standalone)
        server_jar() { echo "$ROOT/standalone/target/masterflow.jar"; }
        MODULES=standalone,benchmark ;;
    command-side)
        server_jar() { ls "$ROOT"/command-side/target/command-side-*-exec.jar 2>/dev/null | head -n 1; }
        MODULES=benchmark ;;
    *) die "SERVER is standalone or command-side, not '$SERVER'" ;;
esac

# --- build what is missing ---------------------------------------------------------------------------------
if [[ ! -f "$BENCH_JAR" || -z "$(server_jar)" || ! -f "$(server_jar)" ]]; then
    log "building ($MVN -B -q -DskipTests package -pl $MODULES -am) ..."
    "$MVN" -B -q -DskipTests package -pl "$MODULES" -am
fi
SERVER_JAR=$(server_jar)
[[ -f "$SERVER_JAR" ]] || die "no server jar after the build: $SERVER_JAR"
[[ -f "$BENCH_JAR" ]] || die "no benchmark jar after the build: $BENCH_JAR"

# --- a fresh data directory, cleaned up on exit --------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/masterflow-bench.XXXXXX")
DATA=$WORK/data
SERVER_PID=
PG_LAUNCHER_PID=
HARNESS_PID=

# Stops a process group we started (TERM, then KILL after a grace period).
stop_group() {
    local pid=$1 name=$2 grace=$3
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq $((grace * 5))); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    log "$name did not stop within ${grace}s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# pg_ctl detaches the postmaster from the process group that started it, so it outlives the server's group when the
# server could not stop it: stop it through its pid file, after checking the pid is that postmaster.
stop_postmaster() {
    local pidfile=$DATA/postgres/postmaster.pid pm
    [[ -f "$pidfile" ]] || return 0
    pm=$(head -n 1 "$pidfile" 2>/dev/null || true)
    [[ "$pm" =~ ^[0-9]+$ ]] && kill -0 "$pm" 2>/dev/null || return 0
    ps -p "$pm" -o args= 2>/dev/null | grep -q -- "$DATA/postgres" || return 0
    log "stopping the embedded PostgreSQL (pid $pm)"
    kill -INT "$pm" 2>/dev/null || true   # fast shutdown
    for _ in $(seq 100); do
        kill -0 "$pm" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -QUIT "$pm" 2>/dev/null || true  # immediate shutdown
    sleep 2
    kill -KILL "$pm" 2>/dev/null || true
}

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    # the harness first: its exit hook drops its scratch table while the database is still up
    if [[ -n "$HARNESS_PID" ]] && kill -0 "$HARNESS_PID" 2>/dev/null; then
        kill -TERM "$HARNESS_PID" 2>/dev/null
        wait "$HARNESS_PID" 2>/dev/null
    fi
    stop_group "$SERVER_PID" "the server" 40
    stop_group "$PG_LAUNCHER_PID" "the PostgreSQL launcher" 30
    stop_postmaster
    if [[ -n "${RESULTS_DIR:-}" && -d "$WORK" ]]; then
        mkdir -p "$RESULTS_DIR"
        cp "$WORK"/run-*.txt "$WORK"/runs.jsonl "$WORK"/*.log "$RESULTS_DIR"/ 2>/dev/null
        log "reports copied to $RESULTS_DIR"
    fi
    if [[ "${KEEP:-0}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

healthy() {
    local url="http://127.0.0.1:$PORT/actuator/health" answer
    if command -v curl >/dev/null 2>&1; then
        answer=$(curl -fsS --max-time 2 "$url" 2>/dev/null) || return 1
    else
        exec 3<>"/dev/tcp/127.0.0.1/$PORT" 2>/dev/null || return 1
        printf 'GET /actuator/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        answer=$(timeout 2 cat <&3) || true
        exec 3<&-
    fi
    [[ "$answer" == *'"status":"UP"'* ]]
}

PORT=${PORT:-$(java -jar "$BENCH_JAR" --free-port)}
log "masterflow command-API benchmark: $SERVER on 127.0.0.1:$PORT, $RUNS runs x $CLIENTS clients x $DURATION" \
    "(warmup $WARMUP, first run $FIRST_WARMUP), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores," \
    "load average $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')"
log "data directory $DATA"

# --- start the server in its own process group ----------------------------------------------------------------
if [[ "$SERVER" == standalone ]]; then
    # shellcheck disable=SC2086
    setsid java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" --masterflow.data-dir="$DATA" --server.port="$PORT" \
        --server.address=127.0.0.1 >"$WORK/server.log" 2>&1 </dev/null &
    SERVER_PID=$!
else
    setsid java -cp "$BENCH_JAR" io.masterflow.benchmark.EmbeddedPostgresLauncher "$DATA" \
        >"$WORK/postgres.log" 2>&1 </dev/null &
    PG_LAUNCHER_PID=$!
    for _ in $(seq 300); do
        [[ "$(sed -n 8p "$DATA/postgres/postmaster.pid" 2>/dev/null | tr -d ' ')" == ready ]] && break
        kill -0 "$PG_LAUNCHER_PID" 2>/dev/null || { cat "$WORK/postgres.log" >&2; die "the embedded PostgreSQL did not start"; }
        sleep 0.2
    done
    PG_PORT=$(sed -n 4p "$DATA/postgres/postmaster.pid")
    # shellcheck disable=SC2086
    MASTERFLOW_SECURITY_JWT_SECRET=$(tr -d '\n' <"$DATA/jwt-secret") setsid java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" \
        --spring.datasource.url="jdbc:postgresql://localhost:$PG_PORT/postgres" \
        --spring.datasource.username=postgres --spring.datasource.password=postgres \
        --server.port="$PORT" --server.address=127.0.0.1 >"$WORK/server.log" 2>&1 </dev/null &
    SERVER_PID=$!
fi

started=$SECONDS
until healthy; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        tail -n 40 "$WORK/server.log" >&2
        die "the server exited before it was healthy (log above)"
    fi
    if (( SECONDS - started > HEALTH_TIMEOUT )); then
        tail -n 40 "$WORK/server.log" >&2
        die "the server was not healthy after ${HEALTH_TIMEOUT}s (log above)"
    fi
    sleep 1
done
log "server up after $((SECONDS - started))s (pid $SERVER_PID)"

# --- the runs ------------------------------------------------------------------------------------------------------
: >"$WORK/runs.jsonl"
for run in $(seq 1 "$RUNS"); do
    warmup=$WARMUP
    (( run == 1 )) && warmup=$FIRST_WARMUP
    log ""
    log "run $run/$RUNS"
    # in the background and waited for, so that Ctrl-C or a TERM is acted on at once, not when the run ends
    java -jar "$BENCH_JAR" --url "http://127.0.0.1:$PORT" --data-dir "$DATA" --clients "$CLIENTS" \
        --duration "$DURATION" --warmup "$warmup" --server-pid "$SERVER_PID" \
        >"$WORK/run-$run.txt" </dev/null &
    HARNESS_PID=$!
    status=0
    wait "$HARNESS_PID" || status=$?
    HARNESS_PID=
    (( status == 0 )) || { cat "$WORK/run-$run.txt" >&2; die "run $run failed (exit status $status)"; }
    if [[ "${VERBOSE:-0}" == 1 ]]; then
        sed '$d' "$WORK/run-$run.txt"
    fi
    tail -n 1 "$WORK/run-$run.txt" | tee -a "$WORK/runs.jsonl"
done

java -jar "$BENCH_JAR" --summarize "$WORK/runs.jsonl"
