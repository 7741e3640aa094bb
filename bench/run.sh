#!/usr/bin/env bash
# deltactl benchmark: each deltactl command next to the same Delta call made directly in a Spark session,
# measured side by side in one run (whole process wall time, median of N), printed as a table of ratios.
#   ROWS (1000000), FILES (200), RUNS (3)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
rows="${ROWS:-1000000}"; files="${FILES:-200}"; runs="${RUNS:-3}"

echo "generating a $rows-row table in $files files..." >&2
direct generate "$work/base" "$rows" "$files"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A results
measure() { # name, setup-table-from, command...
  local name="$1" from="$2"; shift 2
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/t"; cp -a "$from" "$work/t"
    times+=("$(seconds "$@")")
  done
  results[$name]=$(median "${times[@]}")
}

measure deltactl_optimize "$work/base" "$deltactl" optimize "$work/t" -o json
measure direct_optimize "$work/base" direct optimize "$work/t"
rm -rf "$work/compact"; cp -a "$work/base" "$work/compact"
"$deltactl" optimize "$work/compact" -q -o json > "$work/optimize.json"
files_after_optimize=$("$deltactl" describe "$work/compact" -o json | sed 's/.*"numFiles":\([0-9]*\).*/\1/')
measure deltactl_zorder "$work/compact" "$deltactl" zorder "$work/t" --by a,b --target-file-size 4m -o json
measure direct_zorder "$work/compact" direct zorder "$work/t" a,b 4194304

rm -rf "$work/z"; cp -a "$work/compact" "$work/z"
"$deltactl" zorder "$work/z" --by a,b --target-file-size 4m -q -o json >/dev/null
files_z=$("$deltactl" describe "$work/z" -o json | sed 's/.*"numFiles":\([0-9]*\).*/\1/')
read_base=$(direct files-read "$work/base" "a = 4242")
read_compact=$(direct files-read "$work/compact" "a = 4242")
read_z=$(direct files-read "$work/z" "a = 4242")
read_z_b=$(direct files-read "$work/z" "b = 4242")
read_compact_b=$(direct files-read "$work/compact" "b = 4242")

printf '\n%s rows, %s files; whole-process wall time, median of %s runs\n\n' "$rows" "$files" "$runs"
printf '%-28s %12s %12s %8s\n' "operation" "deltactl s" "direct s" "ratio"
for op in optimize zorder; do
  d=${results[deltactl_$op]}; s=${results[direct_$op]}
  printf '%-28s %12.2f %12.2f %8.2f\n' "$op" "$d" "$s" "$(awk "BEGIN {print $d / $s}")"
done
printf '\nfiles: %s before, %s after optimize, %s after zorder --by a,b --target-file-size 4m\n' \
  "$files" "$files_after_optimize" "$files_z"
printf 'files read by a = 4242: %s (200 small files), %s (compacted), %s (z-ordered)\n' \
  "$read_base" "$read_compact" "$read_z"
printf 'files read by b = 4242: %s (compacted), %s (z-ordered)\n' "$read_compact_b" "$read_z_b"
