#!/usr/bin/env bash
#
# `make test`: builds what is needed (the image and the test image), then
# runs every test of Disagg JDK and ends with one line "N passed, N failed"
# (exit status 1 if anything failed):
#
#   1. gtest   HotSpot unit tests: ours (Disagg*) and HotSpot's own os tests,
#              run by the gtest launcher of the test image;
#   2. jtreg   test/hotspot/jtreg/gc/disagg, test/hotspot/jtreg/runtime/disagg
#              and test/jdk/jdk/disagg, through OpenJDK's `make test`;
#   3. maven   the servers' tests (JUnit) against real servers over loopback.
#
# Environment: TEST_GTEST_FILTER, TEST_JTREG (space-separated test roots)
# narrow a run; JTREG_VM_OPTIONS adds VM options to the jtreg tests.

set -uo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"

bash "$DISAGG_TOP/make/disagg/build.sh" images test-image || exit 1
CONF_DIR=$(sed -n 's/^CONF_DIR := //p' "$DISAGG_TOP/build/config.mk")
JDK=$CONF_DIR/images/jdk
results=$CONF_DIR/disagg-test-results
rm -rf "$results"; mkdir -p "$results"

passed=0; failed=0; skipped=0
report() { # suite pass fail skip
  msg "$1: $2 passed, $3 failed$( [ "$4" -gt 0 ] && echo ", $4 skipped")"
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + $4))
}

# UCX over loopback tcp for every test that talks to a server, and no UCX
# patching of the JVM's mmap/madvise (see ../shared/environment.md).
export UCX_TLS=${UCX_TLS:-tcp} UCX_NET_DEVICES=${UCX_NET_DEVICES:-lo}
export UCX_LOG_LEVEL=${UCX_LOG_LEVEL:-error} UCX_MEM_EVENTS=no

# --- 1. gtest ---------------------------------------------------------------
# os_linux.decoder_get_source_info_* need native debug symbols, which this
# build leaves out (--with-native-debug-symbols=none); they are excluded.
gtest_filter=${TEST_GTEST_FILTER:-Disagg*:disagg*:os*:-os_linux.decoder_get_source_info*}
launcher=$CONF_DIR/images/test/hotspot/gtest/server/gtestLauncher
msg "gtest: $gtest_filter (log: $results/gtest.log)"
# (In the results directory: some os tests write files to the working directory.)
(cd "$results" && "$launcher" -jdk:"$JDK" --gtest_filter="$gtest_filter" --gtest_output=xml:"$results/gtest.xml") \
  > "$results/gtest.log" 2>&1
if [ -f "$results/gtest.xml" ]; then
  read -r t f d s < <(python3 - "$results/gtest.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
g = lambda k: int(r.get(k, 0))
print(g('tests'), g('failures') + g('errors'), g('disabled'), g('skipped'))
EOF
)
  report gtest $((t - f - s)) "$f" "$s"
  grep -E '^\[  FAILED  \] [A-Za-z]' "$results/gtest.log" | sort -u | sed 's/^/  /' >&2
else
  tail -20 "$results/gtest.log" >&2
  report gtest 0 1 0
fi

# --- 2. jtreg ---------------------------------------------------------------
roots=${TEST_JTREG:-}
if [ -z "$roots" ]; then
  for d in test/hotspot/jtreg/gc/disagg test/hotspot/jtreg/runtime/disagg test/jdk/jdk/disagg; do
    [ -d "$DISAGG_TOP/$d" ] && roots="$roots $d"
  done
fi
if [ -n "${roots// /}" ]; then
  msg "jtreg:$roots (log: $results/jtreg.log)"
  jtreg_opts="JTREG=TIMEOUT_FACTOR=4${JTREG_VM_OPTIONS:+;VM_OPTIONS=$JTREG_VM_OPTIONS}"
  make -C "$CONF_DIR" test TEST="$roots" "$jtreg_opts" JOBS="$(nproc)" LOG=warn \
    > "$results/jtreg.log" 2>&1
  summary=$CONF_DIR/test-results/test-summary.txt
  if [ -f "$summary" ]; then
    read -r p f e s < <(awk '/^(>>|  ) *jtreg:/ { line = $0; if (NF < 6 && (getline more) > 0) line = line " " more; gsub(/<<|>>/, "", line); n = split(line, x, " "); p += x[3]; f += x[4]; e += x[5]; s += x[6] }
                             END { print p+0, f+0, e+0, s+0 }' "$summary")
    report jtreg "$p" $((f + e)) "$s"
    # Only this run's results (older result directories stay around).
    grep -E '^(FAILED|Error): ' "$results/jtreg.log" | sed 's/^/  /' >&2
  else
    tail -20 "$results/jtreg.log" >&2
    report jtreg 0 1 0
  fi
fi

# --- 3. maven ---------------------------------------------------------------
if [ -f "$DISAGG_TOP/servers/pom.xml" ]; then
  msg "maven: the servers' tests with $JDK (log: $results/maven.log)"
  rm -rf "$DISAGG_TOP"/servers/*/target/surefire-reports
  (cd "$DISAGG_TOP/servers" && maven "$JDK" test) > "$results/maven.log" 2>&1
  read -r t f e s < <(cat "$DISAGG_TOP"/servers/*/target/surefire-reports/TEST-*.xml 2>/dev/null |
    python3 -c '
import sys, re
t=f=e=s=0
for m in re.finditer(r"<testsuite [^>]*>", sys.stdin.read()):
    a = dict(re.findall(r"(\w+)=\"([^\"]*)\"", m.group(0)))
    t += int(a.get("tests", 0)); f += int(a.get("failures", 0)); e += int(a.get("errors", 0)); s += int(a.get("skipped", 0))
print(t, f, e, s)')
  if grep -q "BUILD SUCCESS" "$results/maven.log" || [ "$t" -gt 0 ]; then
    bad=$((f + e))
    grep -q "BUILD SUCCESS" "$results/maven.log" || [ "$bad" -gt 0 ] || bad=1
    report maven $((t - f - e - s)) "$bad" "$s"
    [ "$bad" -gt 0 ] && grep -E '\[ERROR\] (Tests run|  |[A-Za-z]+Test\.)' "$results/maven.log" | head -20 | sed 's/^/  /' >&2
  else
    tail -20 "$results/maven.log" >&2
    report maven 0 1 0
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
