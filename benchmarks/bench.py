#!/usr/bin/env python3
#
# The benchmark suite (issue 5): unmodified programs on
#
#   local      the fork, all-local heap (the baseline)
#   disagg-50  the fork, -XX:+UseDisaggregatedHeap, half the heap local, loopback tcp
#   disagg-25  the same, a quarter local
#   standing-50  disagg-50 with a memory server that is already running (started once by this
#              script, as a deployment's servers would be): the embedded default's start-up
#              (a JVM, ~0.3 s on this machine, that the VM waits for) is then not in the time
#   swap-50    the alternative a user would pick: the all-local VM in a memory cgroup (v1)
#   swap-25    with swap on, limited to the same local memory (see swap_limit())
#   upstream   the pinned OpenJDK without our patches, if built (benchmarks/upstream.sh)
#
# side by side in one session, each cell the median of N runs with its min-max,
# checksums compared across every cell (any difference fails the run).
#
#   python3 benchmarks/bench.py quick|full
#   python3 benchmarks/bench.py peaks [workload,...] [runs]   (the heap's peak against a 25% limit)
#
# Writes benchmarks/results/<date>-<host>.md and .png, and prints the table.

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
JDK = os.path.join(TOP, "build", "jdk")
WORK = os.path.join(TOP, "benchmarks", "workloads")
RESULTS = os.path.join(TOP, "benchmarks", "results")
CGROUP = "/sys/fs/cgroup/memory/disaggbench"
SWAPFILE = "/var/tmp/disagg-bench-swap"

# name: (main class and args, heap -Xmx in MiB). Sizes are chosen so that the
# all-local run fits its heap with G1's usual head room.
WORKLOADS = {
    "quick": {
        "linked": (["LinkedLiveSet", "96", "2"], 256),
        "h2": (["disagg.bench.Workloads", "h2", "48"], 256),
        "lucene": (["disagg.bench.Workloads", "lucene", "32"], 192),
        "jython": (["disagg.bench.Workloads", "jython", "48"], 256),
        "caffeine": (["disagg.bench.Workloads", "caffeine", "64"], 192),
    },
    "full": {
        "linked": (["LinkedLiveSet", "256", "2"], 640),
        "h2": (["disagg.bench.Workloads", "h2", "160"], 768),
        "lucene": (["disagg.bench.Workloads", "lucene", "96"], 512),
        "jython": (["disagg.bench.Workloads", "jython", "128"], 640),
        "caffeine": (["disagg.bench.Workloads", "caffeine", "192"], 512),
    },
}
RUNS = {"quick": 5, "full": 7}


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True, **kw)


def build():
    """Builds the workloads (Maven, Maven Central) and LinkedLiveSet."""
    env = dict(os.environ)
    opts = env.get("MAVEN_OPTS", "")
    if os.access("/etc/ssl/certs/java/cacerts", os.R_OK):
        opts += " -Djavax.net.ssl.trustStore=/etc/ssl/certs/java/cacerts -Djavax.net.ssl.trustStorePassword=changeit"
    env.update(JAVA_HOME=JDK, MAVEN_OPTS=opts)
    r = subprocess.run(["mvn", "-B", "-q", "-f", os.path.join(WORK, "pom.xml"), "package"], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("building the workloads failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    r = subprocess.run([os.path.join(JDK, "bin", "javac"), "-d", os.path.join(WORK, "target", "classes"),
                        os.path.join(WORK, "LinkedLiveSet.java")], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("compiling LinkedLiveSet failed:\n" + r.stderr)


def classpath():
    return os.path.join(WORK, "target", "classes") + ":" + os.path.join(WORK, "target", "lib", "*")


VM_ENV = dict(os.environ, UCX_TLS="tcp", UCX_NET_DEVICES="lo", UCX_LOG_LEVEL="error")


def heap_log_option(log):
    """The VM option that makes the VM log where its heap is (see heap_range)."""
    return f"-Xlog:gc+heap+coops=debug:file={log}::filecount=0"


def heap_range(log):
    """The Java heap's reservation [start, end) from a heap_log_option log, or None before it is logged."""
    m = re.search(r"Heap address: 0x([0-9a-f]+), size: (\d+) MB", open(log).read() if os.path.exists(log) else "")
    return (int(m.group(1), 16), int(m.group(1), 16) + int(m.group(2)) * 1024 * 1024) if m else None


def join_cgroup():
    """preexec_fn that moves the child into the benchmark's memory cgroup."""
    with open(os.path.join(CGROUP, "cgroup.procs"), "w") as f:
        f.write(str(os.getpid()))


def run_once(java, vm_opts, args, cgroup=False):
    """Runs one VM; returns elapsed seconds, checksum, peak RSS (KiB) and the disagg summary."""
    cmd = ["/usr/bin/time", "-f", "MAXRSS %M", java] + vm_opts + ["-cp", classpath()] + args
    t0 = time.monotonic()
    p = subprocess.run(cmd, env=VM_ENV, capture_output=True, text=True, preexec_fn=join_cgroup if cgroup else None,
                       timeout=3600)
    elapsed = time.monotonic() - t0
    out = p.stdout + p.stderr
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{out[-3000:]}")
    m = re.search(r"checksum ([0-9a-f]{16})", out)
    rss = re.search(r"MAXRSS (\d+)", out)
    summary = {}
    for key, pat in [("faults", r"faults (\d+) \(p50 ([\d.]+) us, p99 ([\d.]+) us, ([\d.]+) ms in all\)"),
                     ("fetched_mib", r"bytes fetched ([\d.]+) MiB, written back ([\d.]+) MiB")]:
        mm = list(re.finditer(pat, out))
        if mm:
            summary[key] = [float(x) for x in mm[-1].groups()]
    return elapsed, (m.group(1) if m else None), int(rss.group(1)) if rss else None, summary


def vm_rss(pid):
    """The kernel's resident-set counter of a process (KiB), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    except (OSError, StopIteration, ValueError):
        return None


def smaps_kib(pid, reservation):
    """(heap, non-heap) resident KiB of a VM by its mappings: the heap is every mapping inside the
    Java heap's reservation (eden and survivor regions are never registered with userfaultfd, paged
    regions are) plus the pager's pool (the other mapping registered with userfaultfd)."""
    rng, rss, heap, non_heap = None, 0, 0, 0
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            first = line.split(None, 1)[0]
            if not first.endswith(":"):
                rng = first
            elif first == "Rss:":
                rss = int(line.split()[1])
            elif first == "VmFlags:":
                start = int(rng.split("-")[0], 16)
                registered = {"um", "uw"} & set(line.split()[1:])
                if reservation[0] <= start < reservation[1] or registered:
                    heap += rss
                else:
                    non_heap += rss
    return heap, non_heap


def stop_all(pid, timeout=1.0):
    """Stops a process (SIGSTOP) and waits until every thread is stopped; False if it does not."""
    os.kill(pid, signal.SIGSTOP)
    deadline = time.time() + timeout
    while time.time() < deadline:
        states = []
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                states.append(open(f"/proc/{pid}/task/{t}/stat").read().rsplit(")", 1)[1].split()[0])
            except OSError:
                pass
        if all(s in ("T", "t", "Z", "X") for s in states):
            return True
    os.kill(pid, signal.SIGCONT)
    return False


def run_sampled(java, vm_opts, args, stopped=False):
    """Runs one VM sampling it every 5 ms; returns (peak heap RSS, non-heap RSS at that moment) in
    KiB. The heap is measured as the process's RSS counter minus the rest, not by adding up the
    heap's mappings: the pager moves pages between the heap and its pool all the time, and a walk of
    /proc/PID/smaps that meets a page in both places counts it twice (up to an eighth of the budget,
    measured). With `stopped`, the VM is stopped (SIGSTOP) for each sample, every 10 ms, and the
    heap is its mappings' sum: exact, at the price of a slower run."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "heap.log")
        cmd = [java] + vm_opts + [heap_log_option(log), "-cp", classpath()] + args
        p = subprocess.Popen(cmd, env=VM_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak, reservation = (0, 0), None
        while p.poll() is None:
            time.sleep(0.01 if stopped else 0.005)
            if reservation is None:
                reservation = heap_range(log)
                if reservation is None:
                    continue
            try:
                if stopped:
                    if not stop_all(p.pid):
                        continue
                    try:
                        heap, non_heap = smaps_kib(p.pid, reservation)
                    finally:
                        os.kill(p.pid, signal.SIGCONT)
                else:
                    before = vm_rss(p.pid)
                    non_heap = smaps_kib(p.pid, reservation)[1]
                    after = vm_rss(p.pid)
                    if before is None or after is None:
                        continue
                    heap = min(before, after) - non_heap
            except (OSError, ValueError):
                continue
            if heap > peak[0]:
                peak = (heap, non_heap)
        return peak


def start_standing_server(tmp):
    """Starts one memory server for the standing-50 cells; returns (its VM options, the process).
    It ends when this script does (its stdin closes)."""
    token = os.path.join(tmp, "token")
    with open(token, "w") as f:
        f.write(os.urandom(16).hex())
    os.chmod(token, 0o600)
    p = subprocess.Popen([os.path.join(JDK, "bin", "jdisagg"), "memserver", "--listen", "127.0.0.1:0",
                          "--admin-port", "0", "--capacity", "4g", "--token-file", token, "--exit-on-stdin-eof",
                          "--log-level", "warn"], env=VM_ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    m = re.search(r"listen=(\S+)", line)
    if not m:
        p.kill()
        sys.exit("the standing memory server did not start: " + line)
    return ["-XX:DisaggMemoryServers=" + m.group(1), "-XX:DisaggTokenFile=" + token], p


def swap_on(size_mb):
    sh(f"swapoff {SWAPFILE} 2>/dev/null; rm -f {SWAPFILE}")
    for c in [f"fallocate -l {size_mb}M {SWAPFILE}", f"chmod 600 {SWAPFILE}", f"mkswap {SWAPFILE}",
              f"swapon {SWAPFILE}", f"mkdir -p {CGROUP}", f"echo 60 > {CGROUP}/memory.swappiness"]:
        r = sh(c)
        if r.returncode != 0:
            return f"{c}: {r.stderr.strip()}"
    return None


def swap_off():
    sh(f"swapoff {SWAPFILE}; rm -f {SWAPFILE}; rmdir {CGROUP} 2>/dev/null")


def set_cgroup_limit(kib):
    with open(os.path.join(CGROUP, "memory.limit_in_bytes"), "w") as f:
        f.write(str(kib * 1024))


def machine_facts():
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'").stdout.strip() or "?"
    mem = sh("free -g | awk '/Mem:/ {print $2}'").stdout.strip()
    kernel = os.uname().release
    ver = sh([os.path.join(JDK, "bin", "java"), "-version"]).stderr.strip().splitlines()
    ucx = sh("ucx_info -v | head -1").stdout.strip()
    return [f"- machine: {socket.gethostname()}, {os.cpu_count()} CPUs ({cpu}), {mem} GiB, Linux {kernel}",
            f"- JDK: {ver[1] if len(ver) > 1 else ver}", f"- {ucx}; transport: UCX over loopback tcp "
            "(UCX_TLS=tcp UCX_NET_DEVICES=lo); the memory server is the embedded default on the same machine"]


def fmt_cell(times):
    med = statistics.median(times)
    return f"{med:.2f} s ({min(times):.2f}-{max(times):.2f})"


def peaks(names, runs):
    """Prints each workload's heap peak at a 25% limit, with and without -Xms, read with the VM
    stopped (run_sampled), against the limit."""
    build()
    java = os.path.join(JDK, "bin", "java")
    for name in names:
        args, heap = WORKLOADS["quick"][name]
        limit = heap * 25 // 100
        vm = ["-Xmx%dm" % heap, "-XX:+UseG1GC", "-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=%dm" % limit]
        for xms in (["-Xms%dm" % heap], []):
            kib = sorted(run_sampled(java, vm + xms, args, stopped=True)[0] for _ in range(runs))
            print(f"{name} limit {limit} MiB = {limit * 1024} KiB, {xms[0] if xms else 'no -Xms'}: heap peak KiB {kib}"
                  + (f": OVER by up to {kib[-1] - limit * 1024} KiB" if kib[-1] > limit * 1024 else ""), flush=True)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "quick"
    if mode == "peaks":
        names = sys.argv[2].split(",") if len(sys.argv) > 2 else list(WORKLOADS["quick"])
        return peaks(names, int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    if mode not in WORKLOADS:
        sys.exit("usage: bench.py quick|full | bench.py peaks [workload,...] [runs]")
    runs = RUNS[mode]
    os.makedirs(RESULTS, exist_ok=True)
    build()
    java = os.path.join(JDK, "bin", "java")
    upstream = os.environ.get("UPSTREAM_JDK") or os.path.join(os.path.expanduser("~"), ".cache", "disagg-jdk",
                                                             "upstream-26.0.2.1+1", "images", "jdk")
    have_upstream = os.access(os.path.join(upstream, "bin", "java"), os.X_OK)
    swap_error = None
    if os.geteuid() != 0 or not os.path.isdir("/sys/fs/cgroup/memory"):
        swap_error = "needs root and the cgroup v1 memory controller"
    else:
        swap_error = swap_on(4096)

    configs = ["local", "disagg-50", "disagg-25", "standing-50", "swap-50", "swap-25"] + \
        (["upstream"] if have_upstream else [])
    standing_tmp = tempfile.TemporaryDirectory()
    standing, standing_server = start_standing_server(standing_tmp.name)
    results = {}   # (workload, config) -> list of (elapsed, rss)
    extra = {}     # (workload, config) -> summaries
    checksums = {}
    failures = {}     # (workload, config) -> why a run failed (swap cells only)
    swap_limits = {}  # (workload, config) -> cgroup limit (KiB)
    try:
        for name, (args, heap) in WORKLOADS[mode].items():
            base = ["-Xmx%dm" % heap, "-Xms%dm" % heap, "-XX:+UseG1GC"]
            disagg_rss = {}  # local fraction -> peak RSS (KiB) of the disaggregated runs
            for rep in range(runs):
                # Interleave configurations run by run: noise hits every cell alike.
                for cfg in configs:
                    vm, cg, jv = list(base), False, java
                    if cfg.startswith("disagg") or cfg.startswith("standing"):
                        frac = int(cfg.split("-")[1])
                        vm += ["-XX:+UseDisaggregatedHeap", "-XX:DisaggLocalHeapLimit=%dm" % (heap * frac // 100),
                               "-Xlog:disagg=info"] + (standing if cfg.startswith("standing") else [])
                    elif cfg.startswith("swap"):
                        if swap_error:
                            continue
                        frac = int(cfg.split("-")[1])
                        if not disagg_rss.get(frac):
                            continue
                        # The same local memory as disagg-N: the peak RSS the disaggregated
                        # runs needed (configurations interleave, so they ran first).
                        limit = statistics.median(disagg_rss[frac])
                        swap_limits[(name, cfg)] = limit
                        set_cgroup_limit(int(limit))
                        cg = True
                    elif cfg == "upstream":
                        jv = os.path.join(upstream, "bin", "java")
                    try:
                        elapsed, csum, rss, summary = run_once(jv, vm, args, cgroup=cg)
                    except RuntimeError as e:
                        if not cg:
                            raise
                        # The kernel's answer to too little memory: the OOM killer.
                        why = "killed (signal 9: the cgroup's OOM killer)" if "signal 9" in str(e) else \
                            next((l for l in str(e).splitlines() if "Error" in l or "Exception" in l),
                                 str(e).splitlines()[-1])
                        failures.setdefault((name, cfg), [why])
                        print(f"{name:9s} {cfg:10s} run {rep + 1}/{runs}: failed: {why}", flush=True)
                        continue
                    if cfg.startswith("disagg"):
                        disagg_rss.setdefault(int(cfg.split("-")[1]), []).append(rss)
                    results.setdefault((name, cfg), []).append((elapsed, rss))
                    extra.setdefault((name, cfg), []).append(summary)
                    checksums.setdefault(name, {}).setdefault(cfg, set()).add(csum)
                    print(f"{name:9s} {cfg:10s} run {rep + 1}/{runs}: {elapsed:7.2f} s  rss {rss // 1024 if rss else 0} MiB  "
                          f"checksum {csum}", flush=True)
        # Peak RSS split into the heap and the rest, measured from outside: two
        # extra, untimed runs per disaggregated cell (sampling costs CPU).
        memory = {}
        for name, (args, heap) in WORKLOADS[mode].items():
            for cfg in configs:
                if cfg.startswith("disagg"):
                    vm = ["-Xmx%dm" % heap, "-XX:+UseG1GC", "-XX:+UseDisaggregatedHeap",
                          "-XX:DisaggLocalHeapLimit=%dm" % (heap * int(cfg.split("-")[1]) // 100)]
                    # As timed (-Xms equal to -Xmx), and as a user runs it by default: G1
                    # then grows the heap, which once let the limit be exceeded.
                    memory[(name, cfg)] = run_sampled(java, vm + ["-Xms%dm" % heap], args, stopped=True) + \
                        run_sampled(java, vm, args, stopped=True)[:1]
    finally:
        standing_server.stdin.close()
        standing_server.wait(timeout=30)
        standing_tmp.cleanup()
        if not swap_error:
            swap_off()

    # Checksums must agree in every cell.
    bad = []
    for name, per in checksums.items():
        seen = set().union(*per.values())
        if len(seen) != 1 or None in seen:
            bad.append(f"{name}: {per}")

    date = time.strftime("%Y-%m-%d")
    host = socket.gethostname()
    stem = os.path.join(RESULTS, f"{date}-{host}")
    lines = [f"# Benchmark results, {date} ({mode})", ""] + machine_facts()
    lines += [f"- {runs} runs per cell, configurations interleaved run by run; median (min-max) of wall time",
              "- swap: the all-local VM in a cgroup v1 memory group with a 4 GiB swap file (swappiness 60), limited to "
              "the median peak RSS of the disaggregated runs at the same fraction (the same local memory)"
              + (f" (not run: {swap_error})" if swap_error else ""),
              "- upstream: " + ("the pinned OpenJDK without our patches, " + upstream if have_upstream
                                else "not built (benchmarks/upstream.sh builds it)"), ""]
    header = "| workload | " + " | ".join(configs) + " |"
    lines += ["## Wall time", "", header, "|" + "---|" * (len(configs) + 1)]
    for name in WORKLOADS[mode]:
        row = [name]
        for cfg in configs:
            t = [x[0] for x in results.get((name, cfg), [])]
            row.append(fmt_cell(t) + (f", {len(t)} of {runs} runs" if len(t) < runs else "") if t
                       else "failed" if (name, cfg) in failures else "n/a")
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Ratio to the all-local run (medians)", "", header, "|" + "---|" * (len(configs) + 1)]
    ratios = {}
    for name in WORKLOADS[mode]:
        base_t = statistics.median([x[0] for x in results[(name, "local")]])
        row = [name]
        for cfg in configs:
            t = [x[0] for x in results.get((name, cfg), [])]
            if t:
                ratios[(name, cfg)] = statistics.median(t) / base_t
                row.append(f"{ratios[(name, cfg)]:.2f}x")
            else:
                row.append("n/a")
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Peak RSS (MiB) and what moved (disaggregated runs, median of runs)", "",
              "Peak RSS: the kernel's high-water mark (`/usr/bin/time`), median of the timed runs. Heap and "
              "non-heap: one more run per cell, stopped (SIGSTOP) and read every 10 ms, the heap being everything "
              "inside the Java heap's reservation (young, paged and local regions) plus the pager's pool, summed "
              "from `/proc/PID/smaps`; non-heap is the rest of it "
              "at the moment of the heap's peak (code of the VM and its libraries, metaspace, GC data "
              "structures, UCX's buffers). The target holds when the heap's peak is at most the limit. "
              "A third run, without `-Xms` (G1 grows the heap from its initial size), gives the last heap column.", "",
              "| workload | config | peak RSS | local limit | heap peak | non-heap then | heap peak without -Xms | faults "
              "| fault p50 / p99 (us) | faults' time in all (s) | fetched / written back (MiB) |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, (args, heap) in WORKLOADS[mode].items():
        for cfg in configs:
            rs = [x[1] for x in results.get((name, cfg), []) if x[1]]
            if not rs:
                continue
            sm = [e for e in extra.get((name, cfg), []) if e]
            limit = f"{heap * int(cfg.split('-')[1]) // 100} MiB" if cfg.startswith(("disagg", "standing")) else "-"
            hp, nh, hg = "-", "-", "-"
            mem = memory.get((name, cfg))
            if mem:
                hp = f"{mem[0] / 1024:.1f} MiB"
                nh = f"{mem[1] / 1024:.0f} MiB"
                hg = f"{mem[2] / 1024:.1f} MiB"
            if sm and "faults" in sm[0]:
                f = statistics.median([e["faults"][0] for e in sm])
                p50 = statistics.median([e["faults"][1] for e in sm])
                p99 = statistics.median([e["faults"][2] for e in sm])
                ftime = statistics.median([e["faults"][3] for e in sm]) / 1000
                fetched = statistics.median([e["fetched_mib"][0] for e in sm])
                wb = statistics.median([e["fetched_mib"][1] for e in sm])
                lines.append(f"| {name} | {cfg} | {statistics.median(rs) / 1024:.0f} | {limit} | {hp} | {nh} | {hg} | {f:.0f} | "
                             f"{p50:.1f} / {p99:.1f} | {ftime:.2f} | {fetched:.0f} / {wb:.0f} |")
            else:
                lines.append(f"| {name} | {cfg} | {statistics.median(rs) / 1024:.0f} | {limit} | {hp} | {nh} | {hg} | - | - | - | - |")
    if swap_limits:
        lines += ["", "## Kernel swap: cgroup limits and failures", ""]
        for (name, cfg), kib in swap_limits.items():
            why = failures.get((name, cfg))
            lines.append(f"- {name} {cfg}: limit {kib / 1024:.0f} MiB" + (f"; failed: {why[0] if why else ''}" if why is not None else ""))
    lines += ["", "## Checksums", ""]
    lines += ["Every cell of every workload printed the same checksum." if not bad
              else "CHECKSUMS DIFFER: " + "; ".join(bad)]

    png = stem + ".png"
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 5))
        for name in WORKLOADS[mode]:
            xs, ys = [1.0], [1.0]
            for cfg, frac in [("disagg-50", 0.5), ("disagg-25", 0.25)]:
                if (name, cfg) in ratios:
                    xs.append(frac)
                    ys.append(ratios[(name, cfg)])
            line, = ax.plot(xs, ys, marker="o", label=f"{name} (disaggregated heap)")
            sx, sy = [1.0], [1.0]
            for cfg, frac in [("swap-50", 0.5), ("swap-25", 0.25)]:
                if (name, cfg) in ratios:
                    sx.append(frac)
                    sy.append(ratios[(name, cfg)])
            if len(sx) > 1:
                ax.plot(sx, sy, marker="x", linestyle="--", color=line.get_color(), label=f"{name} (kernel swap)")
        ax.set_xlabel("local memory (fraction of the heap)")
        ax.set_ylabel("run time / all-local run time")
        ax.set_yscale("log")
        ax.invert_xaxis()
        ax.axhline(1.3, color="grey", linewidth=0.5)
        ax.axhline(2.0, color="grey", linewidth=0.5)
        ax.set_title(f"Disagg JDK, {mode} benchmarks, {date}")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(png, dpi=110)
        lines += ["", f"![run time against local memory]({os.path.basename(png)})"]
    except ImportError:
        lines += ["", "(no plot: python3-matplotlib is not installed)"]

    with open(stem + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(stem + ".json", "w") as f:
        json.dump({"mode": mode, "results": {f"{k[0]}/{k[1]}": v for k, v in results.items()}}, f, indent=1)
    print("\n".join(lines))
    print(f"\nwritten: {stem}.md")
    if bad:
        sys.exit("checksums differ")


if __name__ == "__main__":
    main()
