#!/usr/bin/env bash
# `make bench` (quick) and `make bench-full`: builds what is needed, then
# runs the benchmark suite (benchmarks/bench.py) and updates RESULTS.md's
# pointer to the newest result. Needs root for the kernel-swap baseline
# (cgroup v1 + a swap file, both undone afterwards).
set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"
bash "$DISAGG_TOP/make/disagg/build.sh" images
python3 "$DISAGG_TOP/benchmarks/bench.py" "${1:-quick}"
