#!/usr/bin/env bash
# Cold whole-process wall time and peak RSS of one-shot commands (median of RUNS, default 5):
# describe on a path, sql "SELECT 1", and describe on a name (metastore).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${RUNS:-5}"
(cd "$root" && mvn -B -q -DskipTests package -pl cli -am >/dev/null)
deltactl="$root/cli/target/deltactl/bin/deltactl"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export DELTACTL_HOME="$work/home"
"$deltactl" create "$work/t" -q --as-select "SELECT id, CAST(id % 10 AS INT) AS day FROM range(1000)" --partitioned-by day >/dev/null
"$deltactl" create named_t -q --schema "id BIGINT" >/dev/null

measure() { # label, command...
  local label="$1"; shift
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r w m < "$work/time"; walls+=("$w"); rss+=("$m")
  done
  local mw mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
  printf '%-34s %10.2f %12d\n' "$label" "$mw" "$((mr / 1024))"
}
printf '%-34s %10s %12s\n' "command" "wall s" "peak RSS MB"
measure "describe PATH" "$deltactl" describe "$work/t"
measure "sql \"SELECT 1\"" "$deltactl" sql "SELECT 1"
measure "describe NAME (metastore)" "$deltactl" describe named_t
measure "history PATH" "$deltactl" history "$work/t"
measure "--version (no engine)" "$deltactl" --version
