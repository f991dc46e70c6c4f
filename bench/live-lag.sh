#!/usr/bin/env bash
# Live lag as a dashboard sees it: while the peer's loader runs CLIENTS clients of one account (32 by default, the
# rate of the side-by-side run's busiest point), a follower reads the live stream (GET /api/v1/stream) and measures,
# for each flow event, the time from the change (its updatedAt, the event's timestamp) to its arrival. Prints the
# loader's RESULT and the lag's percentiles over the events that arrived in the measured window. With PostgreSQL's
# track_commit_timestamp on (ALTER SYSTEM SET track_commit_timestamp = on, then a restart of the server), it also
# splits each event's lag at the commit of the command that appended it, the start of the projections' batch that
# wrote the flow's row (the change log's recorded_at) and that batch's commit (LAG_PARTS line).
#
#   bench/live-lag.sh [CLIENTS] [SECONDS]      from the project's root, after ./mvnw -B -o -q -DskipTests package -pl standalone -am
set -u
CLIENTS=${1:-32}; DUR=${2:-60}
. "$(dirname "$0")/peer-app.sh"
peer_app livelag_mf "${PORT:-18383}"
echo "warm-up: 8 clients, 30 s (not reported)"; $L --clients 8 --duration 30 --warmup 0 >/dev/null
python3 -u - "http://127.0.0.1:${PORT:-18383}/api/v1/stream" "$TOKEN" "$ENG" "$WORK/lags.txt" <<'PY' &
# the follower: one line per flow event, "arrival_epoch_s lag_ms flow_id version"
import sys, json, time, urllib.request, datetime
url, token, engagement, out = sys.argv[1:]
req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "X-Engagement-Id": engagement,
                                           "Accept": "text/event-stream"})
with urllib.request.urlopen(req) as stream, open(out, "w", buffering=1) as lags:
    for raw in stream:
        now = time.time()
        line = raw.decode()
        if line.startswith("data:"):
            try:
                change = json.loads(line[5:])
                at, flow, version = change["updatedAt"], change["flowId"], change["version"]
            except (ValueError, KeyError):
                continue
            changed = datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()
            lags.write(f"{now:.6f} {(now - changed) * 1000:.1f} {flow} {version}\n")
PY
FOLLOWER=$!; trap 'kill $FOLLOWER $APP 2>/dev/null; wait $APP 2>/dev/null' EXIT
sleep 2
from=$(date +%s.%N); $L --clients "$CLIENTS" --duration "$DUR" --warmup 5 >"$WORK/loader.txt" 2>&1; to=$(date +%s.%N)
sleep 2; grep '^RESULT' "$WORK/loader.txt"
python3 - "$WORK/lags.txt" "$from" "$to" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
path, start, end, load = sys.argv[1], float(sys.argv[2]) + 5, float(sys.argv[3]), sys.argv[4]  # after the loader's warm-up
lags = sorted(float(lag) for at, lag, *_ in (l.split() for l in open(path)) if start <= float(at) <= end)
if not lags:
    sys.exit("no flow event arrived in the window")
pct = lambda p: lags[min(len(lags) - 1, max(0, int(round(p / 100 * len(lags))) - 1))]
print(f"LIVE_LAG events={len(lags)} per_s={len(lags) / (end - start):.0f} p50_ms={pct(50):.0f} p95_ms={pct(95):.0f} "
      f"p99_ms={pct(99):.0f} max_ms={lags[-1]:.0f} load={load}")
PY
if [ "$(su postgres -c "psql -Atc 'show track_commit_timestamp'")" = on ]; then
  # a change's version is its flow's sequence number: the event that made it
  su postgres -c "psql -d livelag_mf -Atc \"copy (select c.flow_id, c.version, extract(epoch from c.updated_at),
    extract(epoch from pg_xact_commit_timestamp(e.xmin)), extract(epoch from c.recorded_at),
    extract(epoch from pg_xact_commit_timestamp(c.xid::text::xid))
    from flow_change c join domainevententry e on e.aggregateidentifier = c.flow_id::text and e.sequencenumber = c.version)
    to stdout\"" >"$WORK/changes.txt"
  python3 - "$WORK/lags.txt" "$WORK/changes.txt" "$from" "$to" <<'PY'
import sys
lags, changes, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]) + 5, float(sys.argv[4])
times = {}
for line in open(changes):
    flow, version, *stamps = line.rstrip("\n").split("\t")
    if "\\N" in stamps:  # committed before track_commit_timestamp was on
        continue
    times[(flow, version)] = [float(s) for s in stamps]
parts = [[], [], [], []]
for line in open(lags):
    at, _, flow, version = line.split()
    if start <= float(at) <= end and (flow, version) in times:
        stamps = times[(flow, version)] + [float(at)]
        for i in range(4):
            parts[i].append((stamps[i + 1] - stamps[i]) * 1000)
names = ["event_to_command_commit", "command_commit_to_batch_start", "batch_start_to_commit", "batch_commit_to_arrival"]
pct = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(p / 100 * len(xs)))]
print("LAG_PARTS " + " ".join(f"{n}_p50/p99_ms={pct(xs, 50):.0f}/{pct(xs, 99):.0f}" for n, xs in zip(names, parts) if xs))
PY
else
  echo "LAG_PARTS: track_commit_timestamp is off (ALTER SYSTEM SET track_commit_timestamp = on, restart PostgreSQL)"
fi
echo "logs: $WORK"
