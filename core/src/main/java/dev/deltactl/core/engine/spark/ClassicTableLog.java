package dev.deltactl.core.engine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;

import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.OptimizePlanner;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** {@link TableLog} on the classic engine: Delta's snapshot in this driver, no Spark job. */
final class ClassicTableLog implements TableLog {
  private final SparkSession spark;
  private final DeltaTable table;
  private final String location;
  private final Snapshot snapshot;
  private final ProgressListener listener;

  ClassicTableLog(SparkSession spark, DeltaTable table, ProgressListener listener) {
    this.spark = spark;
    this.table = table;
    this.location = table.detail().head().getAs("location");
    this.snapshot = DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty());
    this.listener = listener;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long version() {
    return snapshot.version();
  }

  @Override
  public Collection<String> writerFeatures() {
    return CollectionConverters.asJava(snapshot.protocol().writerFeatureNames());
  }

  @Override
  public Duration deletedFileRetention() {
    return Duration.ofMillis(DeltaLog.tombstoneRetentionMillis(snapshot.metadata()));
  }

  @Override
  public List<KernelEngine.CommitRef> timeline() {
    List<KernelEngine.CommitRef> out = new ArrayList<>();
    for (Row r : table.history().select("version", "timestamp", "operation").orderBy("version").collectAsList()) {
      Instant ts = (Instant) RowValues.value(r.get(1), r.schema().fields()[1].dataType());
      out.add(new KernelEngine.CommitRef(r.getLong(0), ts, r.getString(2)));
    }
    return out;
  }

  @Override
  public List<HistoryResult.Entry> history(int limit) {
    List<HistoryResult.Entry> out = new ArrayList<>();
    for (Row r : table.history(limit).collectAsList()) {
      out.add(Tables.historyEntry(r));
    }
    return out;
  }

  @Override
  public FileSystem fileSystem() {
    try {
      return new Path(location).getFileSystem(spark.sessionState().newHadoopConf());
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot reach " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public AutoCloseable progress(String what) {
    return SparkProgress.follow(spark, what, listener);
  }

  /** {@link SparkOptimize.Log} on the classic engine: Delta's snapshot in this driver, no Spark job (Kernel lists the files). */
  static final class Optimize implements SparkOptimize.Log {
    private final SparkSession spark;
    private final DeltaLog log;
    private final KernelEngine kernel;
    private final ProgressListener listener;
    private Snapshot snapshot;

    /** @param kernel lists the files to plan from the log in this process (no Spark job); null to ask Spark */
    Optimize(SparkSession spark, DeltaLog log, KernelEngine kernel, ProgressListener listener) {
      this.spark = spark;
      this.log = log;
      this.kernel = kernel;
      this.listener = listener;
    }

    @Override
    public SparkOptimize.Table latest() {
      snapshot = log.update(false, Option.empty(), Option.empty());
      return new SparkOptimize.Table(snapshot.version(), snapshot.metadata().schema(),
          CollectionConverters.asJava(snapshot.metadata().partitionColumns()),
          CollectionConverters.asJava(snapshot.metadata().configuration()), clusteringColumns(snapshot));
    }

    /** The logical names of the snapshot's clustering columns (its {@code delta.clustering} domain); empty for none. */
    static List<String> clusteringColumns(Snapshot snapshot) {
      if (!org.apache.spark.sql.delta.skipping.clustering.ClusteredTableUtils$.MODULE$.isSupported(snapshot.protocol())) {
        return List.of();
      }
      return List.copyOf(CollectionConverters.asJava(
          org.apache.spark.sql.delta.skipping.clustering.ClusteringColumnInfo$.MODULE$.extractLogicalNames(snapshot)));
    }

    @Override
    public List<OptimizePlanner.FileEntry> files(SparkOptimize.Table table) {
      var files = kernel == null ? java.util.Optional.<List<KernelEngine.DataFile>>empty()
          : kernel.dataFiles(log.dataPath().toString(), table.version());
      if (files.isPresent()) {
        return dev.deltactl.core.engine.kernel.KernelOptimize.entries(files.get(), table.partitionColumns());
      }
      // Kernel cannot read the table: the snapshot's state in Spark
      List<Column> columns = new ArrayList<>(List.of(col("size"),
          get_json_object(col("stats"), "$.numRecords").cast("long"),
          col("deletionVector").isNotNull(), col("deletionVector.cardinality"), col("tags")));
      for (String p : table.partitionColumns()) {
        columns.add(col("partitionValues").getItem(p));
      }
      return snapshot.allFiles().toDF().select(columns.toArray(Column[]::new)).collectAsList().stream()
          .map(r -> {
            Map<String, String> tags = r.isNullAt(4) ? Map.of() : r.getJavaMap(4);
            return new OptimizePlanner.FileEntry(java.util.stream.IntStream.range(5, r.size())
                .mapToObj(r::getString).toList(), r.getLong(0), r.isNullAt(1) ? null : r.getLong(1),
                r.isNullAt(3) ? 0 : r.getLong(3), r.getBoolean(2), true, dev.deltactl.core.engine.kernel.KernelOptimize.zCubeId(tags),
                dev.deltactl.core.engine.kernel.KernelOptimize.zCubeColumns(tags));
          }).toList();
    }

    @Override
    public Map<String, String> runConf(SparkOptimize.Table table, boolean zOrder) {
      // the files written carry the bloom filters of the table's indexed columns
      Map<String, String> conf = new LinkedHashMap<>(SparkBloomIndex.writeConf(snapshot.metadata()));
      if (!zOrder && logBytes(snapshot) < SMALL_LOG_BYTES) {
        // Delta replays the log (for the table's state, then its files) before compacting: a small log in
        // one task, and without AQE re-planning between the replay's stages (compaction shuffles nothing
        // else; zorder's range shuffle keeps AQE)
        conf.put(DeltaFacts.SNAPSHOT_PARTITIONS, "1");
        conf.put("spark.sql.adaptive.enabled", "false");
      }
      return conf;
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

    /** Read from the log, no Spark job. */
    @Override
    public long optimizeCommit(long after) {
      long latest = log.update(false, Option.empty(), Option.empty()).version();
      var changes = log.getChanges(after + 1, Option.empty(), false);
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

    @Override
    public AutoCloseable progress(String what) {
      return SparkProgress.follow(spark, what, listener);
    }
  }
}
