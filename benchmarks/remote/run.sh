#!/usr/bin/env bash
#
# `make bench-remote`: remote carriers, measured side by side (issue 6).
#
#   1. dispatch: round trip of an empty task (RemoteCarriers executor), p50 and p99;
#   2. stream:   a CPU-bound parallel stream with the home JVM pinned to core 0 and a
#                compute server (1 carrier) pinned to core 1, against the home JVM alone
#                on core 0 (medians of RUNS alternating runs; same result checked);
#      forkjoin: the same work as the program's own RecursiveTask in the common pool;
#   3. break-even: streams with less and less work, every leaf sent (minLeafMicros=0) and
#                with the runtime's own decision, to find where remote stops paying.
#
# Writes benchmarks/results/remote-DATE.md.  Needs 2 CPUs (taskset).
set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"
bash "$DISAGG_TOP/make/disagg/build.sh" images
JDK=$DISAGG_TOP/build/jdk
RUNS=${RUNS:-5}
export UCX_TLS=${UCX_TLS:-tcp} UCX_NET_DEVICES=${UCX_NET_DEVICES:-lo} UCX_LOG_LEVEL=${UCX_LOG_LEVEL:-error}
work=$(mktemp -d)
trap 'exec 9>&-; rm -rf "$work"' EXIT
"$JDK/bin/javac" -d "$work" "$DISAGG_TOP/benchmarks/remote/RemoteBench.java"
echo "bench-token-$RANDOM$RANDOM" > "$work/token"; chmod 600 "$work/token"

# The server ends when this script does (its stdin closes).
mkfifo "$work/stdin"
taskset -c 1 "$JDK/bin/jdisagg" computeserver --listen 127.0.0.1:0 --admin-port -1 --carriers 1 \
  --token-file "$work/token" --exit-on-stdin-eof --log-level warn < "$work/stdin" > "$work/server.out" 2>&1 &
exec 9>"$work/stdin"
for _ in $(seq 50); do grep -q ready "$work/server.out" && break; sleep 0.2; done
server=$(sed -n 's/.*listen=\([^ ]*\).*/\1/p' "$work/server.out")
[ -n "$server" ] || die "the compute server did not start: $(cat "$work/server.out")"
remote=(-XX:DisaggComputeServers="$server" -XX:DisaggTokenFile="$work/token")
home() { taskset -c 0 "$JDK/bin/java" -cp "$work" "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

msg "dispatch: empty-task round trip"
dispatch=$(home "${remote[@]}" RemoteBench dispatch 5000)

# side_by_side MODE N: home alone on core 0, home on core 0 + one remote carrier, and the floor
# (home alone on both cores), RUNS alternating runs each; appends a table row and the raw runs.
side_by_side() {
  local mode=$1 n=$2 l r b lm rm_ bm
  msg "$mode: CPU-bound, $n elements, home on one core, with and without one remote core ($RUNS runs each)"
  : > "$work/local"; : > "$work/remote"; : > "$work/both"
  for i in $(seq "$RUNS"); do
    l=$(home RemoteBench "$mode" 20 "$n"); r=$(home "${remote[@]}" RemoteBench "$mode" 20 "$n")
    b=$(taskset -c 0,1 "$JDK/bin/java" -cp "$work" RemoteBench "$mode" 20 "$n")
    [ "${l#* result=}" = "${r#* result=}" ] || die "results differ: $l / $r"
    echo "${l#*ms=}" | cut -d' ' -f1 >> "$work/local"; echo "${r#*ms=}" | cut -d' ' -f1 >> "$work/remote"
    echo "${b#*ms=}" | cut -d' ' -f1 >> "$work/both"
  done
  lm=$(median < "$work/local"); rm_=$(median < "$work/remote"); bm=$(median < "$work/both")
  rows_of[$mode]="${rows_of[$mode]:-}| $n | $lm ms | $rm_ ms | $(awk -v a="$lm" -v b="$rm_" 'BEGIN { printf "%.2fx", a / b }') | $bm ms | $(awk -v a="$lm" -v b="$bm" 'BEGIN { printf "%.2fx", a / b }') |"$'\n'
  runs_of[$mode]="${runs_of[$mode]:-}- $n elements: local $(paste -sd' ' "$work/local"); remote $(paste -sd' ' "$work/remote"); both cores $(paste -sd' ' "$work/both")"$'\n'
}
declare -A rows_of runs_of
for n in 200000 600000; do side_by_side stream "$n"; done
for n in 200000 600000; do side_by_side forkjoin "$n"; done

msg "break-even: streams of less and less work (1 us per element), local against remote"
rows=""
for n in 250 1000 4000 16000 64000; do
  l=$(home RemoteBench small 1 "$n" 15); f=$(home "${remote[@]}" -Djdk.disagg.remote.minLeafMicros=0 RemoteBench small 1 "$n" 15)
  d=$(home "${remote[@]}" RemoteBench small 1 "$n" 15)
  lu=${l#*us=}; lu=${lu%% *}; fu=${f#*us=}; fu=${fu%% *}; du=${d#*us=}; du=${du%% *}
  rows="$rows| $n | $lu | $fu | $(awk -v a="$lu" -v b="$fu" 'BEGIN { printf "%.2f", a / b }') | $du | $(awk -v a="$lu" -v b="$du" 'BEGIN { printf "%.2f", a / b }') |"$'\n'
done

out=$DISAGG_TOP/benchmarks/results/remote-$(date -u +%F)-$(hostname -s 2>/dev/null || echo host).md
{
  echo "# Remote carriers ($(date -u +%F), $(nproc) CPUs, loopback tcp, \`make bench-remote\`)"
  echo
  echo "Home JVM pinned to core 0 (\`taskset -c 0\`), compute server with one carrier pinned to core 1."
  echo
  echo "## Dispatch of an empty task (RemoteCarriers executor, 5000 round trips)"
  echo
  echo "\`$dispatch\` (target: p50 at most 100 us)"
  echo
  echo "## CPU-bound parallel stream of elements of about 20 us (medians of $RUNS)"
  echo
  echo "| elements | home alone, 1 core | home 1 core + 1 remote carrier | speed-up | floor: home alone on both cores | its speed-up |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "${rows_of[stream]}"
  echo
  echo "Runs (ms):"
  printf '%s' "${runs_of[stream]}"
  echo
  echo "Target: at least 1.7x. The physical floor is the same JVM given both cores. Each run is a new"
  echo "client session, whose classes the server loads and compiles afresh (per-client class loaders);"
  echo "a longer stream amortizes that and the first leaves, measured at home while the server waits."
  echo
  echo "## The same work as the program's own RecursiveTask in the common pool (medians of $RUNS)"
  echo
  echo "| elements | home alone, 1 core | home 1 core + 1 remote carrier | speed-up | floor: home alone on both cores | its speed-up |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "${rows_of[forkjoin]}"
  echo
  echo "Runs (ms):"
  printf '%s' "${runs_of[forkjoin]}"
  echo
  echo "## Break-even: one stream of N elements of about 1 us (median of 15 evaluations in one JVM)"
  echo
  echo "Forced: every leaf that may go is sent (\`-Djdk.disagg.remote.minLeafMicros=0\`); default: the"
  echo "runtime's own decision (a leaf goes when its estimated time here is at least 20 empty round trips)."
  echo
  echo "| elements | home alone (us) | forced remote (us) | speed-up | default policy (us) | speed-up |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$rows"
} > "$out"
cat "$out"
msg "written: $out"
