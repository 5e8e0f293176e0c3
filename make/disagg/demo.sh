#!/usr/bin/env bash
#
# `make demo`: builds what is needed, then runs an unmodified program with a
# large linked live set (benchmarks/workloads/LinkedLiveSet.java) twice on
# the built JDK:
#
#   1. with an all-local heap;
#   2. with -XX:+UseDisaggregatedHeap on the embedded default (the VM starts
#      a memory server on loopback itself), keeping at most a quarter of the
#      live set locally;
#
# and shows the program's answer, the pager's summary, and whether the two
# answers are equal. DEMO_LIVE_MB and DEMO_LIMIT change the sizes.

set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"
bash "$DISAGG_TOP/make/disagg/build.sh" images

JAVA=$DISAGG_TOP/build/jdk/bin/java
PROGRAM=$DISAGG_TOP/benchmarks/workloads/LinkedLiveSet.java
LIVE=${DEMO_LIVE_MB:-512}
LIMIT=${DEMO_LIMIT:-128m}
HEAP=$((LIVE * 2))m
# Loopback tcp: the network path, as between machines.
export UCX_TLS=${UCX_TLS:-tcp} UCX_NET_DEVICES=${UCX_NET_DEVICES:-lo} UCX_LOG_LEVEL=${UCX_LOG_LEVEL:-error}

echo
"$JAVA" -version 2>&1 | sed 's/^/  /'
echo
echo "== 1. LinkedLiveSet, ${LIVE} MiB live set, all-local heap (-Xmx$HEAP)"
local_out=$("$JAVA" -Xmx"$HEAP" "$PROGRAM" "$LIVE" 2 2>&1)
printf '%s\n' "$local_out" | sed 's/^/  /'

echo
echo "== 2. The same, unmodified, with -XX:+UseDisaggregatedHeap -XX:DisaggLocalHeapLimit=$LIMIT"
echo "      (no -XX:DisaggMemoryServers: the embedded default)"
far_out=$("$JAVA" -Xmx"$HEAP" -XX:+UseDisaggregatedHeap -XX:DisaggLocalHeapLimit="$LIMIT" \
          -Xlog:disagg=info,disagg+init=info:stdout:uptime "$PROGRAM" "$LIVE" 2 2>&1)
printf '%s\n' "$far_out" | sed 's/^/  /'

a=$(printf '%s\n' "$local_out" | sed -n 's/^checksum //p')
b=$(printf '%s\n' "$far_out" | sed -n 's/^checksum //p')
echo
if [ -n "$a" ] && [ "$a" = "$b" ]; then
  echo "== The answers are equal ($a): the program computed the same with three quarters of its heap remote."
else
  echo "== The answers DIFFER: all-local '$a', disaggregated '$b'"
  exit 1
fi
