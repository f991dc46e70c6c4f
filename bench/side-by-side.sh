#!/usr/bin/env bash
# masterflow against the Flowable peer (../shared/peer, see its README.md), like the peer's side-by-side.sh, but with
# several masterflow jars in one sitting (a baseline and a change) and two more figures per run: the CPU of the app
# and of its own PostgreSQL backends per HTTP call, and the PostgreSQL transactions (xact_commit of its database,
# reads in autocommit included) per HTTP call.
#
#   bench/side-by-side.sh [CLIENTS] [SECONDS]            from the project's root, after ./mvnw -B -o -q -DskipTests package -pl standalone -am
#   JARS="base=/tmp/masterflow-base.jar new=standalone/target/masterflow.jar" bench/side-by-side.sh 1,8,32,1 20
#   ARGS_new="--masterflow.processors.batch-fill-wait=0" ...   extra arguments for the jar named new
#
# CLIENTS is a comma list (default 1,8,32); a 1 at the end measures one client again, once every JVM is warm.
# Each run's line: flows/s, calls/s, errors, the machine's busy share (shared with whatever else runs), own CPU per
# call (app JVM + its backends; the busy share is not comparable when another build runs), commits per call, p99s
# and the load average. Ratios are what to compare: absolute figures move with the machine's other load.
set -u
PEER=${PEER:-$(cd "$(dirname "$0")/../.." && pwd)/shared/peer}; MAIN=$(pwd); CLIENTS=${1:-1,8,32}; DUR=${2:-20}
JARS=${JARS:-"cur=$MAIN/standalone/target/masterflow.jar"}
[ -f "$PEER/Loader.java" ] || { echo "no peer in $PEER (set PEER)" >&2; exit 2; }
PGV=$(ls /etc/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q online || pg_ctlcluster --skip-systemctl-redirect "$PGV" main start
for i in $(seq 1 20); do su postgres -c "psql -Atc 'select 1'" >/dev/null 2>&1 && break; sleep 0.5; done
su postgres -c "psql -qc \"alter user postgres password 'postgres'\"" >/dev/null
WORK=$(mktemp -d /tmp/side-by-side.XXXX)
dbs="peer_flowable"; for j in $JARS; do dbs="$dbs peer_mf_${j%%=*}"; done
for db in $dbs; do su postgres -c "psql -q -c 'drop database if exists $db' -c 'create database $db'" >/dev/null; done
FJAR=${FLOWABLE_JAR:-$WORK/flowable/target/peer-flowable.jar}
if [ ! -f "$FJAR" ]; then
  cp -r "$PEER/flowable" "$WORK/flowable"
  (cd "$WORK/flowable" && "$MAIN/mvnw" -q -B -DskipTests package) >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
fi
mkdir -p "$WORK/loader" && javac -d "$WORK/loader" "$PEER/Loader.java" || exit 1
L="java -cp $WORK/loader Loader"
java -jar "$FJAR" >"$WORK/flowable.log" 2>&1 & FPID=$!
PIDS="$FPID"; port=18080; declare -A PORT TOK JPID; JPID[flowable]=$FPID
for j in $JARS; do n=${j%%=*}; jar=$(readlink -f "${j#*=}"); port=$((port+1)); PORT[$n]=$port
  mkdir -p "$WORK/$n"
  extra=ARGS_$n
  (cd "$WORK/$n" && exec java ${MF_JVM:-} -jar "$jar" --server.port=$port --server.address=127.0.0.1 \
   --management.server.port=$((port+1000)) \
   --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/peer_mf_$n --spring.datasource.username=postgres \
   --spring.datasource.password=postgres --masterflow.flow-types.external-dir="$PEER/flowtypes" ${!extra:-} >"$WORK/$n.log" 2>&1) &
  PIDS="$PIDS $!"; JPID[$n]=$!
done
trap 'kill $PIDS 2>/dev/null; wait $PIDS 2>/dev/null' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:18090/process-api/repository/process-definitions?key=discovery"; do
  kill -0 $FPID 2>/dev/null || { tail -20 "$WORK/flowable.log"; exit 1; }; sleep 1; done
ENG=22222222-2222-2222-2222-222222222222
for j in $JARS; do n=${j%%=*}; jar=$(readlink -f "${j#*=}")
  until curl -sf -o /dev/null http://127.0.0.1:${PORT[$n]}/actuator/health; do
    kill -0 ${JPID[$n]} 2>/dev/null || { tail -20 "$WORK/$n.log"; exit 1; }; sleep 1; done
  TOK[$n]=$(java -jar "$jar" token --data-dir "$WORK/$n/data" --account 11111111-1111-1111-1111-111111111111 \
   --engagement $ENG --role flow-operator --user peer 2>/dev/null | tail -1)
done
commits() { su postgres -c "psql -Atc \"select xact_commit from pg_stat_database where datname='$1'\""; }
ticks() { local t=0; for q in "$@"; do t=$((t + $(awk '{print $14+$15}' /proc/$q/stat 2>/dev/null || echo 0))); done; echo $t; }
run() { # name, database, app pid, loader command...
  local name=$1 db=$2 pid=$3; shift 3
  B=$(pgrep -f "postgres: $PGV/main: postgres $db " | tr '\n' ' ')
  c0=$(commits $db); j0=$(ticks $pid); b0=$(ticks $B)
  full=$("$@"); c1=$(commits $db); j1=$(ticks $pid); b1=$(ticks $B)
  python3 - "$name" "$(echo "$full" | grep '^RESULT')" "$(echo "$full" | grep -o 'busy in the window: [0-9]*%' | grep -o '[0-9]*')" \
      "$((c1-c0))" "$DUR" "$(cut -d' ' -f1-3 /proc/loadavg)" "$((j1-j0))" "$((b1-b0))" "$(getconf CLK_TCK)" <<'PY'
import sys
name, out, busy, commits, dur, load, jt, bt, hz = sys.argv[1:]
d = dict(kv.split('=') for kv in out.split()[1:] if '=' in kv)
ops = float(d['ops_per_s']); calls = ops * (int(dur) + 5)  # the counters include the loader's 5 s warm-up
per = lambda x: x / calls if calls else 0
tick_ms = 1000 / int(hz)
print(f"{name:10s} clients={d['clients']:>3} flows/s={d['flows_per_s']:>6} calls/s={ops:7.1f} errors={d['errors']} "
      f"machine_busy={busy or 0}% own_cpu_ms/call={per((int(jt) + int(bt)) * tick_ms):.2f} (app {per(int(jt) * tick_ms):.2f}) "
      f"commits/call={per(int(commits)):.2f} p99 create={d.get('create_p99')} complete={d.get('complete_p99')} load={load}")
PY
}
echo "warm-up, 30 s each at 8 clients (not reported)"
$L flowable --clients 8 --duration 30 --warmup 0 >/dev/null
for j in $JARS; do n=${j%%=*}
  $L masterflow --url http://127.0.0.1:${PORT[$n]} --token ${TOK[$n]} --engagement $ENG --clients 8 --duration 30 --warmup 0 >/dev/null; done
for c in ${CLIENTS//,/ }; do
  run flowable peer_flowable $FPID $L flowable --clients $c --duration $DUR --warmup 5
  for j in $JARS; do n=${j%%=*}
    run "mf-$n" peer_mf_$n ${JPID[$n]} $L masterflow --url http://127.0.0.1:${PORT[$n]} --token ${TOK[$n]} \
        --engagement $ENG --clients $c --duration $DUR --warmup 5
  done
done
echo "logs: $WORK"
