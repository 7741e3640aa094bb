#!/usr/bin/env bash
# deltactl benchmark. Builds its tables, then runs every case side by side in one run, A B A B: deltactl,
# then the same answer from Delta's own API in a plain Spark session with default settings started in its
# own process (DirectDelta). Whole-process wall time (median of RUNS) and peak RSS (largest of RUNS).
# Prints a table and writes it, with the machine and the commit, to bench/results/.
#   RUNS (5)  COMMITS (1000): commits of the metadata table  ROWS (400000), FILES (100): the data table
#   CSV_ROWS (1000000), CSV_FILES (20): the CSV files copy-into loads
#   BLOOM_ROWS (10000000), BLOOM_FILES (100), LOOKUPS (20): the bloom-index table and its point lookups
#   SHELL_ROWS (20000), SHELL_FILES (20): the table of bench/shell.sh (the shell against one-shot runs)
#   BENCH_RESULTS: where to write the report (bench/results)
#   BENCH_DIRECT_OPTS: more JVM options for the Spark side (see common.sh; a measurement leaves it unset)
#   BENCH_CASES: a regular expression; only the cases (of both tables) whose names match run (default: all)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
runs="${RUNS:-5}"; commits="${COMMITS:-1000}"; rows="${ROWS:-400000}"; files="${FILES:-100}"
csv_rows="${CSV_ROWS:-1000000}"; csv_files="${CSV_FILES:-20}"
bloom_rows="${BLOOM_ROWS:-10000000}"; bloom_files="${BLOOM_FILES:-100}"; lookups="${LOOKUPS:-20}"

echo "building the tables: $commits commits; $rows rows in $files files; $bloom_rows rows for bloom-index..." >&2
b="$work/bloom"
# one Spark session for the tables that need nothing in between (the bloom-index table too)
direct commits "$work/meta" "$commits" + generate "$work/base" "$rows" "$files" + csv "$work/csv" "$csv_rows" \
  "$csv_files" + keys "$b" "$bloom_rows" "$bloom_files"
cp -a "$work/base" "$work/compact"; "$deltactl" optimize "$work/compact" -q -o json >/dev/null
cp -a "$work/base" "$work/garbage"; direct overwrite "$work/garbage"   # 2 versions, 1st one's files unreferenced
csv_mb=$(du -sm "$work/csv" | cut -f1)
"$deltactl" create "$work/empty" -q --schema "id BIGINT, a INT, b INT, payload STRING" >/dev/null

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }
timed() { # out-var-prefix, command... : appends wall seconds and peak RSS MB
  local prefix="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local w m; read -r w m < "$work/time"
  eval "${prefix}_wall+=(\"$w\"); ${prefix}_rss+=(\"$((m / 1024))\")"
}
rows_out=()
case_() { # name, fresh-copy-from (or -), deltactl args..., --, direct args...
  local name="$1" from="$2"; shift 2
  [[ "$name" =~ ${BENCH_CASES:-.} ]] || return 0
  local a=() b=(); while [[ "$1" != "--" ]]; do a+=("$1"); shift; done; shift; b=("$@")
  local d_wall=() d_rss=() s_wall=() s_rss=()
  for _ in $(seq "$runs"); do
    [[ "$from" != "-" ]] && { rm -rf "$work/t"; cp -a "$from" "$work/t"; }
    timed d "$deltactl" "${a[@]}"
    [[ "$from" != "-" ]] && { rm -rf "$work/t"; cp -a "$from" "$work/t"; }
    timed s "${direct_cmd[@]}" "${b[@]}"
  done
  local dw sw; dw=$(median "${d_wall[@]}"); sw=$(median "${s_wall[@]}")
  rows_out+=("$(printf '| %-36s | %10.2f | %10.2f | %8.1fx | %11s | %11s |' "$name" "$dw" "$sw" \
    "$(awk "BEGIN {print $sw / $dw}")" "$(largest "${d_rss[@]}")" "$(largest "${s_rss[@]}")")")
  echo "${rows_out[-1]}" >&2
}

m="$work/meta"; t="$work/t"
case_ "history ($commits commits)" - history "$m" -o json -- history "$m"
case_ "describe ($commits commits)" - describe "$m" -o json -- describe "$m"
case_ "time-travel versions ($commits commits)" - time-travel versions "$m" -o json -- history "$m"
case_ "optimize ($files files)" "$work/base" optimize "$t" -o json -- optimize "$t"
case_ "zorder --by a,b" "$work/compact" zorder "$t" --by a,b --target-file-size 4m -o json -- zorder "$t" a,b 4194304
case_ "vacuum --retain 0h ($files files)" "$work/garbage" vacuum "$t" --retain 0h --force -o json -- vacuum "$t" 0
case_ "time-travel restore --version 0" "$work/garbage" time-travel restore "$t" --version 0 -o json -- restore "$t" 0
case_ "copy-into ($csv_files CSV files, $csv_mb MB)" "$work/empty" copy-into "$t" --from "$work/csv" --format csv \
  --format-option header=true -o json -- append-csv "$t" "$work/csv"
echo "copy-into and a plain append in one Spark session..." >&2
mkdir -p "$work/session"
read -r _ s_mb s_append s_copy s_ratio s_rows < <(direct copy-session "$work/csv" "$work/session" "$runs")
session_line="In one Spark session (no process start on either side, each run into a new empty table), copy-into
loaded the same $s_rows rows ($s_mb MB) in $s_copy s against $s_append s for the plain append: $s_ratio of its
throughput (median of $runs, A B A B)."
echo "$session_line" >&2

echo "bloom-index: $bloom_rows rows in $bloom_files files..." >&2
"$deltactl" bloom-index create "$b" --column "key:fpp=0.01:num-items=$((bloom_rows / bloom_files))" -o json >/dev/null
/usr/bin/time -f '%e' -o "$work/time" "$deltactl" bloom-index build "$b" -o json > "$work/build.json"
build_s=$(cat "$work/time")
field() { grep -o "\"$1\":[0-9.]*" "$2" | head -1 | cut -d: -f2; }
filter_bytes=$(field filterBytes "$work/build.json"); row_groups=$(field rowGroups "$work/build.json")
"$deltactl" describe "$b" -o json > "$work/describe.json"; table_bytes=$(field sizeInBytes "$work/describe.json")
direct lookups "$b" "$lookups" > "$work/lookups"
read -r _ _ n on_ms on_rows on_files on_ret < <(grep '^lookup on' "$work/lookups")
read -r _ _ _ off_ms off_rows off_files off_ret < <(grep '^lookup off' "$work/lookups")
rg() { awk "BEGIN {printf \"%.0f\", $1 * $row_groups / $bloom_rows}"; }
mb() { awk "BEGIN {printf \"%.1f\", $1 * $table_bytes / $bloom_rows / 1048576}"; }
bloom_report="$(cat <<BLOOM
bloom-index on $bloom_rows rows (id, a random 32-character key, a, b) in $bloom_files files, $row_groups row groups,
$(awk "BEGIN {printf \"%.0f\", $table_bytes / 1048576}") MB; index on key with fpp 0.01 and num-items $((bloom_rows / bloom_files)): \`bloom-index build\` took
$build_s s (whole process); the filters take $(awk "BEGIN {printf \"%.1f\", $filter_bytes / 1048576}") MB, $(awk "BEGIN {printf \"%.2f\", 100 * $filter_bytes / $table_bytes}")% of the table.
$n point lookups \`key = v\` (half present, half absent) in one session, filters on and off alternately:

| lookups ($n)        | rows read  | row groups read | data read MB | files opened | median ms | rows returned |
|---------------------|-----------:|----------------:|-------------:|-------------:|----------:|--------------:|
| with the index      | $(printf '%10s | %15s | %12s | %12s | %9s | %13s' "$on_rows" "$(rg "$on_rows")" "$(mb "$on_rows")" "$on_files" "$on_ms" "$on_ret") |
| bloom filtering off | $(printf '%10s | %15s | %12s | %12s | %9s | %13s' "$off_rows" "$(rg "$off_rows")" "$(mb "$off_rows")" "$off_files" "$off_ms" "$off_ret") |

With the index the lookups read $(awk "BEGIN {printf \"%.1f\", 100 * $on_rows / $off_rows}")% of the rows (and of the bytes) they read without it. Rows read
are Spark's scan metric (the rows of the row groups not skipped); row groups and data read follow from it
(rows per row group, table bytes per row).
BLOOM
)"
echo "$bloom_report" >&2

shell_report="$(BENCH_NO_BUILD=1 RUNS="$runs" bash "$root/bench/shell.sh")"
echo "$shell_report" >&2

commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(cd "$root" && git status --porcelain 2>/dev/null | grep -qv '^??' && echo " (with uncommitted changes)" || true)
report="$(cat <<REPORT
# deltactl benchmark, $(date -u +%Y-%m-%d)

- commit: $commit$dirty
- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) memory, $(uname -sr)
- java: $(java -version 2>&1 | head -1)
- tables: $commits commits of one row each (checkpoint every 10); $rows rows (id, a, b, payload) in $files files;
  $csv_rows rows of the same columns in $csv_files CSV files ($csv_mb MB) for copy-into
- each case: deltactl, then the same Delta API call in a plain Spark session with default settings started in
  its own process; A B A B, $runs runs; wall time is the median, peak RSS the largest of the runs

| case                                 | deltactl s |    Spark s |  speedup | deltactl MB |    Spark MB |
|--------------------------------------|-----------:|-----------:|---------:|------------:|------------:|
$(printf '%s\n' "${rows_out[@]}")

The Spark side of \`time-travel versions\` is \`DESCRIBE HISTORY\` (deltactl also checks each version's files);
of copy-into, \`read.csv(...)\` with the table's schema appended with \`write.format("delta")\` (no record of
the files loaded).

$session_line

$bloom_report

$shell_report
REPORT
)"
results="${BENCH_RESULTS:-$root/bench/results}"
mkdir -p "$results"
out="$results/$(date -u +%Y-%m-%d)-$commit.md"
echo "$report" > "$out"
echo; echo "$report"; echo; echo "written to $out"
