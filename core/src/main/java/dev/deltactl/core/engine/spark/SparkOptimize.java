package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.OptimizePlan;
import dev.deltactl.core.api.OptimizePlanner;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * optimize and zorder on every Spark engine: validate, plan the table's files with {@link OptimizePlanner},
 * run Delta's {@code OPTIMIZE}, retry on conflict. The engines differ only in how they read the log ({@link Log}).
 */
record SparkOptimize(SparkSession spark, Log log, TableRef ref, OptimizeRequest request, Consumer<String> notices) {

  /** What optimize reads of the table beside the SQL it sends: Delta's snapshot in the classic driver, Kernel's on Connect. */
  interface Log {
    /** The latest version of the table, read again on each attempt. */
    Table latest();

    /** Every data file of {@code table} (partition values in partition column order), all matching. */
    List<OptimizePlanner.FileEntry> files(Table table);

    /** Settings of the rewrite beside the file sizes: the table's bloom filters on the files written, and such. */
    Map<String, String> runConf(Table table, boolean zOrder);

    /** The version of the first OPTIMIZE commit after {@code after}; the latest version when there is none. */
    long optimizeCommit(long after);

    /** Reports the progress of the jobs run until it is closed; a no-op where jobs are not seen. */
    default AutoCloseable progress(String what) {
      return () -> { };
    }
  }

  /** A version of the table, as optimize checks and plans it; {@code clusteringColumns} empty when not clustered. */
  record Table(long version, StructType schema, List<String> partitionColumns, Map<String, String> properties,
      List<String> clusteringColumns) {}

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkOptimize.class);

  OptimizeResult run() {
    long t0 = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Table table = log.latest();
      LOG.debug("version {} read at {} ms", table.version(), millis(t0));
      OptimizePlan plan = plan(table);
      LOG.debug("planned at {} ms", millis(t0));
      if (request.dryRun()) {
        return new OptimizeResult(OptimizeResult.Status.DRY_RUN, plan, plan.version(), Map.of(), millis(t0), attempt);
      }
      if (plan.nothingToDo()) {
        return new OptimizeResult(
            OptimizeResult.Status.NOTHING_TO_DO, plan, plan.version(), Map.of(), millis(t0), attempt);
      }
      try {
        Map<String, Object> metrics = execute(plan, table);
        LOG.debug("{} committed at {} ms", what(), millis(t0));
        long version = log.optimizeCommit(plan.version());
        LOG.debug("version {} found at {} ms", version, millis(t0));
        return new OptimizeResult(OptimizeResult.Status.OPTIMIZED, plan, version, metrics, millis(t0), attempt);
      } catch (Exception e) {
        DeltactlException d = SparkErrors.optimizeFailure(e, what(), ref.display(), attempt, request.retries(), notices);
        if (d != null) {
          throw d;
        }
      }
    }
  }

  private String what() {
    return request.zOrder() ? "zorder" : "optimize";
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private OptimizePlan plan(Table table) {
    OptimizePlanner.checkLayout(ref.display(), table.clusteringColumns(), request);
    List<OptimizePlanner.FileEntry> entries;
    if (table.clusteringColumns().isEmpty()) {
      SparkChecks.checkPartitionPredicate(spark, table.schema(), table.partitionColumns(), request.where());
      ZOrderColumns.check(request.zOrderBy(), table.schema(), table.partitionColumns(), table.properties(), notices);
      entries = log.files(table);
      if (request.where() != null) {
        Set<List<String>> matching = SparkChecks.partitionsWhere(spark, table.schema(), table.partitionColumns(),
            entries.stream().map(OptimizePlanner.FileEntry::partition).toList(), request.where());
        entries = entries.stream().map(f -> f.matching(matching.contains(f.partition()))).toList();
      }
    } else {
      entries = log.files(table);
    }
    return OptimizePlanner.plan(ref.display(), table.version(), table.partitionColumns(), table.clusteringColumns(),
        request, key -> {
          scala.Option<String> v = spark.conf().getOption(key);
          return v.isDefined() ? v.get() : null;
        }, entries);
  }

  private Map<String, Object> execute(OptimizePlan plan, Table table) throws Exception {
    StringBuilder sql = new StringBuilder("OPTIMIZE ").append(Sql.table(ref));
    if (request.where() != null) {
      sql.append(" WHERE ").append(request.where());
    }
    if (request.full()) {
      sql.append(" FULL");
    }
    if (request.zOrder()) {
      // a dotted name is a nested field, as Delta's own API reads it
      sql.append(" ZORDER BY (").append(request.zOrderBy().stream()
          .map(c -> List.of(c.split("\\.", -1)).stream().map(Sql::ident).collect(Collectors.joining(".")))
          .collect(Collectors.joining(", "))).append(')');
    }
    Map<String, String> runConf = new LinkedHashMap<>();
    runConf.put(OptimizePlanner.MAX_FILE_SIZE, String.valueOf(plan.targetFileSize()));
    if (!plan.clustered()) {
      runConf.put(OptimizePlanner.MIN_FILE_SIZE, String.valueOf(plan.minFileSize()));
    }
    runConf.putAll(log.runConf(table, request.zOrder()));
    try (AutoCloseable ignored = log.progress(what())) {
      return RunConf.with(spark, runConf, () -> {
        Dataset<Row> out = spark.sql(sql.toString());
        Row row = out.head();
        int i = out.schema().fieldIndex("metrics");
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics =
            (Map<String, Object>) RowValues.value(row.get(i), out.schema().fields()[i].dataType());
        return metrics;
      });
    }
  }
}
