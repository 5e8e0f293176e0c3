#!/usr/bin/env bash
#
# Builds Disagg JDK: syncs the overlay and patch series into the upstream
# tree, runs OpenJDK's make for the given targets (default: images), builds
# the servers with Maven and installs them into the image, and points
# build/jdk at the image.
#
# Usage: build.sh [openjdk-make-target...]     e.g. build.sh images test-image

set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DISAGG_TOP
[ -f "$DISAGG_TOP/build/config.mk" ] || bash "$DISAGG_TOP/configure"
. "$DISAGG_TOP/make/disagg/common.sh"
CONF_DIR=$(sed -n 's/^CONF_DIR := //p' "$DISAGG_TOP/build/config.mk")
BOOT_JDK=$(sed -n 's/^BOOT_JDK := //p' "$DISAGG_TOP/build/config.mk")
[ -f "$CONF_DIR/spec.gmk" ] || bash "$DISAGG_TOP/configure"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(images)

bash "$DISAGG_TOP/make/disagg/sync-tree.sh"
# A patch that touches autoconf sources needs OpenJDK's configure again;
# configure notices that itself and re-runs only then.
bash "$DISAGG_TOP/configure" >/dev/null 2>"$LOG_DIR/reconfigure.log" || { cat "$LOG_DIR/reconfigure.log" >&2; exit 1; }

jobs=${JOBS:-$(nproc)}
run_logged "OpenJDK make ${targets[*]} (JOBS=$jobs; cold about 25 min on 2 cores, incremental under 1 min)" \
  "$LOG_DIR/make-$(printf '%s' "${targets[*]}" | tr ' ' '-').log" \
  make -C "$CONF_DIR" "${targets[@]}" JOBS="$jobs" LOG=warn

image=$CONF_DIR/images/jdk
[ -x "$image/bin/java" ] || die "no JDK image at $image after make ${targets[*]}"

# The servers (memory and compute) are Maven projects using jucx and Netty
# from Maven Central; they are built with the new JDK and installed as jars
# under lib/disagg, where bin/jdisagg finds them.
if [ -f "$DISAGG_TOP/servers/pom.xml" ]; then
  stamp_file=$image/lib/disagg/.disagg-servers-stamp
  stamp=$( (cd "$DISAGG_TOP" && find servers -path '*/target' -prune -o -type f -print | sort | xargs sha256sum; \
            sha256sum "$image/release") | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ] || [ ! -d "$image/lib/disagg" ]; then
    run_logged "building the servers with Maven" "$LOG_DIR/maven-package.log" \
      maven "$image" -f "$DISAGG_TOP/servers/pom.xml" -DskipTests package
    rm -rf "$image/lib/disagg"; mkdir -p "$image/lib/disagg"
    cp "$DISAGG_TOP"/servers/dist/target/lib/*.jar "$image/lib/disagg/"
    echo "$stamp" > "$stamp_file"
    msg "installed $(ls "$image/lib/disagg" | grep -c '\.jar$') jars into $image/lib/disagg"
  fi
fi

# Reads a server's output (coprocess file descriptor $1) up to its ready
# line, which starts with $2, for at most a minute, into variable $3 (empty
# without one). Not a command substitution: coprocess descriptors are not
# open in subshells.
ready_line() {
  local line
  printf -v "$3" '%s' ""
  while read -r -t 60 line <&"$1"; do
    case $line in "$2"*) printf -v "$3" '%s' "$line"; return 0 ;; esac
  done
  return 1
}

# A class-data (CDS) archive for VMs with remote carriers,
# lib/server/classes_remote_carriers.jsa: the default archive's classes and
# those a home VM loads for remote carriers. Connecting to a compute server
# and sending the first work loads ~400 JDK classes and spins ~80 lambda
# forms the default archive does not have: ~40 ms of CPU on the first
# parallel stream, which on a one-core VM is that much of the stream. A VM
# with -XX:DisaggComputeServers uses it in place of the default archive
# (DisaggArguments::select_remote_carriers_archive); the default archive
# stays as make made it, since an archive is relocated at start-up and its
# size is resident memory in every VM (+2.7 MiB for these classes). One
# training run against a compute server records the classes
# (-XX:DumpLoadedClassList). Again whenever make dumped the default archive
# anew, or the jars or the training changed.
cds_archive=$image/lib/server/classes_remote_carriers.jsa
cds_stamp_file=$cds_archive.stamp
cds_current() {
  (sha256sum "$image/lib/server/classes.jsa" "$DISAGG_TOP/make/disagg/cds/RemoteCarriersTraining.java" \
             "$DISAGG_TOP/make/disagg/build.sh"; cat "$image/lib/disagg/.disagg-servers-stamp" 2>/dev/null) \
    | sha256sum | cut -d' ' -f1
}
if [ -d "$image/lib/disagg" ] && [ -f "$image/lib/server/classes.jsa" ] &&
   { [ ! -f "$cds_archive" ] || [ "$(cat "$cds_stamp_file" 2>/dev/null)" != "$(cds_current)" ]; }; then
  rm -f "$cds_archive" "$cds_stamp_file"
  cds_work=$(mktemp -d)
  train_cds() {
    "$image/bin/javac" -d "$cds_work" "$DISAGG_TOP/make/disagg/cds/RemoteCarriersTraining.java" || return 1
    echo "cds-training-$RANDOM$RANDOM$RANDOM" > "$cds_work/token"; chmod 600 "$cds_work/token"
    export UCX_TLS=${UCX_TLS:-tcp} UCX_NET_DEVICES=${UCX_NET_DEVICES:-lo} UCX_LOG_LEVEL=${UCX_LOG_LEVEL:-error}
    coproc CSRV { exec "$image/bin/jdisagg" computeserver --listen 127.0.0.1:0 --admin-port -1 --carriers 1 \
                    --token-file "$cds_work/token" --exit-on-stdin-eof --log-level warn 2>"$LOG_DIR/computeserver-cds.log"; }
    local srv_pid=$CSRV_PID ready addr rc=1
    ready_line "${CSRV[0]}" "disagg computeserver ready " ready || true
    addr=$(sed -n 's/.*listen=\([^ ]*\).*/\1/p' <<< "$ready")
    if [ -n "$addr" ]; then
      timeout 120 "$image/bin/java" -Xshare:off -XX:DumpLoadedClassList="$cds_work/train.classlist" \
        -XX:DisaggComputeServers="$addr" -XX:DisaggTokenFile="$cds_work/token" \
        -Djdk.disagg.remote.minLeafMicros=0 -cp "$cds_work" RemoteCarriersTraining \
        >"$LOG_DIR/cds-training.log" 2>&1 && rc=0
    fi
    eval "exec ${CSRV[1]}>&-"   # end of input: the server exits
    wait "$srv_pid" || true
    return $rc
  }
  if train_cds; then
    # Classes of the built-in loaders only (those of jdk.disagg's own layer
    # and of the training program are not for every VM), without ids, after
    # the default list.
    grep -v '^#\|^@cp \| source: \|RemoteCarriersTraining' "$cds_work/train.classlist" | sed 's/ id: [0-9]*$//' \
      | sort -u | comm -23 - <(grep -v '^#' "$image/lib/classlist" | sort -u) > "$cds_work/added"
    cat "$image/lib/classlist" "$cds_work/added" > "$cds_work/classlist"
    # As make dumps the default archive (make/Images.gmk), for its default variant.
    if "$image/bin/java" -Xshare:dump -XX:SharedClassListFile="$cds_work/classlist" -XX:SharedArchiveFile="$cds_archive" \
         -server -XX:+UseCompressedOops -XX:+UnlockExperimentalVMOptions -XX:-UseCompactObjectHeaders \
         -Xmx128M -Xms128M -XX:+UseG1GC >"$LOG_DIR/cds-dump-remote-carriers.log" 2>&1; then
      cds_current > "$cds_stamp_file"
      msg "remote-carrier class-data archive: $(wc -l < "$cds_work/added") classes and lambda forms more than the default"
    else
      rm -f "$cds_archive"
      die "dumping $cds_archive failed (see $LOG_DIR/cds-dump-remote-carriers.log)"
    fi
  else
    msg "no remote-carrier class-data archive: the training failed (see $LOG_DIR/cds-training.log, $LOG_DIR/computeserver-cds.log); such VMs use the default archive"
  fi
  rm -rf "$cds_work"
fi

# A class-data (CDS) archive of the memory server's classes: every VM with
# -XX:+UseDisaggregatedHeap and no servers starts one (the embedded default),
# and its start-up takes the program's CPU on a small machine (measured:
# 270 ms of CPU without the archive, 190 ms with it). Made by one training
# start of the server; again whenever the VM or the jars change, since an
# archive only maps into the VM and class path it was made with.
jsa=$image/lib/disagg/memserver.jsa
if [ -d "$image/lib/disagg" ] && { [ ! -f "$jsa" ] || [ "$image/lib/server/libjvm.so" -nt "$jsa" ] ||
                                    [ "$image/lib/disagg/.disagg-servers-stamp" -nt "$jsa" ] ||
                                    [ "$image/lib/server/classes.jsa" -nt "$jsa" ]; }; then
  rm -f "$jsa"
  coproc TRAIN { exec "$image/bin/jdisagg" -J-XX:ArchiveClassesAtExit="$jsa" memserver --listen 127.0.0.1:0 \
                   --admin-port -1 --capacity 64m --token-file - --exit-on-stdin-eof --log-level warn \
                   2>"$LOG_DIR/memserver-cds.log"; }
  train_pid=$TRAIN_PID
  echo "cds-training" >&"${TRAIN[1]}"
  ready_line "${TRAIN[0]}" "disagg memserver ready " ready || true
  eval "exec ${TRAIN[1]}>&-"   # end of input: the server exits and the archive is written
  wait "$train_pid" || true
  if [ -n "$ready" ] && [ -f "$jsa" ]; then
    msg "memory server class-data archive: $jsa"
  else
    rm -f "$jsa"
    msg "no class-data archive for the memory server (see $LOG_DIR/memserver-cds.log); it starts without one"
  fi
fi

mkdir -p "$DISAGG_TOP/build"
ln -sfn "$image" "$DISAGG_TOP/build/jdk"
msg "JDK image: $DISAGG_TOP/build/jdk -> $image"
