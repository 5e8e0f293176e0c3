#!/usr/bin/env bash
#
# `make test-peer`: runs a selection of OpenJDK's own jtreg suites (garbage
# collection, virtual threads, concurrency) against the Disagg JDK image,
# optionally with extra VM options, and prints pass/fail counts.  This is
# how we show that the disaggregated heap changes nothing a program can see:
#
#   make test-peer                                   # the baseline
#   make test-peer PEER_VM_OPTIONS="-XX:+UseDisaggregatedHeap -XX:DisaggLocalHeapLimit=64m"
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

opts="TIMEOUT_FACTOR=4;EXTRA_PROBLEM_LISTS=$problems"
[ -n "${PEER_VM_OPTIONS:-}" ] && opts="$opts;JAVA_OPTIONS=$PEER_VM_OPTIONS"
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
msg "test-peer took $(( (SECONDS - start) / 60 )) min"
echo "$p passed, $((f + e)) failed, $s skipped"
[ $((f + e)) -eq 0 ]
