#!/usr/bin/env bash
# How deltactl's costs grow with a table's files and with the length of its log. Builds tables of
# SCALE_FILES files (each over SCALE_FILE_COMMITS versions, checkpointed every 10 versions as Delta does by
# default), one more of SCALE_PAST_FILES files with SCALE_PAST commits after its last checkpoint, and logs of
# SCALE_LOGS commits (commits without data changes, a checkpoint every 10); then runs each command on each,
# A B A B: deltactl, then the same answer from Delta's API in a plain Spark session with default settings in
# its own process (DirectDelta; "-" where Delta has no such answer). Wall time (median of RUNS), peak RSS
# (largest of RUNS) and, for the file tables, milliseconds per 1,000 files. Prints a markdown report on
# stdout and writes it to bench/results/ (BENCH_RESULTS).
#   RUNS (1)  SCALE_FILES ("1000 10000 100000")  SCALE_FILE_COMMITS (100)
#   SCALE_PAST_FILES (10000)  SCALE_PAST (1000)  SCALE_LOGS ("1000 100000")
#   SCALE_CASES: a regular expression; only the commands whose names match run (default: all)
#   SCALE_SPARK=0: deltactl only (no Spark column)
#   SCALE_RECORDS ("0 1000 10000 100000 100000:99000"): copy-into's record, tables that have loaded that many
#   files (N:E: the table keeps its record 30 days, and E of the N were loaded 60 days ago); runs when
#   SCALE_CASES matches "record"; SCALE_RECORD_COMMITS (100, a multiple of 10): the commits they are loaded over
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
runs="${RUNS:-1}"; sizes=(${SCALE_FILES:-1000 10000 100000}); file_commits="${SCALE_FILE_COMMITS:-100}"
past_files="${SCALE_PAST_FILES:-10000}"; past="${SCALE_PAST:-1000}"; logs=(${SCALE_LOGS:-1000 100000})
spark_side="${SCALE_SPARK:-1}"
wanted() { [[ "$1" =~ ${SCALE_CASES:-.} ]]; }
records=(${SCALE_RECORDS:-0 1000 10000 100000 100000:99000})
wanted record || records=()
record_commits="${SCALE_RECORD_COMMITS:-100}"

echo "building: tables of ${sizes[*]} files, $past_files files + $past commits past the checkpoint, logs of ${logs[*]} commits..." >&2
t0=$(date +%s)
build=()
for n in "${sizes[@]}"; do build+=(+ scale-table "$work/f$n" "$n" "$file_commits" 0); done
build+=(+ scale-table "$work/past" "$past_files" "$file_commits" "$past")
for n in "${logs[@]}"; do build+=(+ long-log "$work/l$n" "$n"); done
for n in "${records[@]}"; do
  e=0; [[ "$n" != *:* ]] || e="${n#*:}"
  build+=(+ record-table "$work/r${n/:/x}" "$work/src${n/:/x}" "${n%%:*}" "$record_commits" "$e")
done
direct "${build[@]:1}"
build_s=$(( $(date +%s) - t0 ))
echo "built in $build_s s" >&2

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }
# timed PREFIX command...: wall seconds and peak RSS MB appended to PREFIX_wall and PREFIX_rss
timed() {
  local prefix="$1"; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/$prefix.out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local w m; read -r w m < "$work/time"
  eval "${prefix}_wall+=(\"$w\"); ${prefix}_rss+=(\"$((m / 1024))\")"
}
rows=()
declare -A wall
# measure NAME TABLE-LABEL FILES(or -) -- deltactl args -- direct args (none: no Spark side)
measure() {
  local name="$1" label="$2" nfiles="$3"; shift 4
  wanted "$name" || return 0
  local a=() b=(); while [[ $# -gt 0 && "$1" != "--" ]]; do a+=("$1"); shift; done
  [[ $# -gt 0 ]] && { shift; b=("$@"); }
  [[ "$spark_side" == 1 ]] || b=()
  local d_wall=() d_rss=() s_wall=() s_rss=()
  for _ in $(seq "$runs"); do
    timed d "$deltactl" "${a[@]}"
    [[ ${#b[@]} -eq 0 ]] || timed s "${direct_cmd[@]}" "${b[@]}"
  done
  local dw sw="-" sr="-" ratio="-" per="-"
  dw=$(median "${d_wall[@]}")
  if [[ ${#b[@]} -gt 0 ]]; then
    sw=$(median "${s_wall[@]}"); sr=$(largest "${s_rss[@]}"); ratio=$(awk "BEGIN {printf \"%.1fx\", $sw / $dw}")
  fi
  [[ "$nfiles" == "-" ]] || per=$(awk "BEGIN {printf \"%.2f\", 1000 * 1000 * $dw / $nfiles}")
  wall["$name|$label"]="$dw"
  rows+=("$(printf '| %-28s | %-26s | %10s | %8s | %15s | %10s | %8s | %8s |' "$name" "$label" "$dw" \
    "$(largest "${d_rss[@]}")" "$per" "$sw" "$sr" "$ratio")")
  echo "${rows[-1]}" >&2
}

file_table() { # path label files
  local t="$1" label="$2" n="$3"
  measure "describe" "$label" "$n" -- describe "$t" -o json -- describe "$t"
  measure "history -n 10" "$label" "$n" -- history "$t" -n 10 -o json -- history-n "$t" 10
  measure "history" "$label" "$n" -- history "$t" -o json -- history "$t"
  measure "time-travel versions" "$label" "$n" -- time-travel versions "$t" -o json -- history "$t"
  measure "time-travel show --count" "$label" "$n" -- time-travel show "$t" --count -o json -- count "$t"
  measure "optimize --dry-run" "$label" "$n" -- optimize "$t" --dry-run -o json -- snapshot-files "$t"
  measure "vacuum --dry-run" "$label" "$n" -- vacuum "$t" --dry-run -o json -- vacuum-dry "$t"
  measure "vacuum --dry-run --mode lite" "$label" "$n" -- vacuum "$t" --dry-run --mode lite -o json -- vacuum-dry "$t" lite
  measure "bloom-index show" "$label" "$n" -- bloom-index show "$t" -o json
  measure "health" "$label" "$n" -- health "$t" -o json -- health "$t"
  measure "files" "$label" "$n" -- files "$t" -o csv -- input-files "$t"
}
for n in "${sizes[@]}"; do file_table "$work/f$n" "$n files" "$n"; done
file_table "$work/past" "$past_files files, $past past ckpt" "$past_files"
for n in "${logs[@]}"; do
  l="$work/l$n"
  measure "describe" "$n commits" - -- describe "$l" -o json -- describe "$l"
  measure "history -n 10" "$n commits" - -- history "$l" -n 10 -o json -- history-n "$l" 10
  measure "history" "$n commits" - -- history "$l" -o json -- history "$l"
  measure "time-travel versions" "$n commits" - -- time-travel versions "$l" -o json -- history "$l"
  measure "time-travel versions -n 10" "$n commits" - -- time-travel versions "$l" -n 10 -o json -- history-n "$l" 10
done

# copy-into's record of loaded files: a txn action per file ever loaded, in the table's state. Tables that have
# loaded 0, 1,000, ... files (SCALE_RECORD_COMMITS commits, a data file each; see ScaleTables record-table):
# what the record costs a reader (Delta's API on Spark, Kernel) and copy-into itself, for a new batch and for a
# re-run
record_rows=()
if [[ ${#records[@]} -gt 0 ]]; then
  mkdir -p "$work/new10"
  for i in $(seq 10); do printf 'id,s\n%d,new\n' "$i" > "$work/new10/n$i.csv"; done
  declare -A rec
  rec_measure() { # name n command...
    local name="$1" n="$2"; shift 2
    local r_wall=() r_rss=()
    for _ in $(seq "$runs"); do
      [[ "$name" != "copy-into of 10 new files" ]] || { rm -rf "$work/rc"; cp -a "$work/r${n/:/x}" "$work/rc"; }
      timed r "$@"
    done
    rec["$name|$n"]="$(median "${r_wall[@]}") s, $(largest "${r_rss[@]}") MB"
  }
  for n in "${records[@]}"; do
    t="$work/r${n/:/x}"; loaded="${n%%:*}"; expired=0; [[ "$n" != *:* ]] || expired="${n#*:}"
    [[ "$spark_side" != 1 ]] || rec_measure "count() with Delta's API on Spark" "$n" "${direct_cmd[@]}" count "$t"
    rec_measure "describe (Kernel)" "$n" "$deltactl" describe "$t" -o json
    rec_measure "copy-into of 10 new files" "$n" "$deltactl" copy-into "$work/rc" --from "$work/new10" --format csv \
      --format-option header=true -o json
    grep -q '"numFilesLoaded":10,' "$work/r.out" || { echo "copy-into did not load the 10 new files" >&2; exit 1; }
    rec_measure "copy-into re-run (all loaded)" "$n" "$deltactl" copy-into "$t" --from "$work/src${n/:/x}" --format csv \
      --format-option header=true -o json
    # every file is skipped as recorded, or (its record expired) rejected as older than the record reaches
    grep -q "\"numFilesSkipped\":$((loaded - expired))," "$work/r.out" \
      && [[ $(grep -o '"reason":"last modified before' "$work/r.out" | wc -l) -eq $expired ]] \
      || { echo "copy-into did not find the $n files recorded" >&2; exit 1; }
    ckpt=("$t/_delta_log/"*.checkpoint.parquet)
    [[ -f "${ckpt[-1]}" && -f "${ckpt[-1]%.checkpoint.parquet}.crc" ]] \
      || { echo "no checkpoint and checksum file in $t: Delta did not write them" >&2; exit 1; }
    rec["checkpoint, checksum file|$n"]="$(( $(stat -c %s "${ckpt[-1]}") / 1024 )) KB, $(( $(stat -c %s "${ckpt[-1]%.checkpoint.parquet}.crc") / 1024 )) KB"
  done
  header="| files loaded |"; line="|---|"
  for n in "${records[@]}"; do
    [[ "$n" != *:* ]] && header+=" $n |" || header+=" ${n%%:*}, ${n#*:} expired |"; line+="---:|"
  done
  record_rows+=("$header" "$line")
  for name in "count() with Delta's API on Spark" "describe (Kernel)" "copy-into of 10 new files" \
      "copy-into re-run (all loaded)" "checkpoint, checksum file"; do
    [[ -n "${rec["$name|${records[0]}"]:-}" ]] || continue
    row="| $name |"; for n in "${records[@]}"; do row+=" ${rec["$name|$n"]} |"; done
    record_rows+=("$row"); echo "$row" >&2
  done
fi

# the growth: time per file at the largest size against the smallest, and the longest log against the shortest
growth=()
small="${sizes[0]}"; big="${sizes[-1]}"
for c in describe "optimize --dry-run" "vacuum --dry-run" health files "time-travel show --count"; do
  a="${wall["$c|$small files"]:-}"; z="${wall["$c|$big files"]:-}"
  [[ -n "$a" && -n "$z" && "$big" != "$small" ]] || continue
  growth+=("- $c: time per file at $big files is $(awk "BEGIN {printf \"%.2f\", ($z / $big) / ($a / $small)}")x that at $small files (goal: at most 1.5x)")
done
short="${logs[0]}"; long="${logs[-1]}"
for c in "history -n 10" "time-travel versions -n 10" describe; do
  a="${wall["$c|$short commits"]:-}"; z="${wall["$c|$long commits"]:-}"
  [[ -n "$a" && -n "$z" && "$long" != "$short" ]] || continue
  growth+=("- $c: $long commits take $(awk "BEGIN {printf \"%.2f\", $z / $a}")x the time of $short commits (goal: under 1.5x)")
done

commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
report="$(cat <<REPORT
# deltactl at scale, $(date -u +%Y-%m-%d)

- commit: $commit
- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) memory, $(uname -sr)
- java: $(java -version 2>&1 | head -1)
- tables (built in $build_s s): ${sizes[*]} files of 3 columns over $file_commits versions, a checkpoint every 10
  versions; $past_files files with $past one-file commits after the last checkpoint; logs of ${logs[*]} commits
  (commits without data changes after the first, a checkpoint every 10)
- each command: deltactl, then the same answer from Delta's API in a plain Spark session with default settings
  in its own process; A B A B, $runs run(s); wall time is the median, peak RSS the largest

| command                      | table                      | deltactl s |       MB | ms per 1k files |    Spark s | Spark MB |  speedup |
|------------------------------|----------------------------|-----------:|---------:|----------------:|-----------:|---------:|---------:|
$(printf '%s\n' "${rows[@]}")

$(printf '%s\n' "${growth[@]}")

The Spark side of \`time-travel versions\` is \`DESCRIBE HISTORY\`; of \`time-travel show --count\`, \`count()\` of
the current version; of \`optimize --dry-run\`, the snapshot's file list (\`DeltaLog.update().allFiles\`: Delta
has no optimize plan); of \`vacuum --dry-run\`, \`VACUUM ... [LITE] DRY RUN\`; of health, the same figures from
\`allFiles\` (see bench/run.sh); of files, \`inputFiles()\`. \`bloom-index show\` has no Spark side.
$([[ ${#record_rows[@]} -eq 0 ]] || printf '\n## copy-into'"'"'s record of loaded files\n\nTables that copy-into has loaded that many files into (%s commits; the record is one txn action per\nfile, in the table'"'"'s state; "N, E expired": the table keeps its record 30 days and E of the N files were\nloaded 60 days ago); wall time and peak RSS (median and largest of %s):\n\n%s\n' "$record_commits" "$runs" "$(printf '%s\n' "${record_rows[@]}")")
REPORT
)"
results="${BENCH_RESULTS:-$root/bench/results}"
mkdir -p "$results"
out="$results/$(date -u +%Y-%m-%d)-$commit-scale.md"
echo "$report" > "$out"
echo "$report"; echo; echo "written to $out"
