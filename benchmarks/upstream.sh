#!/usr/bin/env bash
#
# Builds the pinned OpenJDK exactly as shipped (the pristine source, none of
# our files or patches) with the fork's configure options, for the
# benchmarks' "upstream" column: the cost of Disagg JDK when the feature is
# off.  Same compiler, same flags, same machine; only our code differs.
#
#   bash benchmarks/upstream.sh        # about 25 minutes cold on 2 cores
#
# The image lands in $DISAGG_BUILD_ROOT/upstream-<pin>/images/jdk, where
# benchmarks/bench.py looks for it (UPSTREAM_JDK overrides).
set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"
[ -f "$DISAGG_TOP/build/config.mk" ] || bash "$DISAGG_TOP/configure"
BOOT_JDK=$(sed -n 's/^BOOT_JDK := //p' "$DISAGG_TOP/build/config.mk")
[ -f "$PRISTINE_DIR/configure" ] || die "no pristine source in $PRISTINE_DIR; run ./configure first"

out=$DISAGG_BUILD_ROOT/upstream-$PIN_VERSION
mkdir -p "$out"
if [ ! -f "$out/spec.gmk" ]; then
  run_logged "configuring the unpatched upstream in $out" "$out/disagg-configure.log" \
    sh -c "cd '$out' && bash '$PRISTINE_DIR/configure' \
      --with-boot-jdk='$BOOT_JDK' --with-debug-level=release --with-native-debug-symbols=none \
      --enable-headless-only --disable-warnings-as-errors --with-jvm-variants=server --enable-ccache \
      --with-libjpeg=system --with-giflib=system --with-libpng=system --with-zlib=system \
      --with-lcms=system --with-freetype=system --with-harfbuzz=system \
      --with-extra-cflags=-I/usr/include/PCSC --with-version-pre= \
      --with-version-build='${PIN_VERSION##*+}' --with-version-opt=upstream"
fi
run_logged "building the unpatched upstream (cold about 25 min on 2 cores)" "$out/disagg-make.log" \
  make -C "$out" images JOBS="$(nproc)"
"$out/images/jdk/bin/java" -version 2>&1 | sed 's/^/  /' >&2
msg "upstream image: $out/images/jdk"
