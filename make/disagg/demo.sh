#!/usr/bin/env bash
#
# `make demo`: builds what is needed, then runs an unmodified program
# (benchmarks/workloads/LinkedLiveSet.java, a large linked live set) on the
# built JDK and prints its answer.
#
# Interim: until the far-memory heap lands (issue 4) this runs the program
# with an all-local heap; the demo will then run it a second time with
# -XX:+UseDisaggregatedHeap on the embedded memory server, with a live set
# four times the local limit, and check that both answers are equal.

set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"
bash "$DISAGG_TOP/make/disagg/build.sh" images
JAVA=$DISAGG_TOP/build/jdk/bin/java
"$JAVA" -version 2>&1 | sed 's/^/  /'
msg "running LinkedLiveSet (256 MiB live set) with an all-local heap"
"$JAVA" -Xmx1g "$DISAGG_TOP/benchmarks/workloads/LinkedLiveSet.java" 256 2
msg "the disaggregated heap is not in this build yet; see docs/status.md"
