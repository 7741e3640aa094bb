package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.HistoryResult;
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
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
}
