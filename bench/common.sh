# Shared by the bench scripts: builds the distribution and the baseline, and defines
#   deltactl   the built launcher
#   direct     the baseline: Delta calls in a plain Spark session with default settings (DirectDelta)
#   work       a temporary folder removed on exit; DELTACTL_HOME points inside it
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# BENCH_NO_BUILD=1: the distribution and bench/target/classes are built already (the smoke test)
[[ -n "${BENCH_NO_BUILD:-}" ]] || (cd "$root" && mvn -B -q -DskipTests package -pl bench -am >/dev/null)
deltactl="$root/cli/target/deltactl/bin/deltactl"
bench_cp="$root/bench/target/classes:$root/cli/target/deltactl/lib/*:$root/cli/target/deltactl/lib/spark/*"
java_opts=(-Xmx2g -XX:+UseParallelGC -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dorg.slf4j.simpleLogger.defaultLogLevel=off
  -Dlog4j2.loggerContextFactory=org.apache.logging.slf4j.SLF4JLoggerContextFactory)
# BENCH_DIRECT_OPTS: more JVM options for the baseline (the smoke test's -Dspark.sql.shuffle.partitions=2
# keeps its tiny tables from taking Spark's 200 shuffle tasks; a measurement leaves Spark's defaults)
# shellcheck disable=SC2206
direct_cmd=(java "${java_opts[@]}" ${BENCH_DIRECT_OPTS:-} -cp "$bench_cp" dev.deltactl.bench.DirectDelta)
direct() { "${direct_cmd[@]}" "$@"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export DELTACTL_HOME="$work/home"
