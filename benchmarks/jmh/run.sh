#!/usr/bin/env bash
#
# JMH microbenchmarks (jmh 1.37), side by side in one session:
#
#   FaultBench   random and sequential reads of a 256 MiB old-generation live
#                set: all-local against a 64 MiB local limit (faults, fetches),
#                with faults resolved by the faulting thread (the default) and
#                by a userfaultfd handler thread
#   AllocBench   allocation with and without retention: the fork with the
#                feature off, the fork under a 64 MiB limit, and the unpatched
#                upstream build (benchmarks/upstream.sh), if there is one, for
#                the cost of the feature compiled in but off
#
#   bash benchmarks/jmh/run.sh          # about 8 minutes
#
# Writes benchmarks/results/jmh-<date>-<host>.md and prints it.
set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"
JDK=$DISAGG_TOP/build/jdk
[ -x "$JDK/bin/java" ] || bash "$DISAGG_TOP/make/disagg/build.sh" images
UPSTREAM=${UPSTREAM_JDK:-$DISAGG_BUILD_ROOT/upstream-$PIN_VERSION/images/jdk}
out_dir=$DISAGG_TOP/benchmarks/results
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$DISAGG_TOP/benchmarks/jmh" && maven "$JDK" -q package) > "$work/maven.log" 2>&1 ||
  { tail -30 "$work/maven.log" >&2; die "building the JMH benchmarks failed"; }
cp_jmh="$DISAGG_TOP/benchmarks/jmh/target/disagg-jmh-1.jar:$DISAGG_TOP/benchmarks/jmh/target/lib/*"
export UCX_TLS=tcp UCX_NET_DEVICES=lo UCX_LOG_LEVEL=error

# bench <label> <java> <benchmark regex> <jvm args...>; the first configuration
# of each benchmark is the baseline of its rows.
n=0
bench() {
  local label=$1 java=$2 regex=$3; shift 3
  msg "JMH: $label"
  n=$((n + 1))
  "$JDK/bin/java" -cp "$cp_jmh" org.openjdk.jmh.Main "$regex" -jvm "$java/bin/java" \
      -jvmArgs "$*" -rf json -rff "$work/$(printf %02d $n)-$label.json" > "$work/$label.log" 2>&1 ||
    { tail -30 "$work/$label.log" >&2; die "JMH run '$label' failed"; }
}

bench fault-local "$JDK" 'FaultBench' -Xmx1g -Xms1g -XX:+UseG1GC
bench fault-disagg-64m "$JDK" 'FaultBench' -Xmx1g -Xms1g -XX:+UseG1GC -XX:+UseDisaggregatedHeap \
  -XX:DisaggLocalHeapLimit=64m
# The fault-path design choice, measured in the VM: a userfaultfd handler
# thread instead of the faulting thread resolving its own fault.
bench fault-disagg-64m-handler-thread "$JDK" 'FaultBench' -Xmx1g -Xms1g -XX:+UseG1GC -XX:+UseDisaggregatedHeap \
  -XX:DisaggLocalHeapLimit=64m -XX:+UnlockDiagnosticVMOptions -XX:DisaggFaultHandler=thread
bench alloc-fork-off "$JDK" 'AllocBench' -Xmx512m -Xms512m -XX:+UseG1GC
bench alloc-fork-disagg-64m "$JDK" 'AllocBench' -Xmx512m -Xms512m -XX:+UseG1GC -XX:+UseDisaggregatedHeap \
  -XX:DisaggLocalHeapLimit=64m
if [ -x "$UPSTREAM/bin/java" ]; then
  bench alloc-upstream "$UPSTREAM" 'AllocBench' -Xmx512m -Xms512m -XX:+UseG1GC
else
  msg "no upstream build at $UPSTREAM: the feature-off comparison is skipped (bash benchmarks/upstream.sh)"
fi

stem=$out_dir/jmh-$(date -u +%Y-%m-%d)-$(hostname -s)
mkdir -p "$out_dir"
python3 - "$work" "$stem.md" <<'EOF'
import json, os, sys
work, out = sys.argv[1], sys.argv[2]
rows = {}
for f in sorted(os.listdir(work)):
    if not f.endswith(".json"):
        continue
    label = f[3:-5]  # files are numbered in run order
    for r in json.load(open(os.path.join(work, f))):
        m = r["primaryMetric"]
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        rows.setdefault(name, []).append((label, m["score"], m["scoreError"], m["scoreUnit"]))
lines = ["# JMH microbenchmarks", "",
         "One session, one fork per cell, 5 x 2 s measured after 2 x 2 s warm-up; score +- JMH's 99.9% error.",
         "UCX over loopback tcp; the memory server is the embedded default.", "",
         "| benchmark | configuration | score | unit | vs the first configuration |", "|---|---|---|---|---|"]
for name, cells in rows.items():
    base = cells[0][1]
    for label, score, err, unit in cells:
        lines.append(f"| {name} | {label} | {score:.3f} +- {err:.3f} | {unit} | {score / base:.2f}x |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
msg "written: $stem.md"
