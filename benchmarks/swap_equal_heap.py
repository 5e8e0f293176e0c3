#!/usr/bin/env python3
#
# Copyright (c) 2026, Disagg JDK Project. All rights reserved.
# DO NOT ALTER OR REMOVE COPYRIGHT NOTICES OR THIS FILE HEADER.
#
# The kernel-swap cells of `make bench` limit the whole process (a memory
# cgroup) to the disaggregated run's peak RSS. The kernel then keeps as much
# of the *heap* resident as it likes, swapping out cold non-heap pages
# (code, metaspace, the CDS archive) instead. This script measures how much
# heap that is, and runs the disaggregated heap with that much local heap,
# side by side: the comparison for the same heap memory rather than the same
# machine memory.
#
# Usage (root, cgroup v1 memory controller; the JDK of build/jdk):
#   benchmarks/swap_equal_heap.py NAME XMX CGROUP_LIMIT_MIB HEAP_LIMIT_MIB RUNS WORKLOAD-ARGS...
#   e.g. benchmarks/swap_equal_heap.py caffeine 192m 119 100 5 disagg.bench.Workloads caffeine 64
#
# Per run, interleaved: all-local, the cgroup with swap (sampled every 20 ms:
# the Rss and Swap of the mappings inside the heap's reservation), and the
# disaggregated heap with -XX:DisaggLocalHeapLimit=HEAP_LIMIT_MIB.

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the cgroup, swap file and class path of make bench)


def sample_heap(pid, heap_range):
    """Rss and Swap (KiB) of the mappings inside the heap's reservation, or None."""
    rss = swap = 0
    inside = False
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                first = line.split(None, 1)[0]
                if not first.endswith(":"):
                    inside = heap_range[0] <= int(first.split("-")[0], 16) < heap_range[1]
                elif inside and first == "Rss:":
                    rss += int(line.split()[1])
                elif inside and first == "Swap:":
                    swap += int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return rss, swap


def run(java, opts, args, in_cgroup, sample):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "heap.log")
        cmd = [java] + opts + [bench.heap_log_option(log), "-cp", bench.classpath()] + args
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, env=bench.VM_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             preexec_fn=bench.join_cgroup if in_cgroup else None)
        heap, samples = None, []
        while p.poll() is None:
            time.sleep(0.02)
            if not sample:
                continue
            heap = heap or bench.heap_range(log)
            if heap is None:
                continue
            s = sample_heap(p.pid, heap)
            if s:
                samples.append(s)
        out = p.stdout.read()
        elapsed = time.monotonic() - t0
    m = re.search(r"checksum ([0-9a-f]+)", out)
    if p.returncode != 0 or not m:
        return None, None, samples
    return elapsed, m.group(1), samples


def main():
    if len(sys.argv) < 7:
        sys.exit(__doc__ or "usage: swap_equal_heap.py NAME XMX CGROUP_LIMIT_MIB HEAP_LIMIT_MIB RUNS WORKLOAD-ARGS...")
    name, xmx, cg_mib, heap_mib, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    args = sys.argv[6:]
    java = os.path.join(bench.JDK, "bin", "java")
    err = bench.swap_on(4096)
    if err:
        sys.exit(err)
    times = {"local": [], "swap": [], "disagg": []}
    heap_rss, heap_swap, sums = [], [], set()
    try:
        bench.set_cgroup_limit(cg_mib * 1024)
        for _ in range(runs):
            for cfg, opts, cg in [("local", [f"-Xmx{xmx}"], False), ("swap", [f"-Xmx{xmx}"], True),
                                  ("disagg", [f"-Xmx{xmx}", "-XX:+UseDisaggregatedHeap",
                                              f"-XX:DisaggLocalHeapLimit={heap_mib}m"], False)]:
                elapsed, csum, samples = run(java, opts, args, cg, cfg == "swap")
                times[cfg].append(elapsed)
                sums.add(csum)
                if cfg == "swap" and samples:
                    steady = samples[len(samples) // 10:] or samples  # past start-up
                    heap_rss.append(statistics.median(s[0] for s in steady) / 1024)
                    heap_swap.append(statistics.median(s[1] for s in steady) / 1024)
    finally:
        bench.swap_off()
    print(f"{name}: -Xmx{xmx}, swap cgroup limit {cg_mib} MiB, disaggregated heap limit {heap_mib} MiB, {runs} runs")
    for cfg, ts in times.items():
        ok = [t for t in ts if t is not None]
        failed = len(ts) - len(ok)
        print(f"  {cfg:7s} median {statistics.median(ok):.2f} s ({min(ok):.2f}-{max(ok):.2f})"
              + (f", {failed} failed" if failed else "") if ok else f"  {cfg}: every run failed")
    if heap_rss:
        print(f"  swap: heap resident (median over each run, past start-up) {statistics.median(heap_rss):.0f} MiB, "
              f"heap in swap {statistics.median(heap_swap):.0f} MiB")
    sums.discard(None)
    print("  checksums " + ("equal" if len(sums) == 1 else "DIFFER: " + ", ".join(sorted(sums))))


if __name__ == "__main__":
    main()
