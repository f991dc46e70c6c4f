#!/usr/bin/env bash
# Many clients at once against the quickstart jar: the peer's loader (../shared/peer/Loader.java) with 1,000 clients of
# one account running flows back to back, then far beyond what the node can serve in time (5,000 by default). Prints
# the loader's RESULT line per run (flows/s, errors, p99 per call kind) and, from the node's own metrics, how many calls
# it refused as overloaded (503, masterflow.overload.max-queue-wait), as rate-limited (429) and answered otherwise.
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
  --spring.datasource.password=postgres --masterflow.flow-types.external-dir="$PEER/flowtypes" ${ARGS:-} >"$WORK/app.log" 2>&1) &
APP=$!; trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/actuator/health; do kill -0 $APP 2>/dev/null || { tail -20 "$WORK/app.log"; exit 1; }; sleep 1; done
ENG=22222222-2222-2222-2222-222222222222
TOKEN=$(java -jar "$JAR" token --data-dir "$WORK/app/data" --account 11111111-1111-1111-1111-111111111111 --engagement $ENG \
  --role flow-operator --user capacity 2>/dev/null | tail -1)
OPERATOR=$(java -jar "$JAR" token --data-dir "$WORK/app/data" --role platform-operator --user capacity 2>/dev/null | tail -1)
L="java -Xss256k -cp $WORK/loader Loader masterflow --url http://127.0.0.1:$PORT --token $TOKEN --engagement $ENG"
answers() { # calls answered per status since start, and refused as overloaded, from the node's Prometheus endpoint
  curl -sf -H "Authorization: Bearer $OPERATOR" http://127.0.0.1:$MPORT/actuator/prometheus | python3 -c '
import sys, re, collections
c = collections.Counter()
for line in sys.stdin:
    m = re.match(r"http_server_requests_seconds_count\{(.*)\} ([0-9.eE+]+)", line)
    if m:
        status = re.search(r"status=\"(\d+)\"", m.group(1)).group(1)
        c[status] += float(m.group(2))
    m = re.match(r"masterflow_overload_refused_total(\{.*\})? ([0-9.eE+]+)", line)
    if m:
        c["503overload"] += float(m.group(2))
print(" ".join(f"{k}={int(v)}" for k, v in sorted(c.items())))'
}
echo "warm-up: 8 clients, 30 s (not reported)"; $L --clients 8 --duration 30 --warmup 0 >/dev/null
for c in ${CLIENTS//,/ }; do
  before=$(answers)
  $L --clients $c --duration $DUR --warmup 10 >"$WORK/loader-$c.txt" 2>&1
  grep -E '^RESULT' "$WORK/loader-$c.txt"; grep -E '^  error' "$WORK/loader-$c.txt" | cut -c1-200 | sort | uniq -c | head -3
  python3 - "$before" "$(answers)" "$c" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
parse = lambda s: {k: int(v) for k, v in (kv.split("=") for kv in s.split())}
before, after, clients, load = parse(sys.argv[1]), parse(sys.argv[2]), sys.argv[3], sys.argv[4]
delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
print(f"ANSWERS clients={clients} " + " ".join(f"http_{k}={v}" for k, v in sorted(delta.items()) if v) + f" load={load}")
PY
done
echo "logs: $WORK"
