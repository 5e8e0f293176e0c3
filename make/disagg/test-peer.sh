#!/usr/bin/env bash
#
# `make test-peer`: runs a selection of OpenJDK's own jtreg suites (garbage
# collection, virtual threads, concurrency) against the Disagg JDK image,
# optionally with extra VM options, and prints pass/fail counts.  This is
# how we show that the disaggregated heap changes nothing a program can see:
#
#   make test-peer                                   # the baseline
#   make test-peer PEER_VM_OPTIONS="-XX:+UseDisaggregatedHeap -XX:DisaggLocalHeapLimit=64m"
#   make test-peer PEER_TESTS=test/jdk/java/util/stream PEER_COMPUTE_CARRIERS=2
#
# PEER_COMPUTE_CARRIERS=N starts a compute server with N carriers on loopback
# for the run and gives every test VM remote carriers, sending every stream
# leaf it can (PEER_MIN_LEAF_MICROS, default 0), so that upstream's stream
# tests check remote evaluation; the server's task count is printed at the end.
#
# PEER_TESTS replaces the selection (paths under the upstream test/ tree).
# The default takes about 25 minutes on 2 cores.

set -uo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"

bash "$DISAGG_TOP/make/disagg/build.sh" images test-image || exit 1
CONF_DIR=$(sed -n 's/^CONF_DIR := //p' "$DISAGG_TOP/build/config.mk")

default_tests="test/hotspot/jtreg/gc/g1
  test/jdk/java/lang/Thread/virtual
  test/jdk/java/util/concurrent/locks
  test/jdk/java/util/concurrent/atomic
  test/jdk/java/util/concurrent/ConcurrentHashMap
  test/jdk/java/util/concurrent/forkjoin
  test/jdk/java/util/concurrent/CompletableFuture
  test/jdk/java/util/concurrent/Executors
  test/jdk/java/util/concurrent/ThreadPoolExecutor"
tests=$(echo ${PEER_TESTS:-$default_tests})

# The virtual-thread stress tests take most of an hour on 2 cores; they are
# left out of the default run through an extra problem list.
problems=$CONF_DIR/disagg-peer-problems.txt
: > "$problems"
if [ -z "${PEER_TESTS:-}" ]; then
  # A file with several @test blocks needs one entry per test id (id=NAME,
  # or id<N> by position for unnamed blocks), or jtreg runs them anyway.
  (cd "$SRC_DIR/test/jdk" && grep -rl '@test' java/lang/Thread/virtual/stress --include=*.java) |
    while read -r f; do
      echo "$f 0000000 generic-all"
      awk -v f="$f" '/@test/ { id = ($0 ~ /@test[ \t]+id=/) ? $0 : ""; sub(/.*@test[ \t]+id=/, "", id); sub(/[ \t].*/, "", id);
                                print f "#" (id != "" ? id : "id" (n + 0)) " 0000000 generic-all"; n++ }' "$SRC_DIR/test/jdk/$f"
    done >> "$problems"
fi

vm_options=${PEER_VM_OPTIONS:-}
admin=""
if [ -n "${PEER_COMPUTE_CARRIERS:-}" ]; then
  cs=$CONF_DIR/disagg-peer-computeserver
  rm -rf "$cs"; mkdir -p "$cs"
  echo "peer-token-$RANDOM$RANDOM" > "$cs/token"; chmod 600 "$cs/token"
  mkfifo "$cs/stdin"
  UCX_TLS=${UCX_TLS:-tcp} UCX_NET_DEVICES=${UCX_NET_DEVICES:-lo} UCX_LOG_LEVEL=${UCX_LOG_LEVEL:-error} \
    "$CONF_DIR/images/jdk/bin/jdisagg" computeserver --listen 127.0.0.1:0 --admin-port 0 \
    --carriers "$PEER_COMPUTE_CARRIERS" --token-file "$cs/token" --exit-on-stdin-eof --log-level warn \
    < "$cs/stdin" > "$cs/server.out" 2> "$cs/server.log" &
  exec 8>"$cs/stdin"   # the server ends when this script does
  for _ in $(seq 50); do grep -q ready "$cs/server.out" 2>/dev/null && break; sleep 0.2; done
  server=$(sed -n 's/.*listen=\([^ ]*\).*/\1/p' "$cs/server.out")
  admin=$(sed -n 's/.* admin=\([^ ]*\).*/\1/p' "$cs/server.out")
  [ -n "$server" ] || die "the compute server did not start: $(cat "$cs/server.out" "$cs/server.log")"
  vm_options="$vm_options -XX:DisaggComputeServers=$server -XX:DisaggTokenFile=$cs/token"
  vm_options="$vm_options -Djdk.disagg.remote.minLeafMicros=${PEER_MIN_LEAF_MICROS:-0}"
fi
opts="TIMEOUT_FACTOR=4;EXTRA_PROBLEM_LISTS=$problems"
[ -n "${vm_options// /}" ] && opts="$opts;JAVA_OPTIONS=${vm_options# }"
PEER_VM_OPTIONS=${vm_options# }
log=$CONF_DIR/disagg-test-peer.log
msg "upstream suites: $tests"
msg "extra VM options: ${PEER_VM_OPTIONS:-(none)}; log: $log"
start=$SECONDS
rm -rf "$CONF_DIR/test-results"  # earlier runs' summaries would be counted again
make -C "$CONF_DIR" test TEST="$tests" JTREG="$opts" JOBS="$(nproc)" LOG=warn > "$log" 2>&1
summary=$CONF_DIR/test-results/test-summary.txt
[ -f "$summary" ] || { tail -30 "$log" >&2; die "no test summary; see $log"; }
sed -n '/TEST  *TOTAL/,/^====/p' "$summary"
read -r p f e s < <(awk '/^(>>|  ) *jtreg:/ { line = $0; if (NF < 6 && (getline more) > 0) line = line " " more; gsub(/<<|>>/, "", line); n = split(line, x, " "); p += x[3]; f += x[4]; e += x[5]; s += x[6] }
                         END { print p+0, f+0, e+0, s+0 }' "$summary")
failures=$(cat "$CONF_DIR"/test-results/jtreg_*/text/summary.txt 2>/dev/null | grep -E ' (Failed|Error)\.' | awk '{print $1}')
if [ -n "$failures" ]; then
  echo "Failed or in error:"
  printf '  %s\n' $failures
fi
if [ -n "$admin" ]; then
  tasks=$(curl -s "http://$admin/metrics" | awk '/^disagg_computeserver_tasks_total/ { n += $NF } END { print n + 0 }')
  msg "the compute server ran $tasks tasks (stream leaves) for the tests"
fi
msg "test-peer took $(( (SECONDS - start) / 60 )) min"
echo "$p passed, $((f + e)) failed, $s skipped"
[ $((f + e)) -eq 0 ]
