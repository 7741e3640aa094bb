#!/usr/bin/env bash
# vacuum benchmark: a table of FILES (20000) small files in PARTS (50) partitions, rewritten once by
# optimize, then vacuumed with --retain 0h --force by deltactl and by Delta's VACUUM SQL in a plain Spark
# session with Spark's default settings, each on its own copy. Prints the plan, the metrics and the ratio.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
files="${FILES:-20000}"; parts="${PARTS:-50}"; rows="${ROWS:-200000}"
count() { "$deltactl" sql "SELECT count(*) AS n FROM delta.\`$1\` VERSION AS OF $2" -o csv | tail -1 | tr -d '\r'; }

echo "generating $files files in $parts partitions..." >&2
direct generate-partitioned "$work/t" "$rows" "$files" "$parts"
"$deltactl" optimize "$work/t" -q -o json >/dev/null
rows_v1=$(count "$work/t" 1)
cp -a "$work/t" "$work/direct"

"$deltactl" vacuum "$work/t" --retain 0h --force --dry-run -o json > "$work/plan.json"
t_deltactl=$(seconds "$deltactl" vacuum "$work/t" --retain 0h --force -o json)
"$deltactl" history "$work/t" -n 1 -o json > "$work/end.json"
t_direct=$(seconds direct vacuum "$work/direct" 0)
rows_after=$(count "$work/t" 1)

planned=$(grep -o '"path"' "$work/plan.json" | wc -l)
bytes=$(sed 's/.*"totalBytes":\([0-9]*\).*/\1/' "$work/plan.json")
deleted=$(sed 's/.*"numDeletedFiles":"\([0-9]*\)".*/\1/' "$work/end.json")
left_deltactl=$(find "$work/t" -name '*.parquet' | wc -l)
left_direct=$(find "$work/direct" -name '*.parquet' | wc -l)
printf '\n%s files in %s partitions, rewritten by optimize; vacuum --retain 0h\n\n' "$files" "$parts"
printf 'dry-run plan: %s files, %s bytes\n' "$planned" "$bytes"
printf 'real run (VACUUM END): numDeletedFiles %s; data files left: deltactl %s, direct %s\n' \
  "$deleted" "$left_deltactl" "$left_direct"
printf 'rows at version 1 (after optimize): %s before, %s after vacuum\n\n' "$rows_v1" "$rows_after"
printf '%-34s %10s\n' "vacuum, whole process" "seconds"
printf '%-34s %10.2f\n' "deltactl (tuned session)" "$t_deltactl"
printf '%-34s %10.2f\n' "Delta VACUUM SQL, Spark defaults" "$t_direct"
printf '%-34s %10.2f\n' "ratio deltactl / direct" "$(awk "BEGIN {print $t_deltactl / $t_direct}")"
