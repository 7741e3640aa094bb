package dev.deltactl.core.engine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;

import dev.deltactl.core.api.OptimizePlan;
import dev.deltactl.core.api.OptimizePlanner;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** optimize and zorder on Spark: validate, plan from the snapshot, run Delta's optimize, retry on conflict. */
final class SparkOptimize {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkOptimize.class);
  private final SparkSession spark;
  private final DeltaTable table;
  private final String display;
  private final OptimizeRequest request;
  private final Consumer<String> notices;
  private final ProgressListener progress;
  private final dev.deltactl.core.engine.kernel.KernelEngine kernel;

  /** @param kernel lists the files to plan from the log in this process (no Spark job); null to ask Spark */
  SparkOptimize(SparkSession spark, DeltaTable table, String display, OptimizeRequest request,
      Consumer<String> notices, ProgressListener progress, dev.deltactl.core.engine.kernel.KernelEngine kernel) {
    this.kernel = kernel;
    this.spark = spark;
    this.table = table;
    this.display = display;
    this.request = request;
    this.notices = notices;
    this.progress = progress;
  }

  OptimizeResult run() {
    long t0 = System.nanoTime();
    DeltaLog log = table.deltaLog(); // no DESCRIBE DETAIL job for the location
    int attempt = 0;
    while (true) {
      attempt++;
      Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
      LOG.debug("snapshot of version {} at {} ms", snapshot.version(), millis(t0));
      OptimizePlan plan = plan(snapshot);
      LOG.debug("planned at {} ms", millis(t0));
      if (request.dryRun()) {
        return new OptimizeResult(OptimizeResult.Status.DRY_RUN, plan, plan.version(), Map.of(), millis(t0), attempt);
      }
      if (plan.nothingToDo()) {
        return new OptimizeResult(
            OptimizeResult.Status.NOTHING_TO_DO, plan, plan.version(), Map.of(), millis(t0), attempt);
      }
      try {
        Map<String, Object> metrics = execute(plan, snapshot);
        LOG.debug("{} committed at {} ms", what(), millis(t0));
        long version = optimizeVersion(log, plan.version());
        LOG.debug("version {} found at {} ms", version, millis(t0));
        return new OptimizeResult(OptimizeResult.Status.OPTIMIZED, plan, version, metrics, millis(t0), attempt);
      } catch (Exception e) {
        DeltactlException d = SparkErrors.optimizeFailure(e, what(), display, attempt, request.retries(), notices);
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

  // ---------------------------------------------------------------- validation and plan

  private OptimizePlan plan(Snapshot snapshot) {
    StructType schema = snapshot.metadata().schema();
    List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    Map<String, String> config = CollectionConverters.asJava(snapshot.metadata().configuration());
    checkWhere(schema, partitionColumns);
    ZOrderColumns.check(request.zOrderBy(), schema, partitionColumns, config, notices);

    List<OptimizePlanner.FileEntry> entries = request.where() == null && kernel != null
        ? kernelEntries(snapshot, partitionColumns) : null;
    if (entries == null) {
      entries = sparkEntries(snapshot, schema, partitionColumns);
    }
    long maxFileSize = request.targetFileSize() != null ? request.targetFileSize()
        : Long.parseLong(spark.conf().get(DeltaFacts.MAX_FILE_SIZE, String.valueOf(OptimizePlanner.DEFAULT_MAX_FILE_SIZE)));
    long minFileSize = request.minFileSize() != null ? request.minFileSize()
        : Long.parseLong(spark.conf().get(DeltaFacts.MIN_FILE_SIZE, String.valueOf(OptimizePlanner.DEFAULT_MIN_FILE_SIZE)));
    double ratio = Double.parseDouble(
        spark.conf().get(DeltaFacts.MAX_DELETED_ROWS_RATIO, String.valueOf(OptimizePlanner.DEFAULT_MAX_DELETED_ROWS_RATIO)));
    return OptimizePlanner.plan(display, snapshot.version(), partitionColumns, request, maxFileSize, minFileSize,
        ratio, entries);
  }

  /** The files to plan, listed by Kernel from the log: no Spark job; null when Kernel cannot read the table. */
  private List<OptimizePlanner.FileEntry> kernelEntries(Snapshot snapshot, List<String> partitionColumns) {
    var files = kernel.dataFiles(snapshot.deltaLog().dataPath().toString(), snapshot.version());
    if (files.isEmpty()) {
      return null;
    }
    List<OptimizePlanner.FileEntry> entries = new ArrayList<>();
    for (var f : files.get()) {
      List<String> partition = new ArrayList<>(partitionColumns.size());
      for (String p : partitionColumns) {
        partition.add(f.partitionValues().get(p));
      }
      entries.add(new OptimizePlanner.FileEntry(partition, f.size(), f.numRecords(), f.deletedRows(),
          f.hasDeletionVector(), true));
    }
    return entries;
  }

  /** The files to plan, from the snapshot's state in Spark, with --where evaluated on their partitions. */
  private List<OptimizePlanner.FileEntry> sparkEntries(Snapshot snapshot, StructType schema,
      List<String> partitionColumns) {
    Dataset<Row> files = snapshot.allFiles().toDF();
    List<Column> columns = new ArrayList<>(List.of(
        col("size").as("__size"),
        get_json_object(col("stats"), "$.numRecords").cast("long").as("__records"),
        col("deletionVector").isNotNull().as("__hasDv"),
        col("deletionVector.cardinality").as("__deleted")));
    for (String p : partitionColumns) {
      columns.add(col("partitionValues").getItem(p).as("__raw_" + p));
      columns.add(col("partitionValues").getItem(p).cast(schema.apply(p).dataType()).as(p));
    }
    Dataset<Row> typed = files.select(columns.toArray(Column[]::new));
    Column matches = request.where() == null ? lit(true) : expr(request.where());
    List<OptimizePlanner.FileEntry> entries = new ArrayList<>();
    for (Row r : typed.withColumn("__matches", matches).collectAsList()) {
      List<String> partition = new ArrayList<>(partitionColumns.size());
      for (String p : partitionColumns) {
        partition.add(r.getAs("__raw_" + p));
      }
      Long records = r.getAs("__records");
      Long deleted = r.getAs("__deleted");
      Boolean m = r.getAs("__matches");
      entries.add(new OptimizePlanner.FileEntry(partition, r.<Long>getAs("__size"), records,
          deleted == null ? 0 : deleted, r.<Boolean>getAs("__hasDv"), Boolean.TRUE.equals(m)));
    }
    return entries;
  }

  /** The predicate must parse, use partition columns only, and resolve against the table. */
  private void checkWhere(StructType schema, List<String> partitionColumns) {
    SparkChecks.checkPartitionPredicate(spark, schema, partitionColumns, request.where());
  }

  // ---------------------------------------------------------------- execution

  private Map<String, Object> execute(OptimizePlan plan, Snapshot snapshot) {
    Map<String, String> runConf = new LinkedHashMap<>();
    runConf.put(DeltaFacts.MAX_FILE_SIZE, String.valueOf(plan.targetFileSize()));
    runConf.put(DeltaFacts.MIN_FILE_SIZE, String.valueOf(plan.minFileSize()));
    // the files written carry the bloom filters of the table's indexed columns
    runConf.putAll(SparkBloomIndex.writeConf(snapshot.metadata()));
    if (!request.zOrder() && logBytes(snapshot) < SMALL_LOG_BYTES) {
      // Delta replays the log (for the table's state, then its files) before compacting: a small log in
      // one task, and without AQE re-planning between the replay's stages (compaction shuffles nothing
      // else; zorder's range shuffle keeps AQE)
      runConf.put(DeltaFacts.SNAPSHOT_PARTITIONS, "1");
      runConf.put("spark.sql.adaptive.enabled", "false");
    }
    return RunConf.with(spark, runConf, () -> {
      try (SparkProgress ignored = SparkProgress.follow(spark, what(), progress)) {
        DeltaOptimizeBuilder builder = table.optimize();
        if (request.where() != null) {
          builder = builder.where(request.where());
        }
        Dataset<Row> out = request.zOrder()
            ? builder.executeZOrderBy(request.zOrderBy().toArray(String[]::new))
            : builder.executeCompaction();
        Row row = out.head();
        int i = out.schema().fieldIndex("metrics");
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics =
            (Map<String, Object>) RowValues.value(row.get(i), out.schema().fields()[i].dataType());
        return metrics;
      }
    });
  }

  /** A log Delta replays in one task faster than in several (about 10,000 actions as JSON). */
  static final long SMALL_LOG_BYTES = 8L << 20;

  /** The bytes of the log a snapshot replays: its checkpoint and the commits after it. */
  static long logBytes(Snapshot snapshot) {
    long bytes = snapshot.checkpointProvider().effectiveCheckpointSizeInBytes();
    for (var f : CollectionConverters.asJava(snapshot.logSegment().deltas())) {
      bytes += f.getLen();
    }
    return bytes;
  }

  /**
   * The version of the OPTIMIZE commit (a concurrent writer may have committed after it), from the commits
   * after the planned version: read from the log, no Spark job.
   */
  private static long optimizeVersion(DeltaLog log, long plannedFrom) {
    long latest = log.update(false, Option.empty(), Option.empty()).version();
    var changes = log.getChanges(plannedFrom + 1, Option.empty(), false);
    while (changes.hasNext()) {
      scala.Tuple2<Object, scala.collection.immutable.Seq<org.apache.spark.sql.delta.actions.Action>> c =
          changes.next();
      for (var a : CollectionConverters.asJava(c._2())) {
        if (a instanceof org.apache.spark.sql.delta.actions.CommitInfo ci && "OPTIMIZE".equals(ci.operation())) {
          return (Long) c._1();
        }
      }
    }
    return latest;
  }

}
