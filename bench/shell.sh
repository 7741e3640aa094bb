#!/usr/bin/env bash
# The shell against one-shot commands. Wall time of a command on a small table (SHELL_ROWS rows in
# SHELL_FILES files) run as its own process, against the same command as the second of its kind in one
# `deltactl shell` (the first, on another copy of the table, opens what the command needs: the Kernel
# engine, or the Spark session): fed by a pipe, a line right after the last result (a script), and typed in
# a terminal (script(1) gives the shell one) after a pause of PAUSE seconds, as a user reads the result and
# types the next command (the interactive shell warms up meanwhile). A B A B, RUNS of each; medians.
# Prints a markdown table on stdout.
#   RUNS (5)  SHELL_ROWS (20000)  SHELL_FILES (20)  PAUSE (5)
# `bench/run.sh` runs it too and adds its table to the report.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/common.sh"
runs="${RUNS:-5}"; rows="${SHELL_ROWS:-20000}"; files="${SHELL_FILES:-20}"; pause="${PAUSE:-5}"

echo "the shell: a table of $rows rows in $files files..." >&2
direct generate "$work/small" "$rows" "$files"
now_ms() { date +%s%3N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fresh() { rm -rf "$1"; cp -a "$work/small" "$1"; }

# One-shot: the whole process, in ms.
one_shot() {
  local t0; t0=$(now_ms)
  "$deltactl" "$@" -o json >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  echo $(( $(now_ms) - t0 ))
}

# One shell, fed a line at a time; every result is one line of JSON. Prints the ms of each command, from
# sending the line to reading its result.
in_shell() {
  local line t0 out=()
  coproc SH { "$deltactl" shell 2>>"$work/shell.err"; }
  for cmd in "$@"; do
    t0=$(now_ms)
    echo "$cmd -o json" >&"${SH[1]}"
    IFS= read -r line <&"${SH[0]}" || { cat "$work/shell.err" >&2; exit 1; }
    out+=($(( $(now_ms) - t0 )))
  done
  echo exit >&"${SH[1]}"
  wait "$SH_PID" || true
  echo "${out[@]}"
}

# One shell in a terminal, typed into: PAUSE seconds before each command after the first. The result is
# the line holding the JSON (the terminal echoes the typed line, and draws progress, on others).
in_terminal() {
  local line t0 out=() first=1
  coproc TSH { TERM=dumb script -qfec "$deltactl shell" /dev/null 2>>"$work/shell.err"; }
  for cmd in "$@"; do
    (( first )) || sleep "$pause"
    first=0
    t0=$(now_ms)
    echo "$cmd -o json" >&"${TSH[1]}"
    local seen=()
    while true; do
      # the shell's errors come on the terminal too: show what it printed
      IFS= read -r line <&"${TSH[0]}" || { echo "the shell in a terminal ended early:" >&2; printf '%s\n' "${seen[@]}" >&2; exit 1; }
      [[ "$line" == *'{"'* ]] && break
      seen+=("$line")
    done
    out+=($(( $(now_ms) - t0 )))
  done
  echo exit >&"${TSH[1]}"
  wait "$TSH_PID" || true
  echo "${out[@]}"
}

shell_rows=()
shell_case() { # name, how the shell is fed (in_shell, in_terminal), command (its table is the last word)
  local name="$1" feed="$2" command="$3" a=() b=()
  [[ "$name" =~ ${BENCH_CASES:-.} ]] || return 0
  for _ in $(seq "$runs"); do
    fresh "$work/a"; fresh "$work/b"
    # shellcheck disable=SC2086
    a+=("$(one_shot $command "$work/b")")
    fresh "$work/a"; fresh "$work/b"
    local ms; read -r _ ms < <("$feed" "$command $work/a" "$command $work/b")
    [[ -n "$ms" ]] || { echo "no time for the shell's second command ($feed)" >&2; exit 1; }
    b+=("$ms")
  done
  local one sh; one=$(median "${a[@]}"); sh=$(median "${b[@]}")
  shell_rows+=("$(printf '| %-22s | %11.2f | %21.3f | %7.1fx | %-28s |' "$name" "$(awk "BEGIN {print $one / 1000}")" \
    "$(awk "BEGIN {print $sh / 1000}")" "$(awk "BEGIN {print $one / $sh}")" "$(printf '%s ' "${b[@]}")")")
  echo "${shell_rows[-1]}" >&2
}

shell_case "describe" in_shell "describe"
shell_case "optimize" in_shell "optimize"
shell_case "optimize, typed" in_terminal "optimize"

cat <<SHELL
The shell against one-shot commands, on a table of $rows rows in $files files (a fresh copy for every
command): the command as its own process, and as the second of its kind in one \`deltactl shell\` (the
first, on another copy, opens the engine), sent right after the first's result (a script), or typed in a
terminal $pause s after it (the interactive shell warms up in the pause); wall time from sending the line to
reading the result; median of $runs, A B A B.

| command                | one-shot s | second in the shell s |   ratio | shell runs (ms)              |
|------------------------|-----------:|----------------------:|--------:|------------------------------|
$(printf '%s\n' "${shell_rows[@]}")
SHELL
