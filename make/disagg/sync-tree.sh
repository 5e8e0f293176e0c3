#!/usr/bin/env bash
#
# Brings the upstream work tree (SRC_DIR) to exactly: pristine upstream + our
# overlay files + our numbered patch series, and touches only the files whose
# content differs, so that OpenJDK's make rebuilds only what really changed.
#
# Idempotent: patches are always applied to pristine copies in a staging
# directory, never to the work tree in place.  Files that an earlier sync
# overlaid or patched but that are no longer ours are restored from pristine
# (or removed when upstream has no such file).

set -euo pipefail
: "${DISAGG_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export DISAGG_TOP
. "$DISAGG_TOP/make/disagg/common.sh"

[ -d "$PRISTINE_DIR/src/hotspot" ] || die "no pristine upstream in $PRISTINE_DIR; run ./configure"
stage=$PIN_DIR/stage
rm -rf "$stage"; mkdir -p "$stage"
cd "$DISAGG_TOP"

# 1. Overlay: our new files, at the same relative path they have upstream.
#    make/disagg (these scripts) and make/patches (the series) stay ours only.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  overlay=$(git ls-files -co --exclude-standard -- src test make)
else
  overlay=$(find src test make -type f)
fi
overlay=$(printf '%s\n' "$overlay" | grep -v -e '^make/disagg/' -e '^make/patches/' -e '^$' | sort -u || true)
for f in $overlay; do
  [ -f "$f" ] || continue   # deleted in the work tree but not yet in git
  if [ -e "$PRISTINE_DIR/$f" ]; then
    die "$f has the path of an upstream file; change upstream files with a patch in make/patches, never with a copy"
  fi
  mkdir -p "$stage/$(dirname "$f")"
  cp -p "$f" "$stage/$f"
done

# 2. The patch series, in order, applied to pristine copies.
patched=""
for p in make/patches/[0-9]*.patch; do
  [ -e "$p" ] || continue
  targets=$(sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$p")
  [ -n "$targets" ] || die "$p changes no file (expected 'git diff' format with a/ and b/ prefixes)"
  for t in $targets; do
    [ -e "$PRISTINE_DIR/$t" ] || die "$p patches $t, which upstream does not have; new files belong in the overlay"
    if [ ! -e "$stage/$t" ]; then
      mkdir -p "$stage/$(dirname "$t")"
      cp "$PRISTINE_DIR/$t" "$stage/$t"
      chmod u+w "$stage/$t"
    fi
    patched="$patched $t"
  done
  if ! out=$(patch -p1 -d "$stage" --forward --no-backup-if-mismatch -F0 -s < "$p" 2>&1); then
    printf '%s\n' "$out" >&2
    die "$p does not apply to the pinned upstream $PIN_VERSION"
  fi
done

# 3. Copy what differs (by content, not time) into the work tree.
changes=$(rsync -rlc --itemize-changes "$stage/" "$SRC_DIR/" | grep -c '^>f' || true)

# 4. Undo what an earlier sync put there and is no longer ours.
manifest=$PIN_DIR/overlay.manifest
(cd "$stage" && find . -type f | sed 's#^\./##' | sort) > "$manifest.new"
restored=0
if [ -f "$manifest" ]; then
  for f in $(comm -23 "$manifest" "$manifest.new"); do
    if [ -e "$PRISTINE_DIR/$f" ]; then cp "$PRISTINE_DIR/$f" "$SRC_DIR/$f"; else rm -f "$SRC_DIR/$f"; fi
    restored=$((restored + 1))
  done
fi
mv "$manifest.new" "$manifest"
msg "upstream tree in sync: $(printf '%s\n' $overlay | grep -c . || true) overlay files, $(printf '%s\n' $patched | sort -u | grep -c . || true) patched upstream files; $changes updated, $restored restored"
