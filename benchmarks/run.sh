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
# The plot needs matplotlib (Debian: python3-matplotlib, for Debian's own
# python3, which a pyenv or venv on PATH would hide); without it the tables
# are still written.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if ! $py -c 'import matplotlib' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    run_logged "installing python3-matplotlib for the plot" "$LOG_DIR/apt-matplotlib.log" \
      sh -c "apt-get install -y --no-install-recommends python3-matplotlib || { apt-get update && apt-get install -y --no-install-recommends python3-matplotlib; }"
  else
    msg "python3-matplotlib is missing: no plot (sudo apt-get install python3-matplotlib)"
  fi
fi
$py "$DISAGG_TOP/benchmarks/bench.py" "${1:-quick}"
