package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.VersionsRequest;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.Routing;
import dev.deltactl.core.engine.kernel.KernelEngine;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** {@link VersionLog} on the classic engine: Kernel for a path table, Delta's snapshots in this driver. */
final class ClassicVersionLog implements VersionLog {
  private final SparkSession spark;
  private final DeltaTable table;
  private final TableRef ref;
  private final KernelEngine kernel;
  private final ProgressListener listener;

  /** @param kernel reads a path table's log when it can (no Spark job); null to ask Spark */
  ClassicVersionLog(SparkSession spark, DeltaTable table, TableRef ref, KernelEngine kernel,
      ProgressListener listener) {
    this.spark = spark;
    this.table = table;
    this.ref = ref.current();
    this.kernel = kernel != null && ref.isPath() ? kernel : null;
    this.listener = listener;
  }

  @Override
  public List<KernelEngine.CommitRef> timeline() {
    return kernel == null ? null : Routing.ask(() -> kernel.timeline(ref), "Spark").orElse(() -> null);
  }

  @Override
  public KernelEngine.FileCheck checkFiles(long version) {
    return kernel == null ? new KernelEngine.FileCheck(false, null) : kernel.checkFiles(ref.path(), version);
  }

  @Override
  public Predicate<String> present() {
    Map<String, Boolean> exists = new HashMap<>();
    FileSystem[] fs = new FileSystem[1];
    return file -> exists.computeIfAbsent(file, p -> {
      try {
        if (fs[0] == null) {
          fs[0] = new Path(p).getFileSystem(spark.sessionState().newHadoopConf());
        }
        return fs[0].exists(new Path(p));
      } catch (IOException e) {
        return false;
      }
    });
  }

  @Override
  public VersionsResult versions() {
    return kernel == null ? null : Routing.ask(() -> kernel.versions(new VersionsRequest(ref)), "Spark").orElse(() -> null);
  }

  private Snapshot at(long version) {
    return table.deltaLog().getSnapshotAt(version, Option.empty(), Option.empty(), false);
  }

  @Override
  public Map<String, Long> files(long version) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : at(version).allFiles().toDF().select("path", "size").collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  @Override
  public List<String> partitionColumns(long version) {
    return CollectionConverters.asJava(at(version).metadata().partitionColumns());
  }

  @Override
  public Map<String, String> properties(long version) {
    return CollectionConverters.asJava(at(version).metadata().configuration());
  }

  @Override
  public AutoCloseable progress(String what) {
    return SparkProgress.follow(spark, what, listener);
  }
}
