package dev.deltactl.core.engine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructField;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Bloom-filter indexes on Spark. The definition of an index is a table property per column,
 * {@code deltactl.bloomFilter.<column> = fpp=0.1,numItems=1000000}, committed like any property change (so
 * {@code describe} shows it, {@code history} records it, and it travels with the table). Every deltactl
 * write into the table sets Parquet's per-column bloom-filter settings for the write (see
 * {@link #writeConf}), so each row group of the files written carries a filter; Spark's Parquet reader
 * then skips the row groups whose filter rules out the value of {@code col = v} or {@code col IN (...)}.
 * Nothing lives outside the data files: no side file can disagree with the snapshot being read.
 */
final class SparkBloomIndex {
  /** The table property prefix of the definitions. */
  static final String PREFIX = BloomDefinitions.PREFIX;

  private final SparkSession spark;
  private final ProgressListener progress;

  SparkBloomIndex(SparkSession spark, ProgressListener progress) {
    this.spark = spark;
    this.progress = progress;
  }

  BloomIndexResult run(BloomIndexRequest r, DeltaLog log, String display, String sqlTable) {
    long t0 = System.nanoTime();
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    return switch (r.action()) {
      case CREATE -> create(r, snapshot, display, sqlTable, t0);
      case DROP -> drop(r, snapshot, display, sqlTable, t0);
      case SHOW -> new BloomIndexResult(BloomIndexResult.Status.SHOWN, display, snapshot.version(),
          coverage(snapshot, files(snapshot, null)), null, millis(t0));
      case BUILD -> build(r, log, display, t0);
    };
  }

  // ---------------------------------------------------------------- definitions

  /** The indexed columns of a table, in the order of its schema. */
  static List<BloomColumn> definitions(Metadata metadata) {
    return BloomDefinitions.definitions(CollectionConverters.asJava(metadata.configuration()),
        metadata.schema().fieldNames());
  }

  /**
   * The Hadoop settings that make a write into this table carry the filters of its indexed columns (Spark
   * hands session settings to the Parquet writer; {@code DataFrameWriter.option} does not reach it on a
   * Delta write). Empty when the table has no index.
   */
  static Map<String, String> writeConf(Metadata metadata) {
    return writeConf(metadata, true);
  }

  /**
   * The same for a write into a new table with the columns of this one: by their logical names unless
   * {@code physical} (a new table has no column mapping).
   */
  static Map<String, String> writeConf(Metadata metadata, boolean physical) {
    return BloomDefinitions.writeConf(CollectionConverters.asJava(metadata.configuration()), metadata.schema(),
        physical ? SparkBloomIndex::physicalName : StructField::name);
  }

  private static String physicalName(StructField f) {
    return f.metadata().contains("delta.columnMapping.physicalName")
        ? f.metadata().getString("delta.columnMapping.physicalName") : f.name();
  }

  private BloomIndexResult create(BloomIndexRequest r, Snapshot snapshot, String display, String sqlTable, long t0) {
    spark.sql(BloomDefinitions.createStatement(r, snapshot.metadata().schema(),
        CollectionConverters.asJava(snapshot.metadata().partitionColumns()), sqlTable));
    Snapshot after = snapshot.deltaLog().update(false, Option.empty(), Option.empty());
    return new BloomIndexResult(BloomIndexResult.Status.CREATED, display, after.version(),
        BloomDefinitions.definitionsOnly(definitions(after.metadata())), null, millis(t0));
  }

  private BloomIndexResult drop(BloomIndexRequest r, Snapshot snapshot, String display, String sqlTable, long t0) {
    spark.sql(BloomDefinitions.dropStatement(r, snapshot.metadata().schema(), definitions(snapshot.metadata()),
        display, sqlTable));
    Snapshot after = snapshot.deltaLog().update(false, Option.empty(), Option.empty());
    return new BloomIndexResult(BloomIndexResult.Status.DROPPED, display, after.version(),
        BloomDefinitions.definitionsOnly(definitions(after.metadata())), null, millis(t0));
  }

  // ---------------------------------------------------------------- coverage

  /** The table's files (in the --where partitions), as their AddFile actions. */
  private List<AddFile> files(Snapshot snapshot, String where) {
    Dataset<AddFile> all = snapshot.allFiles();
    if (where == null) {
      return all.collectAsList();
    }
    Metadata metadata = snapshot.metadata();
    List<String> partitionColumns = CollectionConverters.asJava(metadata.partitionColumns());
    SparkChecks.checkPartitionPredicate(spark, metadata.schema(), partitionColumns, where);
    Dataset<Row> df = all.toDF();
    List<Column> typed = new ArrayList<>(List.of(col("path")));
    for (String p : partitionColumns) {
      typed.add(col("partitionValues").getItem(p).cast(metadata.schema().apply(p).dataType()).as(p));
    }
    List<String> paths = df.select(typed.toArray(Column[]::new)).where(expr(where)).select("path")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    java.util.Set<String> keep = new java.util.HashSet<>(paths);
    return all.collectAsList().stream().filter(a -> keep.contains(a.path())).toList();
  }

  /** The footers of the files, by the files' absolute paths. */
  private List<BloomDefinitions.FileFilters> footers(Snapshot snapshot, List<AddFile> files) {
    Map<String, String> physical = new LinkedHashMap<>();
    for (BloomColumn c : definitions(snapshot.metadata())) {
      physical.put(c.name(), physicalName(snapshot.metadata().schema().apply(c.name())));
    }
    Path dataPath = snapshot.deltaLog().dataPath();
    return BloomDefinitions.footers(spark.sessionState().newHadoopConf(),
        files.stream().map(f -> absolute(dataPath, f).toString()).toList(), physical);
  }

  private static Path absolute(Path dataPath, AddFile f) {
    Path p = new Path(URI.create(f.path()));
    return p.isAbsolute() ? p : new Path(dataPath, p);
  }

  private List<BloomIndexResult.Coverage> coverage(Snapshot snapshot, List<AddFile> files) {
    List<BloomColumn> defined = definitions(snapshot.metadata());
    if (defined.isEmpty()) {
      return List.of();
    }
    return BloomDefinitions.coverage(defined, footers(snapshot, files));
  }

  // ---------------------------------------------------------------- build

  private BloomIndexResult build(BloomIndexRequest r, DeltaLog log, String display, long t0) {
    OptimisticTransaction txn = log.startTransaction();
    Snapshot snapshot = txn.snapshot();
    List<BloomColumn> defined = definitions(snapshot.metadata());
    if (defined.isEmpty()) {
      throw BloomDefinitions.nothingDefined(display);
    }
    List<AddFile> candidates = files(snapshot, r.where());
    List<BloomDefinitions.FileFilters> footers = footers(snapshot, candidates);
    List<AddFile> lacking = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (footers.get(i).lacksAny()) {
        lacking.add(candidates.get(i));
      }
    }
    long bytes = lacking.stream().mapToLong(AddFile::size).sum();
    if (r.dryRun() || lacking.isEmpty()) {
      return new BloomIndexResult(r.dryRun() ? BloomIndexResult.Status.DRY_RUN
          : BloomIndexResult.Status.NOTHING_TO_BUILD, display, snapshot.version(), BloomDefinitions.coverage(defined, footers),
          new BloomIndexResult.Rewrite(lacking.size(), bytes, null, null), millis(t0));
    }
    scala.collection.immutable.Seq<AddFile> rewrite = CollectionConverters.asScala(lacking).toSeq();
    // a concurrent commit that removes one of these files conflicts with this one (exit 4)
    txn.trackFilesRead(rewrite);
    List<Action> actions = new ArrayList<>();
    long now = System.currentTimeMillis();
    long added = 0;
    long addedBytes = 0;
    Map<String, String> conf = new LinkedHashMap<>(writeConf(snapshot.metadata()));
    // one task per file, never split nor packed with others: each file is rewritten as one file, so the
    // table keeps its layout (and the filters their sizing: num-items is per file)
    conf.put("spark.sql.files.maxPartitionBytes", String.valueOf(1L << 50));
    conf.put("spark.sql.files.openCostInBytes", String.valueOf(1L << 50));
    RunConf.with(spark, conf, () -> {
      try (SparkProgress ignored = SparkProgress.follow(spark, "bloom-index build", progress)) {
        Dataset<Row> rows = log.createDataFrame(snapshot, rewrite, false, Option.apply("Optimize"));
        rows = org.apache.spark.sql.delta.RowTracking.preserveRowTrackingColumns(rows, snapshot);
        for (FileAction a : CollectionConverters.asJava(txn.writeFiles(rows, Option.empty(), true,
            CollectionConverters.asScala(List.<org.apache.spark.sql.delta.constraints.Constraint>of()).toSeq()))) {
          if (a instanceof AddFile add) {
            actions.add(unchanged(add));
          }
        }
      }
      return null;
    });
    for (Action a : actions) {
      added++;
      addedBytes += ((AddFile) a).size();
    }
    for (AddFile f : lacking) {
      actions.add(f.removeWithTimestamp(now, false));
    }
    long version;
    try {
      version = txn.commit(CollectionConverters.asScala(actions).toSeq(),
          new DeltaOperations.Reorg(CollectionConverters.asScala(
              List.<org.apache.spark.sql.catalyst.expressions.Expression>of()).toSeq(), false),
          org.apache.spark.sql.delta.RowTracking$.MODULE$.addPreservedRowTrackingTagIfNotSet(snapshot,
              scala.collection.immutable.Map$.MODULE$.empty()));
    } catch (io.delta.exceptions.DeltaConcurrentModificationException e) {
      throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent commit changed files this build"
          + " rewrites; nothing was committed, run it again", e);
    }
    Snapshot after = log.update(false, Option.empty(), Option.empty());
    return new BloomIndexResult(BloomIndexResult.Status.BUILT, display, version,
        coverage(after, files(after, r.where())), new BloomIndexResult.Rewrite(lacking.size(), bytes, added,
        addedBytes), millis(t0));
  }

  /** The same file, marked as no data change: readers of the change stream skip it, like optimize's. */
  private static AddFile unchanged(AddFile a) {
    return a.copy(a.path(), a.partitionValues(), a.size(), a.modificationTime(), false, a.stats(), a.tags(),
        a.deletionVector(), a.baseRowId(), a.defaultRowCommitVersion(), a.clusteringProvider(), a.backReference(),
        a.amtPassthrough());
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
