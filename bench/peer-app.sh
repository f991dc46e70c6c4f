# Sourced by the benchmark scripts that drive one masterflow jar with the peer's loader (../shared/peer/Loader.java):
# the machine's PostgreSQL (started if down, user postgres/postgres on loopback), a fresh database, the jar on it with
# the peer's flow type, a flow-operator token for the loader and a platform-operator one for the metrics.
#   peer_app NAME PORT     sets WORK, APP (the JVM's pid), MPORT, ENG, TOKEN, OPERATOR and L (the loader command)
#   peer_flowable          the peer's Flowable app instead (FLOWABLE_JAR, its own database peer_flowable, port 18090):
#                          sets WORK, APP and L
# The caller sets PEER (default ../shared/peer), JAR (default standalone/target/masterflow.jar) and may set ARGS (more
# arguments for the jar) and MF_JVM (JVM options).
PEER=${PEER:-$(cd "$(dirname "$0")/../.." && pwd)/shared/peer}
JAR=$(readlink -f "${JAR:-standalone/target/masterflow.jar}")

# the machine's PostgreSQL up, a fresh database NAME, and WORK with the loader compiled in it
peer_database() {
  local name=$1 pgv
  [ -f "$PEER/Loader.java" ] || { echo "no peer in $PEER (set PEER)" >&2; exit 2; }
  pgv=$(ls /etc/postgresql | sort -n | tail -1)
  pg_lsclusters -h | grep -q online || pg_ctlcluster --skip-systemctl-redirect "$pgv" main start
  for i in $(seq 1 20); do su postgres -c "psql -Atc 'select 1'" >/dev/null 2>&1 && break; sleep 0.5; done
  su postgres -c "psql -qc \"alter user postgres password 'postgres'\"" >/dev/null
  su postgres -c "psql -q -c 'drop database if exists $name' -c 'create database $name'" >/dev/null 2>&1
  WORK=$(mktemp -d "/tmp/$name.XXXX"); mkdir -p "$WORK/app" "$WORK/loader"
  javac -d "$WORK/loader" "$PEER/Loader.java" || exit 1
}

peer_app() {
  local name=$1 port=$2
  [ -f "$JAR" ] || { echo "no $JAR: build it first" >&2; exit 2; }
  peer_database "$name"; MPORT=$((port + 1000))
  (cd "$WORK/app" && exec java ${MF_JVM:-} -jar "$JAR" --server.port=$port --server.address=127.0.0.1 --management.server.port=$MPORT \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$name --spring.datasource.username=postgres \
    --spring.datasource.password=postgres --masterflow.flow-types.external-dir="$PEER/flowtypes" \
    --management.metrics.distribution.percentiles-histogram.http.server.requests=true ${ARGS:-} >"$WORK/app.log" 2>&1) &
  APP=$!; trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null' EXIT
  until curl -sf -o /dev/null http://127.0.0.1:$port/actuator/health; do
    kill -0 $APP 2>/dev/null || { tail -20 "$WORK/app.log"; exit 1; }; sleep 1; done
  ENG=22222222-2222-2222-2222-222222222222
  TOKEN=$(java -jar "$JAR" token --data-dir "$WORK/app/data" --account 11111111-1111-1111-1111-111111111111 --engagement $ENG \
    --role flow-operator --role flow-viewer --user bench 2>/dev/null | tail -1)
  OPERATOR=$(java -jar "$JAR" token --data-dir "$WORK/app/data" --role platform-operator --user bench 2>/dev/null | tail -1)
  L="java -Xss256k -cp $WORK/loader Loader masterflow --url http://127.0.0.1:$port --token $TOKEN --engagement $ENG"
}

peer_flowable() {
  local jar=${FLOWABLE_JAR:?set FLOWABLE_JAR to the Flowable jar of the peer (bench/side-by-side.sh builds one)}
  peer_database peer_flowable
  (cd "$WORK/app" && exec java -jar "$jar" >"$WORK/app.log" 2>&1) &
  APP=$!; trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null' EXIT
  until curl -sf -o /dev/null "http://127.0.0.1:18090/process-api/repository/process-definitions?key=discovery"; do
    kill -0 $APP 2>/dev/null || { tail -20 "$WORK/app.log"; exit 1; }; sleep 1; done
  L="java -cp $WORK/loader Loader flowable"
}
