#!/usr/bin/env bash
# Many clients at once against the quickstart jar: the peer's loader (../shared/peer/Loader.java) with 1,000 clients of
# one account running flows back to back, then far beyond what the node can serve in time (5,000 by default). Prints
# the loader's RESULT line per run (flows/s, errors, p99 per call kind) and the node's own view from its metrics
# (NODE line): answers by status, calls refused as overloaded (503, masterflow.overload.max-queue-wait), and the
# percentiles (bucket bounds) of the wait for a worker thread and of the time worked on.
#
#   bench/capacity.sh [CLIENTS] [SECONDS]      from the project's root, after ./mvnw -B -o -q -DskipTests package -pl standalone -am
#   bench/capacity.sh 1000,5000 60             (the defaults)
#   JAR=/tmp/other.jar ARGS="--masterflow.overload.max-queue-wait=0" bench/capacity.sh 5000 60
#
# The app runs on the machine's PostgreSQL (started if down), like bench/side-by-side.sh, with the peer's flow type.
set -u
PEER=${PEER:-$(cd "$(dirname "$0")/../.." && pwd)/shared/peer}; CLIENTS=${1:-1000,5000}; DUR=${2:-60}
JAR=$(readlink -f "${JAR:-standalone/target/masterflow.jar}"); PORT=${PORT:-18181}; MPORT=$((PORT + 1000))
[ -f "$PEER/Loader.java" ] || { echo "no peer in $PEER (set PEER)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR: build it first" >&2; exit 2; }
PGV=$(ls /etc/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q online || pg_ctlcluster --skip-systemctl-redirect "$PGV" main start
for i in $(seq 1 20); do su postgres -c "psql -Atc 'select 1'" >/dev/null 2>&1 && break; sleep 0.5; done
su postgres -c "psql -qc \"alter user postgres password 'postgres'\"" >/dev/null
su postgres -c "psql -q -c 'drop database if exists capacity_mf' -c 'create database capacity_mf'" >/dev/null
WORK=$(mktemp -d /tmp/capacity.XXXX); mkdir -p "$WORK/app" "$WORK/loader"
javac -d "$WORK/loader" "$PEER/Loader.java" || exit 1
(cd "$WORK/app" && exec java ${MF_JVM:-} -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 --management.server.port=$MPORT \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/capacity_mf --spring.datasource.username=postgres \
  --spring.datasource.password=postgres --masterflow.flow-types.external-dir="$PEER/flowtypes" \
  --management.metrics.distribution.percentiles-histogram.http.server.requests=true ${ARGS:-} >"$WORK/app.log" 2>&1) &
APP=$!; trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/actuator/health; do kill -0 $APP 2>/dev/null || { tail -20 "$WORK/app.log"; exit 1; }; sleep 1; done
ENG=22222222-2222-2222-2222-222222222222
TOKEN=$(java -jar "$JAR" token --data-dir "$WORK/app/data" --account 11111111-1111-1111-1111-111111111111 --engagement $ENG \
  --role flow-operator --user capacity 2>/dev/null | tail -1)
OPERATOR=$(java -jar "$JAR" token --data-dir "$WORK/app/data" --role platform-operator --user capacity 2>/dev/null | tail -1)
L="java -Xss256k -cp $WORK/loader Loader masterflow --url http://127.0.0.1:$PORT --token $TOKEN --engagement $ENG"
scrape() { curl -sf -H "Authorization: Bearer $OPERATOR" http://127.0.0.1:$MPORT/actuator/prometheus > "$1"; }
echo "warm-up: 8 clients, 30 s (not reported)"; $L --clients 8 --duration 30 --warmup 0 >/dev/null
for c in ${CLIENTS//,/ }; do
  scrape "$WORK/before-$c.txt"
  $L --clients $c --duration $DUR --warmup 10 >"$WORK/loader-$c.txt" 2>&1
  scrape "$WORK/after-$c.txt"
  grep -E '^RESULT' "$WORK/loader-$c.txt"; grep -E '^  error' "$WORK/loader-$c.txt" | cut -c1-160 | sort | uniq -c | head -3
  python3 - "$WORK/before-$c.txt" "$WORK/after-$c.txt" "$c" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
# the node's own view over the run: answers by status, overload refusals, and percentiles of the wait for a worker
# thread and of the time worked on (Spring's http.server.requests), from histogram buckets
import sys, re, collections
def read(path):
    statuses, buckets, refused = collections.Counter(), {"wait": collections.Counter(), "work": collections.Counter()}, 0.0
    for line in open(path):
        m = re.match(r'(\w+)(?:\{(.*)\})? ([0-9.eE+-]+|NaN)$', line.strip())
        if not m or line.startswith('#'):
            continue
        name, labels, value = m.group(1), m.group(2) or "", float(m.group(3))
        le = re.search(r'le="([^"]+)"', labels)
        if name == "http_server_requests_seconds_count":
            statuses[re.search(r'status="(\d+)"', labels).group(1)] += value
        elif name == "masterflow_overload_refused_total":
            refused += value
        elif name == "masterflow_overload_queue_wait_seconds_bucket" and le:
            buckets["wait"][float(le.group(1))] += value
        elif name == "http_server_requests_seconds_bucket" and le:
            buckets["work"][float(le.group(1))] += value
    return statuses, buckets, refused
(s0, b0, r0), (s1, b1, r1) = read(sys.argv[1]), read(sys.argv[2])
def pct(kind, p):
    cum = sorted((le, b1[kind][le] - b0[kind].get(le, 0)) for le in b1[kind])
    total = cum[-1][1] if cum else 0
    return next((f"{le:g}s" for le, n in cum if total and n >= p / 100 * total), "-")
answers = " ".join(f"http_{k}={int(s1[k] - s0.get(k, 0))}" for k in sorted(s1) if s1[k] - s0.get(k, 0))
print(f"NODE clients={sys.argv[3]} {answers} refused_503={int(r1 - r0)} "
      f"worker_wait_p50<={pct('wait', 50)} p99<={pct('wait', 99)} worked_on_p50<={pct('work', 50)} p99<={pct('work', 99)} load={sys.argv[4]}")
PY
done
echo "logs: $WORK"
