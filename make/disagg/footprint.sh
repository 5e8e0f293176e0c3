#!/usr/bin/env bash
#
# `make upstream-footprint`: how much of upstream OpenJDK the patch series
# touches (files and changed lines), patch by patch, next to the size of
# what we add in new files.

set -euo pipefail
DISAGG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$DISAGG_TOP"

total_files=""
total_add=0; total_del=0
printf '%-48s %6s %6s %6s\n' "patch" "files" "+lines" "-lines"
for p in make/patches/[0-9]*.patch; do
  files=$(sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$p")
  add=$(grep -c '^+[^+]' "$p" || true)
  del=$(grep -c '^-[^-]' "$p" || true)
  # blank added/removed lines count too
  add=$((add + $(grep -c '^+$' "$p" || true)))
  del=$((del + $(grep -c '^-$' "$p" || true)))
  printf '%-48s %6d %6d %6d\n' "$(basename "$p")" "$(printf '%s\n' $files | grep -c .)" "$add" "$del"
  total_files="$total_files $files"
  total_add=$((total_add + add)); total_del=$((total_del + del))
done
nfiles=$(printf '%s\n' $total_files | sort -u | grep -c . || true)
printf '%-48s %6d %6d %6d\n' "total (distinct upstream files)" "$nfiles" "$total_add" "$total_del"
echo
echo "Upstream files touched:"
printf '%s\n' $total_files | sort -u | sed 's/^/  /'
echo
new=$(git ls-files src make/modules test | grep -v '^make/patches/' | xargs cat 2>/dev/null | wc -l)
echo "New files in the OpenJDK layout (src/, make/modules/, test/): $(git ls-files src make/modules test | wc -l) files, $new lines"
