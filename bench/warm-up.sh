#!/usr/bin/env bash
# How long a fresh JVM compiles before it runs at speed: the peer's loader with 8 clients against a freshly started
# masterflow jar (or the Flowable peer), and per window of 30 s the CPU of the C2 compiler threads, the whole JVM's
# CPU and the calls made. The side-by-side run takes its points while this is going on.
#
#   bench/warm-up.sh                           masterflow (JAR, default standalone/target/masterflow.jar)
#   ENGINE=flowable FLOWABLE_JAR=/path/peer-flowable.jar bench/warm-up.sh
#   WINDOWS=10 bench/warm-up.sh                windows of 30 s (7 by default)
#   PROFILE=/path/libasyncProfiler.so bench/warm-up.sh
#                                              masterflow with async-profiler (tools.profiler:async-profiler, Maven
#                                              Central) as an agent: collapsed stacks per 30 s of the JVM's life in a
#                                              folder of their own, and the latest one's CPU per thread group
#
# The app runs on the machine's PostgreSQL (bench/peer-app.sh; Flowable on its own database, as the side-by-side).
set -u
WINDOWS=${WINDOWS:-7}; ENGINE=${ENGINE:-masterflow}
. "$(dirname "$0")/peer-app.sh"
if [ "$ENGINE" = flowable ]; then
  peer_flowable
else
  if [ -n "${PROFILE:-}" ]; then
    PROFILES=$(mktemp -d /tmp/warm-up-profile.XXXX)
    MF_JVM="${MF_JVM:-} -agentpath:$PROFILE=start,event=itimer,interval=5ms,threads,collapsed,loop=30s,file=$PROFILES/%t.txt"
  fi
  peer_app warmup_mf "${PORT:-18585}"
fi
# per thread: "name ticks" (utime + stime), names without their numbers so that a pool's threads add up
threads() { for t in /proc/$APP/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' <"$t/comm" | sed -E 's/[-#_]?[0-9]+$//')" "$(sed -E 's/.*\) //' "$t/stat" | awk '{print $12 + $13}')"
  done 2>/dev/null | awk '{s[$1] += $2} END {for (n in s) print n, s[n]}' | sort; }
c2() { threads | awk '/^C2_/ {s += $2} END {print s + 0}'; }
jvm() { awk '{print $14 + $15}' "/proc/$APP/stat"; }
hz=$(getconf CLK_TCK)
$L --clients 8 --duration $((WINDOWS * 30)) --warmup 0 >"$WORK/loader.txt" 2>&1 & LOADER=$!
c=$(c2); j=$(jvm); threads >"$WORK/threads-0"
for w in $(seq 1 "$WINDOWS"); do
  sleep 30; c1=$(c2); j1=$(jvm)
  awk -v w=$w -v c=$((c1 - c)) -v j=$((j1 - j)) -v hz="$hz" -v e="$ENGINE" \
    'BEGIN {printf "WINDOW engine=%s from_s=%d c2_cpu_s=%.1f jvm_cpu_s=%.1f c2_share=%.0f%%\n", e, (w - 1) * 30, c / hz, j / hz, j ? 100 * c / j : 0}'
  c=$c1; j=$j1
done
threads >"$WORK/threads-end"; wait $LOADER; grep '^RESULT' "$WORK/loader.txt"
# the latest 30 s the profiler finished (its windows count from the JVM's start): CPU per thread group
if [ -n "${PROFILE:-}" ]; then
  last=$(ls -t "$PROFILES"/*.txt 2>/dev/null | head -1)
  [ -n "$last" ] && python3 - "$last" <<'PY'
import re, sys, collections
groups = collections.Counter()
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip().rpartition(' ')
    groups[re.sub(r'[-#]?\d+\]?$', '', stack.split(';')[0].strip('[]').split(' tid=')[0])] += int(n)
total = sum(groups.values())
print("PROFILE " + sys.argv[1] + ": " + ", ".join(f"{g} {100 * n / total:.1f}%" for g, n in groups.most_common(8)))
PY
  echo "collapsed stacks per 30 s (for a flame graph): $PROFILES"
fi
echo "logs: $WORK"
