# Shared definitions for Disagg JDK's build scripts (sourced, not run).
#
# Everything large lives outside the checkout, under DISAGG_BUILD_ROOT
# (default ~/.cache/disagg-jdk), so that a fresh clone on the same machine
# reuses the unpacked upstream tree, the OpenJDK build tree and ccache and
# builds incrementally:
#
#   $DISAGG_BUILD_ROOT/downloads/          pinned files fetched from Debian
#   $DISAGG_BUILD_ROOT/ccache/             compiler cache
#   $DISAGG_BUILD_ROOT/jtreg-<ver>/        unpacked jtreg 8
#   $DISAGG_BUILD_ROOT/<pin>/pristine/     upstream source as shipped (read only)
#   $DISAGG_BUILD_ROOT/<pin>/src/          upstream + our overlay + patch series
#   $DISAGG_BUILD_ROOT/<pin>/build/        OpenJDK's configure/make output
#   $DISAGG_BUILD_ROOT/<pin>/googletest/   googletest 1.14.0

: "${DISAGG_TOP:?DISAGG_TOP must be set by the caller}"
. "$DISAGG_TOP/make/disagg/pin.conf"

DISAGG_BUILD_ROOT=${DISAGG_BUILD_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/disagg-jdk}
PIN_DIR=$DISAGG_BUILD_ROOT/$PIN_VERSION
PRISTINE_DIR=$PIN_DIR/pristine
SRC_DIR=$PIN_DIR/src
BUILD_DIR=$PIN_DIR/build
GTEST_DIR=$PIN_DIR/googletest
DOWNLOAD_DIR=$DISAGG_BUILD_ROOT/downloads
JTREG_DIR=$DISAGG_BUILD_ROOT/jtreg-$JTREG_PACKAGE_VERSION
JT_HOME=$JTREG_DIR/usr/share/jtreg
CCACHE_DIR=${CCACHE_DIR:-$DISAGG_BUILD_ROOT/ccache}
LOG_DIR=$PIN_DIR/logs
export CCACHE_DIR

msg()  { printf '%s\n' "disagg: $*" >&2; }
die()  { printf '%s\n' "disagg: error: $*" >&2; exit 1; }

# Runs a long command with its output in a log file, saying what it does and
# where the log is; on failure shows the log's tail.
run_logged() {
  local what=$1 log=$2; shift 2
  mkdir -p "$(dirname "$log")"
  msg "$what (log: $log)"
  local start=$SECONDS
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "$what failed after $((SECONDS - start)) s; full log: $log"
  fi
  msg "$what: done in $((SECONDS - start)) s"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Maven run on a given JDK. The JDK trusts the CAs OpenJDK ships; the
# machine may need others (a site proxy that re-signs TLS, as on this
# project's build machines), which Debian keeps in the system's Java trust
# store: use it when there is one.
maven() { # JAVA_HOME args...
  local jh=$1; shift
  local opts=${MAVEN_OPTS:-}
  if [ -r /etc/ssl/certs/java/cacerts ]; then
    opts="$opts -Djavax.net.ssl.trustStore=/etc/ssl/certs/java/cacerts -Djavax.net.ssl.trustStorePassword=changeit"
  fi
  JAVA_HOME=$jh MAVEN_OPTS="$opts" mvn -B "$@"
}
