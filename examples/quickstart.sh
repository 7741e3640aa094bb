#!/usr/bin/env bash
# deltactl quickstart: creates a partitioned Delta table from examples/data/sales.csv on the embedded
# Spark engine, appends a row with SQL, then shows describe and history.
#   DELTACTL_DEMO_DIR  where the demo table goes (default: target/demo in this checkout)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
deltactl="$root/deltactl"
demo="${DELTACTL_DEMO_DIR:-$root/target/demo}"
table="$demo/sales"
rm -rf "$table"
mkdir -p "$demo"

step() { printf '\n== %s\n' "$*"; }

step "deltactl create $table --from examples/data/sales.csv --format csv --partitioned-by region"
"$deltactl" create "$table" --from "$root/examples/data/sales.csv" --format csv \
  --format-option header=true --partitioned-by region \
  --property delta.enableDeletionVectors=true --comment "quickstart sales"

step "deltactl sql \"INSERT INTO delta.\`$table\` ...\""
"$deltactl" sql "INSERT INTO delta.\`$table\` VALUES (1021, DATE'2026-11-23', 'emea', 'widget', 1, 9.99)"

step "deltactl describe $table"
"$deltactl" describe "$table"

step "deltactl history $table"
"$deltactl" history "$table"

printf '\nThe table lives in %s\n' "$table"
