#!/usr/bin/env bash
# time-travel benchmark: `deltactl time-travel show --count` next to the same VERSION AS OF query in a plain
# Spark session, on a 1,000,000-row table with a few versions; whole process, median of RUNS (3).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
runs="${RUNS:-3}"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
direct generate "$work/t" 1000000 20
"$deltactl" sql -q "INSERT INTO delta.\`$work/t\` SELECT id + 1000000, 1, 1, 'x' FROM range(1000)" >/dev/null
"$deltactl" sql -q "DELETE FROM delta.\`$work/t\` WHERE id < 500" >/dev/null
d=(); s=()
for _ in $(seq "$runs"); do
  d+=("$(seconds "$deltactl" time-travel show "$work/t" --version 1 --count -o json)")
  s+=("$(seconds direct count-version "$work/t" 1)")
done
echo "deltactl: $("$deltactl" time-travel show "$work/t" --version 1 --count -o json)"
echo "direct:   $(direct count-version "$work/t" 1)"
dm=$(median "${d[@]}"); sm=$(median "${s[@]}")
printf '\n%-44s %8s\n' "count(*) at version 1 of 3, whole process" "seconds"
printf '%-44s %8.2f\n' "deltactl time-travel show --count" "$dm"
printf '%-44s %8.2f\n' "VERSION AS OF in a plain Spark session" "$sm"
printf '%-44s %8.2f\n' "ratio" "$(awk "BEGIN {print $dm / $sm}")"
