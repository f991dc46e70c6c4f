#!/usr/bin/env bash
# Statements and transactions per HTTP call of one masterflow jar doing the peer's job (../shared/peer), counted from
# PostgreSQL's statement log of the jar's own database: counts that the machine's other load does not change (except
# through the call rate: what runs every second whatever the traffic is shared by fewer calls when the rate is low).
#
#   bench/statements-per-call.sh NAME JAR [PORT] [CLIENTS]     from the project's root; CLIENTS default 0,1,8
#   bench/statements-per-call.sh base /tmp/masterflow-base.jar 18281 && bench/statements-per-call.sh new standalone/target/masterflow.jar 18283
#
# A fresh database stmt_NAME with log_statement=all set before the app connects (a session keeps the settings it
# started with), the loader 30 s at 8 clients to warm up, then one window per client count: 20 s of load after the
# loader's 5 s warm-up, or with 0 an idle window of 25 s. Per window: calls/s, commits per call (xact_commit), the
# BEGIN ... COMMIT transactions and the other statements per call, sorted by what they are.
set -u
name=$1 jar=$(readlink -f "$2") port=${3:-18281} CLIENTS=${4:-0,1,8}
PEER=${PEER:-$(cd "$(dirname "$0")/../.." && pwd)/shared/peer}; db=stmt_$name; ENG=22222222-2222-2222-2222-222222222222
PGV=$(ls /etc/postgresql | sort -n | tail -1); LOG=/var/log/postgresql/postgresql-$PGV-main.log
WORK=$(mktemp -d /tmp/statements.XXXX); mkdir -p "$WORK/app" "$WORK/loader"
javac -d "$WORK/loader" "$PEER/Loader.java" || exit 1; L="java -cp $WORK/loader Loader"
su postgres -c "psql -q -c 'drop database if exists $db' -c 'create database $db'" >/dev/null
su postgres -c "psql -qc \"alter database $db set log_statement='all'\"" >/dev/null
(cd "$WORK/app" && exec java ${MF_JVM:-} -jar "$jar" --server.port=$port --server.address=127.0.0.1 \
  --management.server.port=$((port+1000)) --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db \
  --spring.datasource.username=postgres --spring.datasource.password=postgres \
  --masterflow.flow-types.external-dir="$PEER/flowtypes" >"$WORK/app.log" 2>&1) &
APP=$!; trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; su postgres -c "psql -qc \"alter database $db reset log_statement\"" >/dev/null' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$((port+1000))/actuator/health; do
  kill -0 $APP 2>/dev/null || { tail -20 "$WORK/app.log"; exit 1; }; sleep 1; done
TOK=$(cd "$WORK/app" && java -jar "$jar" token --data-dir "$WORK/app/data" --account 11111111-1111-1111-1111-111111111111 \
  --engagement $ENG --role flow-operator --user peer 2>/dev/null | tail -1)
$L masterflow --url http://127.0.0.1:$port --token "$TOK" --engagement $ENG --clients 8 --duration 30 --warmup 0 >/dev/null
commits() { su postgres -c "psql -Atc \"select xact_commit from pg_stat_database where datname='$db'\""; }
for c in ${CLIENTS//,/ }; do
  l0=$(wc -l < "$LOG"); c0=$(commits)
  if [ "$c" = 0 ]; then sleep 25; out="RESULT clients=0 ops_per_s=0"
  else out=$($L masterflow --url http://127.0.0.1:$port --token "$TOK" --engagement $ENG --clients $c --duration 20 --warmup 5 | grep '^RESULT'); fi
  c1=$(commits); sleep 1
  tail -n +$((l0+1)) "$LOG" | grep "@$db " > "$WORK/log.$c"
  python3 - "$name" "$c" "$out" "$((c1-c0))" "$WORK/log.$c" <<'PY'
import collections, re, sys
name, clients, out, commits, log = sys.argv[1:]
d = dict(kv.split('=') for kv in out.split()[1:] if '=' in kv)
calls = float(d['ops_per_s']) * 25  # the counters include the loader's 5 s warm-up
kinds = collections.Counter()
for line in open(log, errors='replace'):
    m = re.search(r'LOG:  (?:statement|execute [^:]*): (.*)', line)
    if not m:
        continue
    sql = m.group(1).strip(); low = sql.lower()
    kind = ('BEGIN' if low.startswith('begin') else 'COMMIT' if low.startswith('commit') else
            'ROLLBACK' if low.startswith('rollback') else
            'store look ahead' if 'min(globalindex)' in low else
            'store read' if re.search(r'from domainevententry where \( ?globalindex', low) else
            'event append' if low.startswith('insert into domainevententry') else
            'token table' if 'token_entry' in low or 'tokenentry' in low else
            'legacy id' if 'legacy_flow_id' in low else 'other')
    kinds[kind] += 1
if calls == 0:
    print(f"{name} idle 25 s: commits={commits} " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
else:
    rest = sum(v for k, v in kinds.items() if k not in ('BEGIN', 'COMMIT', 'ROLLBACK'))
    print(f"{name} clients={clients} calls/s={float(d['ops_per_s']):.1f} per call: commits={int(commits) / calls:.2f} "
          f"transactions={kinds['COMMIT'] / calls:.2f} statements={rest / calls:.2f} (" +
          ", ".join(f"{k} {v / calls:.2f}" for k, v in kinds.most_common() if k not in ('BEGIN', 'COMMIT')) + ")")
PY
done
echo "logs: $WORK"
