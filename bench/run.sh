#!/usr/bin/env bash
# deltactl benchmark. Builds its tables, then runs every case side by side in one run, A B A B: deltactl,
# then the same answer from Delta's own API in a plain Spark session with default settings started in its
# own process (DirectDelta). Whole-process wall time (median of RUNS) and peak RSS (largest of RUNS).
# Prints a table and writes it, with the machine and the commit, to bench/results/.
#   RUNS (5)  COMMITS (1000): commits of the metadata table  ROWS (400000), FILES (100): the data table
#   CSV_ROWS (1000000), CSV_FILES (20): the CSV files copy-into loads
#   BLOOM_ROWS (10000000), BLOOM_FILES (100), LOOKUPS (20): the bloom-index table and its point lookups
#   SHELL_ROWS (20000), SHELL_FILES (20): the table of bench/shell.sh (the shell against one-shot runs)
#   HEALTH_FILES (20000), HEALTH_COMMITS (1000), HEALTH_ROWS (4000): the health table: HEALTH_ROWS rows in 20
#     files (deletion vectors in 5), then commits adding copies of them up to HEALTH_FILES files in
#     HEALTH_COMMITS versions (every 100th copy without statistics), a checkpoint at 70% of the versions;
#     about 20 s to build at the default sizes here (see ManyFiles)
#   MAINTAIN_TABLES (10), MAINTAIN_FILES (60), MAINTAIN_COMMITS (25): the tables of maintain, each due for
#     optimize (small files) and a checkpoint (commits without one); the maintain case is skipped, with a
#     line in the report, when this build has no maintain command
#   LISTING_FILES (200000), LISTING_COMMITS (200): the table of the files case, built as the health table
#     (copies of 20 files, statistics and deletion vectors included); deltactl files lists every file with its
#     fields as CSV, Spark gives the paths of the same version (inputFiles())
#   BENCH_RESULTS: where to write the report (bench/results)
#   BENCH_DIRECT_OPTS: more JVM options for the Spark side (see common.sh; a measurement leaves it unset)
#   BENCH_CASES: a regular expression; only the cases (of both tables) whose names match run (default: all)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
runs="${RUNS:-5}"; commits="${COMMITS:-1000}"; rows="${ROWS:-400000}"; files="${FILES:-100}"
csv_rows="${CSV_ROWS:-1000000}"; csv_files="${CSV_FILES:-20}"
bloom_rows="${BLOOM_ROWS:-10000000}"; bloom_files="${BLOOM_FILES:-100}"; lookups="${LOOKUPS:-20}"
health_files="${HEALTH_FILES:-20000}"; health_commits="${HEALTH_COMMITS:-1000}"; health_rows="${HEALTH_ROWS:-4000}"
maintain_tables="${MAINTAIN_TABLES:-10}"; maintain_files="${MAINTAIN_FILES:-60}"
maintain_commits="${MAINTAIN_COMMITS:-25}"
listing_files="${LISTING_FILES:-200000}"; listing_commits="${LISTING_COMMITS:-200}"
wanted() { [[ "$1" =~ ${BENCH_CASES:-.} ]]; }
health_case="health ($health_files files, $health_commits commits)"
files_case="files ($listing_files files)"
maintain_case="maintain ($maintain_tables table$([[ "$maintain_tables" == 1 ]] || echo s)) / one-shots"
# tables only the cases that run need
extra=(); maintain_note=""
wanted "$health_case" && extra+=(+ health-table "$work/health" "$health_files" "$health_commits" "$health_rows")
wanted "$files_case" && extra+=(+ health-table "$work/listing" "$listing_files" "$listing_commits" 4000)
if wanted "$maintain_case"; then
  # (an unknown command with --help prints the top-level usage and exits 0: look for maintain's own usage)
  if "$deltactl" maintain --help 2>/dev/null | grep -q '^Usage: deltactl maintain '; then
    extra+=(+ maintain-table "$work/maintain" "$maintain_files" "$maintain_commits")
  else
    maintain_note="maintain: skipped, this build has no maintain command (\`deltactl maintain --help\` prints no usage of it)."
    echo "$maintain_note" >&2
  fi
fi

echo "building the tables: $commits commits; $rows rows in $files files; $bloom_rows rows for bloom-index..." >&2
b="$work/bloom"
# one Spark session for the tables that need nothing in between (the bloom-index table too)
direct commits "$work/meta" "$commits" + generate "$work/base" "$rows" "$files" + csv "$work/csv" "$csv_rows" \
  "$csv_files" + keys "$b" "$bloom_rows" "$bloom_files" "${extra[@]}"
cp -a "$work/base" "$work/compact"; "$deltactl" optimize "$work/compact" -q -o json >/dev/null
cp -a "$work/base" "$work/garbage"; direct overwrite "$work/garbage"   # 2 versions, 1st one's files unreferenced
csv_mb=$(du -sm "$work/csv" | cut -f1)
"$deltactl" create "$work/empty" -q --schema "id BIGINT, a INT, b INT, payload STRING" >/dev/null

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }
timed() { # out-var-prefix, command... : appends wall seconds and peak RSS MB; stdout goes to $work/PREFIX.out
  local prefix="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/$prefix.out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local w m; read -r w m < "$work/time"
  eval "${prefix}_wall+=(\"$w\"); ${prefix}_rss+=(\"$((m / 1024))\")"
}
rows_out=()
# case_ name, fresh-copy-from (or -), deltactl args..., --, direct args...
# Set for one call: case_copies=N: N fresh copies $work/t1..tN instead of $work/t; case_other=command: the
# other side is this command (words split at spaces) with the args after -- instead of DirectDelta; case_check=function: called with
# d or s after each side, its output in $work/d.out or $work/s.out, to check it (it exits on a mismatch).
fresh() {
  [[ "$1" == "-" ]] && return 0
  if [[ -z "${case_copies:-}" ]]; then rm -rf "$work/t"; cp -a "$1" "$work/t"; return 0; fi
  local i; for i in $(seq "$case_copies"); do rm -rf "$work/t$i"; cp -a "$1" "$work/t$i"; done
}
case_() {
  local name="$1" from="$2"; shift 2
  wanted "$name" || return 0
  local a=() b=(); while [[ "$1" != "--" ]]; do a+=("$1"); shift; done; shift; b=("$@")
  local other=("${direct_cmd[@]}"); [[ -z "${case_other:-}" ]] || read -ra other <<< "$case_other"
  local d_wall=() d_rss=() s_wall=() s_rss=()
  for _ in $(seq "$runs"); do
    fresh "$from"
    timed d "$deltactl" "${a[@]}"
    [[ -z "${case_check:-}" ]] || "$case_check" d
    fresh "$from"
    timed s "${other[@]}" "${b[@]}"
    [[ -z "${case_check:-}" ]] || "$case_check" s
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

# health: Kernel's figures against the same figures from Delta's API on Spark; they must be equal
same_health() {
  [[ "$1" == s ]] || return 0
  local name value got bad=0
  while read -r name value; do
    got=$(grep -o "\"$name\":[0-9.Ee-]*" "$work/d.out" | head -1 | cut -d: -f2)
    [[ "$got" == "$value" ]] || { echo "health: $name is ${got:-missing} in deltactl health, $value with Spark" >&2; bad=1; }
  done < "$work/s.out"
  grep -q '^commitsSinceCheckpoint ' "$work/s.out" || { echo "health: no figures from Spark" >&2; bad=1; }
  [[ "$bad" == 0 ]] || { echo "health: deltactl and Spark disagree on $work/health (above)" >&2; exit 1; }
}
h="$work/health"
case_check=same_health case_ "$health_case" - health "$h" -o json -- health "$h"

# files: every file of the version with its fields, streamed as CSV, against the paths Spark lists; the same
# number of files on both sides
same_files() {
  local n
  if [[ "$1" == d ]]; then n=$(($(wc -l < "$work/d.out") - 1)); else n=$(tail -1 "$work/s.out"); fi
  [[ "$n" == "$listing_files" ]] || { echo "files: $listing_files files expected, $([[ "$1" == d ]] \
    && echo "deltactl files" || echo "Spark") listed $n" >&2; exit 1; }
}
l="$work/listing"
case_check=same_files case_ "$files_case" - files "$l" -o csv -- input-files "$l"

# maintain: one process for all tables against optimize and checkpoint as one-shot commands, table by table;
# after each side every table must have been compacted to one file and checkpointed at its latest version
cat > "$work/one-shots.sh" <<ONE_SHOTS
for t in "\$@"; do "$deltactl" optimize "\$t" -q -o json && "$deltactl" checkpoint "\$t" -q -o json || exit 1; done
ONE_SHOTS
maintained() {
  local i j; for i in $(seq "$maintain_tables"); do
    "$deltactl" health "$work/t$i" -o json > "$work/after.json"
    for j in '"numFiles":1,' '"commitsSinceCheckpoint":0,'; do
      grep -q "$j" "$work/after.json" || { echo "maintain: after the $([[ "$1" == d ]] && echo "maintain" \
        || echo "one-shot") run $work/t$i lacks $j: $(cat "$work/after.json")" >&2; exit 1; }
    done
  done
}
if [[ -z "$maintain_note" ]]; then
  mt=(); for i in $(seq "$maintain_tables"); do mt+=("$work/t$i"); done
  case_copies="$maintain_tables" case_other="bash $work/one-shots.sh" case_check=maintained \
    case_ "$maintain_case" "$work/maintain" maintain "${mt[@]}" -o json -- "${mt[@]}"
fi

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
  $csv_rows rows of the same columns in $csv_files CSV files ($csv_mb MB) for copy-into;
  for health $health_files small files in $health_commits versions, deletion vectors in some, 1% without
  statistics, $((health_commits - health_commits * 7 / 10 - 1)) commits since the last checkpoint; for files the same
  kind of table with $listing_files files in $listing_commits versions; for maintain $maintain_tables tables of $maintain_files small files in
  $maintain_commits commits without a checkpoint (fresh copies for each run)
- each case: deltactl, then the same Delta API call in a plain Spark session with default settings started in
  its own process; A B A B, $runs runs; wall time is the median, peak RSS the largest of the runs

| case                                 | deltactl s |    Spark s |  speedup | deltactl MB |    Spark MB |
|--------------------------------------|-----------:|-----------:|---------:|------------:|------------:|
$(printf '%s\n' "${rows_out[@]}")

The Spark side of \`time-travel versions\` is \`DESCRIBE HISTORY\` (deltactl also checks each version's files);
of copy-into, \`read.csv(...)\` with the table's schema appended with \`write.format("delta")\` (no record of
the files loaded). The Spark side of health is \`DeltaLog.update().allFiles\` aggregated in one query (count, sum,
min, \`percentile_disc\`, max, small files, \`deletionVector.cardinality\`, files without \`numRecords\`) and the
snapshot's checkpoint version; each run checks that both give the same figures. The Spark side of files is
\`inputFiles()\` of the table read at its current version (paths only; deltactl prints every field of every
file as CSV); each run checks that both list every file. The other side of maintain
is not Spark's API but deltactl's one-shot commands: \`optimize\` then \`checkpoint\` for each table in turn,
one process each, timed as one shell loop; each run checks that every table ends with one file and a
checkpoint of its latest version.${maintain_note:+
$maintain_note}

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
