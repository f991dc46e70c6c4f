#!/usr/bin/env bash
# Many clients at once against the quickstart jar: the peer's loader (../shared/peer/Loader.java) with 1,000 clients of
# one account running flows back to back, then far beyond what the node can serve in time (5,000 by default). Prints
# the loader's RESULT line per run (flows/s, errors, p99 per call kind) and the node's own view from its metrics
# (NODE line): answers by status, calls refused as overloaded (503, masterflow.overload.max-queue-wait), and the
# percentiles (bucket bounds) of the wait for a worker thread and of the time worked on; and the kernel's (KERNEL
# line): connections the listen queue had no room for (TcpExtListenOverflows, from nstat; machine-wide), which wait
# for the client's SYN retransmission, out of sight of the node.
#
#   bench/capacity.sh [CLIENTS] [SECONDS]      from the project's root, after ./mvnw -B -o -q -DskipTests package -pl standalone -am
#   bench/capacity.sh 1000,5000 60             (the defaults)
#   JAR=/tmp/other.jar ARGS="--masterflow.overload.max-queue-wait=0" bench/capacity.sh 5000 60
#   WARMUP=180 bench/capacity.sh 1000 60       a node warm like one that has served for minutes (the JIT compiler
#                                              is busy for the first 150 s or so of load; 30 s by default)
#
# The app runs on the machine's PostgreSQL with the peer's flow type (bench/peer-app.sh).
set -u
CLIENTS=${1:-1000,5000}; DUR=${2:-60}
. "$(dirname "$0")/peer-app.sh"
peer_app capacity_mf "${PORT:-18181}"
overflows() { nstat -az TcpExtListenOverflows 2>/dev/null | awk '/ListenOverflows/ {print $2}'; }
scrape() { curl -sf -H "Authorization: Bearer $OPERATOR" http://127.0.0.1:$MPORT/actuator/prometheus > "$1"; }
echo "warm-up: 8 clients, ${WARMUP:-30} s (not reported)"; $L --clients 8 --duration "${WARMUP:-30}" --warmup 0 >/dev/null
for c in ${CLIENTS//,/ }; do
  scrape "$WORK/before-$c.txt"; o0=$(overflows)
  $L --clients $c --duration $DUR --warmup 10 >"$WORK/loader-$c.txt" 2>&1
  scrape "$WORK/after-$c.txt"; o1=$(overflows)
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
  echo "KERNEL clients=$c listen_queue_overflows=$(( ${o1:-0} - ${o0:-0} )) somaxconn=$(cat /proc/sys/net/core/somaxconn)"
done
echo "logs: $WORK"
