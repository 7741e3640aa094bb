#!/usr/bin/env bash
# deltactl benchmark: each deltactl command next to the same Delta call made directly in a Spark session,
# measured side by side in one run (whole process wall time, median of N), printed as a table of ratios.
#   ROWS (1000000), FILES (200), RUNS (3)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rows="${ROWS:-1000000}"; files="${FILES:-200}"; runs="${RUNS:-3}"
(cd "$root" && mvn -B -q -DskipTests package -pl bench -am >/dev/null)
lib="$root/cli/target/deltactl/lib"
cp="$root/bench/target/classes:$lib/*"
java_opts=(-Xmx2g -XX:+UseParallelGC -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dorg.slf4j.simpleLogger.defaultLogLevel=off
  -Dlog4j2.loggerContextFactory=org.apache.logging.slf4j.SLF4JLoggerContextFactory)
direct() { java "${java_opts[@]}" -cp "$cp" dev.deltactl.bench.DirectDelta "$@"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export DELTACTL_HOME="$work/home"

echo "generating a $rows-row table in $files files..." >&2
direct generate "$work/base" "$rows" "$files"

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
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

measure deltactl_optimize "$work/base" "$root/cli/target/deltactl/bin/deltactl" optimize "$work/t" -o json
measure direct_optimize "$work/base" direct optimize "$work/t"
rm -rf "$work/compact"; cp -a "$work/base" "$work/compact"
"$root/cli/target/deltactl/bin/deltactl" optimize "$work/compact" -q -o json > "$work/optimize.json"
files_after_optimize=$("$root/cli/target/deltactl/bin/deltactl" describe "$work/compact" -o json | sed 's/.*"numFiles":\([0-9]*\).*/\1/')
measure deltactl_zorder "$work/compact" "$root/cli/target/deltactl/bin/deltactl" zorder "$work/t" --by a,b --target-file-size 4m -o json
measure direct_zorder "$work/compact" direct zorder "$work/t" a,b 4194304

rm -rf "$work/z"; cp -a "$work/compact" "$work/z"
"$root/cli/target/deltactl/bin/deltactl" zorder "$work/z" --by a,b --target-file-size 4m -q -o json >/dev/null
files_z=$("$root/cli/target/deltactl/bin/deltactl" describe "$work/z" -o json | sed 's/.*"numFiles":\([0-9]*\).*/\1/')
read_base=$(direct files-read "$work/base" "a = 4242")
read_compact=$(direct files-read "$work/compact" "a = 4242")
read_z=$(direct files-read "$work/z" "a = 4242")
read_z_b=$(direct files-read "$work/z" "b = 4242")
read_compact_b=$(direct files-read "$work/compact" "b = 4242")

printf '\n%s rows, %s files; whole-process wall time, median of %s runs\n\n' "$rows" "$files" "$runs"
printf '%-28s %12s %12s %8s\n' "operation" "deltactl s" "direct s" "ratio"
for op in optimize zorder; do
  d=${results[deltactl_$op]}; s=${results[direct_$op]}
  printf '%-28s %12.2f %12.2f %8.2f\n' "$op" "$d" "$s" "$(echo "$d / $s" | bc -l)"
done
printf '\nfiles: %s before, %s after optimize, %s after zorder --by a,b --target-file-size 4m\n' \
  "$files" "$files_after_optimize" "$files_z"
printf 'files read by a = 4242: %s (200 small files), %s (compacted), %s (z-ordered)\n' \
  "$read_base" "$read_compact" "$read_z"
printf 'files read by b = 4242: %s (compacted), %s (z-ordered)\n' "$read_compact_b" "$read_z_b"
