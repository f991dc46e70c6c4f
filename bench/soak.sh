#!/usr/bin/env bash
# A soak: the quickstart jar under steady load for an hour (six ten-minute windows by default), at about half the
# throughput it makes with 32 clients, to show that nothing grows or slows with time. Per window it prints: flows/s,
# errors, p99 of create and complete, the app's heap after a full GC, the database's size and its growth per flow.
#
#   bench/soak.sh                        from the project's root, after ./mvnw -B -o -q -DskipTests package -pl standalone -am
#   WINDOWS=3 WINDOW=120 bench/soak.sh   a short check of the script itself
#   CLIENTS=4 bench/soak.sh              skip the calibration and run 4 clients
#
# Calibration (unless CLIENTS is given): 30 s at 32 clients, then 30 s each at 1, 2, 4, 8 and 16 clients; the soak runs
# the count whose throughput is closest to half the 32-client figure. The loader is the peer's (closed loop: each client
# runs a flow after the other). The app runs on the machine's PostgreSQL with the peer's flow type (bench/peer-app.sh).
set -u
WINDOWS=${WINDOWS:-6}; WINDOW=${WINDOW:-600}
. "$(dirname "$0")/peer-app.sh"
peer_app soak_mf "${PORT:-18282}"
JVM=$(pgrep -P $APP java || echo $APP)
flows_per_s() { $L --clients "$1" --duration "$2" --warmup "${3:-5}" | grep '^RESULT' | grep -o 'flows_per_s=[0-9.]*' | cut -d= -f2; }
sql() { su postgres -c "psql -Atd soak_mf -c \"$1\""; }
heap_after_gc_mb() { jcmd "$JVM" GC.run >/dev/null 2>&1; sleep 1
  jcmd "$JVM" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' | awk '{printf "%.0f", $1/1024}'; }
if [ -z "${CLIENTS:-}" ]; then
  flows_per_s 8 30 0 >/dev/null   # JIT warm-up
  full=$(flows_per_s 32 30); best=1; bestd=1e9
  echo "calibration: 32 clients ${full} flows/s; target about half: $(python3 -c "print(round($full/2,1))")"
  for c in 1 2 4 8 16; do f=$(flows_per_s $c 30); echo "calibration: $c clients $f flows/s"
    d=$(python3 -c "print(abs($f-$full/2))"); if python3 -c "import sys; sys.exit(0 if $d < $bestd else 1)"; then best=$c; bestd=$d; fi; done
  CLIENTS=$best
fi
echo "soak: $CLIENTS clients, $WINDOWS windows of $WINDOW s; logs in $WORK"
printf '%-7s %8s %7s %10s %12s %13s %9s %12s\n' window flows/s errors create_p99 complete_p99 heap_gc_MB db_MB db_KB/flow
flows0=$(sql "select count(*) from flow_status"); db0=$(sql "select pg_database_size('soak_mf')")
for w in $(seq 1 "$WINDOWS"); do
  $L --clients "$CLIENTS" --duration "$WINDOW" --warmup 0 >"$WORK/window-$w.txt" 2>&1
  r=$(grep '^RESULT' "$WORK/window-$w.txt")
  flows1=$(sql "select count(*) from flow_status"); db1=$(sql "select pg_database_size('soak_mf')")
  python3 - "$w" "$r" "$(heap_after_gc_mb)" "$flows0" "$flows1" "$db0" "$db1" <<'PY'
import sys
w, r, heap, f0, f1, d0, d1 = sys.argv[1:]
d = dict(kv.split('=') for kv in r.split()[1:] if '=' in kv)
flows = int(f1) - int(f0)
per_flow = (int(d1) - int(d0)) / 1024 / flows if flows else 0
print(f"{w:<7} {d['flows_per_s']:>8} {d['errors']:>7} {d.get('create_p99','-'):>10} {d.get('complete_p99','-'):>12} {heap:>13} "
      f"{int(d1)/1024/1024:>9.0f} {per_flow:>12.1f}")
PY
  flows0=$flows1; db0=$db1
done
