package dev.deltactl.core.engine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
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
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
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
  static final String PREFIX = "deltactl.bloomFilter.";

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
    Map<String, String> conf = CollectionConverters.asJava(metadata.configuration());
    List<BloomColumn> out = new ArrayList<>();
    for (StructField f : metadata.schema().fields()) {
      String settings = conf.get(PREFIX + f.name());
      if (settings != null) {
        out.add(BloomColumn.fromSettings(f.name(), settings));
      }
    }
    return out;
  }

  /**
   * The Hadoop settings that make a write into this table carry the filters of its indexed columns (Spark
   * hands session settings to the Parquet writer; {@code DataFrameWriter.option} does not reach it on a
   * Delta write). Empty when the table has no index. Each row group's filter is sized for num-items
   * distinct values at the fpp (Parquet caps a filter at 1 MiB).
   */
  static Map<String, String> writeConf(Metadata metadata) {
    return writeConf(metadata, true);
  }

  /**
   * The same for a write into a new table with the columns of this one: by their logical names unless
   * {@code physical} (a new table has no column mapping).
   */
  static Map<String, String> writeConf(Metadata metadata, boolean physical) {
    return writeConf(CollectionConverters.asJava(metadata.configuration()), metadata.schema(), physical);
  }

  /** The same from a table's properties and schema (what the Connect engine has). */
  static Map<String, String> writeConf(Map<String, String> properties, StructType schema, boolean physical) {
    Map<String, String> conf = new LinkedHashMap<>();
    boolean timestamps = false;
    for (StructField f : schema.fields()) {
      String settings = properties.get(PREFIX + f.name());
      if (settings == null) {
        continue;
      }
      BloomColumn c = BloomColumn.fromSettings(f.name(), settings);
      String name = physical ? physicalName(f) : f.name();
      conf.put("parquet.bloom.filter.enabled#" + name, "true");
      conf.put("parquet.bloom.filter.expected.ndv#" + name, String.valueOf(c.numItems()));
      conf.put("parquet.bloom.filter.fpp#" + name, String.valueOf(c.fpp()));
      timestamps |= f.dataType() instanceof TimestampType;
    }
    if (timestamps) {
      // Spark writes INT96 timestamps by default, which Parquet neither filters nor pushes lookups into
      conf.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    }
    return conf;
  }

  private static String physicalName(StructField f) {
    return f.metadata().contains("delta.columnMapping.physicalName")
        ? f.metadata().getString("delta.columnMapping.physicalName") : f.name();
  }

  private static boolean supported(DataType t) {
    return t instanceof NumericType || t instanceof DecimalType || t instanceof StringType || t instanceof DateType
        || t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof BinaryType;
  }

  private BloomIndexResult create(BloomIndexRequest r, Snapshot snapshot, String display, String sqlTable, long t0) {
    StructType schema = snapshot.metadata().schema();
    List<String> partitionColumns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    Map<String, String> properties = new LinkedHashMap<>();
    for (BloomColumn c : r.columns()) {
      StructField f = field(schema, c.name());
      if (!supported(f.dataType())) {
        throw DeltactlException.invalid("cannot index " + f.name() + ": its type " + f.dataType().sql()
            + " has no bloom filter (numeric, string, date, timestamp and binary columns do)");
      }
      if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(f.name()))) {
        throw DeltactlException.invalid("cannot index " + f.name() + ": it is a partition column (lookups on it"
            + " skip whole partitions already)");
      }
      properties.put(PREFIX + f.name(), new BloomColumn(f.name(), c.fpp(), c.numItems()).settings());
    }
    StringBuilder sql = new StringBuilder("ALTER TABLE " + sqlTable + " SET TBLPROPERTIES (");
    properties.forEach((k, v) -> sql.append(Sql.literal(k)).append(" = ").append(Sql.literal(v)).append(", "));
    sql.setLength(sql.length() - 2);
    spark.sql(sql.append(")").toString());
    Snapshot after = snapshot.deltaLog().update(false, Option.empty(), Option.empty());
    return new BloomIndexResult(BloomIndexResult.Status.CREATED, display, after.version(),
        definitionsOnly(after.metadata()), null, millis(t0));
  }

  private BloomIndexResult drop(BloomIndexRequest r, Snapshot snapshot, String display, String sqlTable, long t0) {
    List<BloomColumn> defined = definitions(snapshot.metadata());
    List<String> keys = new ArrayList<>();
    if (r.columns().isEmpty()) {
      if (defined.isEmpty()) {
        throw DeltactlException.invalid(display + " has no bloom-filter index");
      }
      defined.forEach(c -> keys.add(PREFIX + c.name()));
    } else {
      for (BloomColumn c : r.columns()) {
        StructField f = field(snapshot.metadata().schema(), c.name());
        if (defined.stream().noneMatch(d -> d.name().equals(f.name()))) {
          throw DeltactlException.invalid(f.name() + " has no bloom-filter index (indexed: "
              + (defined.isEmpty() ? "none" : String.join(", ", defined.stream().map(BloomColumn::name).toList()))
              + ")");
        }
        keys.add(PREFIX + f.name());
      }
    }
    spark.sql("ALTER TABLE " + sqlTable + " UNSET TBLPROPERTIES ("
        + String.join(", ", keys.stream().map(Sql::literal).toList()) + ")");
    Snapshot after = snapshot.deltaLog().update(false, Option.empty(), Option.empty());
    return new BloomIndexResult(BloomIndexResult.Status.DROPPED, display, after.version(),
        definitionsOnly(after.metadata()), null, millis(t0));
  }

  private static StructField field(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw DeltactlException.invalid("no column " + name + " in the table (columns: "
        + String.join(", ", schema.fieldNames()) + ")");
  }

  private static List<BloomIndexResult.Coverage> definitionsOnly(Metadata metadata) {
    return definitions(metadata).stream()
        .map(c -> BloomIndexResult.Coverage.of(c.name(), c.fpp(), c.numItems(), 0, 0, 0, 0, 0)).toList();
  }

  // ---------------------------------------------------------------- coverage

  /** What one data file's footer says: per indexed column, row groups with a filter and their bytes. */
  private record FileFilters(AddFile file, int rowGroups, Map<String, long[]> perColumn) {
    boolean lacksAny() {
      return perColumn.values().stream().anyMatch(v -> v[0] < rowGroups);
    }
  }

  /** The table's files (in the --where partitions), as their AddFile actions. */
  private List<AddFile> files(Snapshot snapshot, String where) {
    Dataset<AddFile> all = snapshot.allFiles();
    if (where == null) {
      return all.collectAsList();
    }
    Metadata metadata = snapshot.metadata();
    List<String> partitionColumns = CollectionConverters.asJava(metadata.partitionColumns());
    SparkOptimize.checkPartitionPredicate(spark, metadata.schema(), partitionColumns, where);
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



  /** Reads the footers of the files, several at a time. */
  private List<FileFilters> footers(Snapshot snapshot, List<AddFile> files) {
    List<BloomColumn> defined = definitions(snapshot.metadata());
    Map<String, String> physical = new LinkedHashMap<>();
    for (BloomColumn c : defined) {
      physical.put(c.name(), physicalName(snapshot.metadata().schema().apply(c.name())));
    }
    Configuration conf = spark.sessionState().newHadoopConf();
    Path dataPath = snapshot.deltaLog().dataPath();
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "deltactl-footers");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<FileFilters>> futures = new ArrayList<>();
      for (AddFile f : files) {
        futures.add(pool.submit(() -> footer(conf, absolute(dataPath, f), f, physical)));
      }
      List<FileFilters> out = new ArrayList<>(files.size());
      for (Future<FileFilters> fu : futures) {
        out.add(fu.get());
      }
      return out;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read a data file's footer: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path absolute(Path dataPath, AddFile f) {
    Path p = new Path(URI.create(f.path()));
    return p.isAbsolute() ? p : new Path(dataPath, p);
  }

  private static FileFilters footer(Configuration conf, Path path, AddFile f, Map<String, String> physical)
      throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      Map<String, long[]> per = new LinkedHashMap<>();
      physical.forEach((name, phys) -> per.put(name, new long[2]));
      for (BlockMetaData b : blocks) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          String dotted = c.getPath().toDotString();
          physical.forEach((name, phys) -> {
            if (dotted.equals(phys) && c.getBloomFilterOffset() >= 0) {
              long[] v = per.get(name);
              v[0]++;
              v[1] += Math.max(0, c.getBloomFilterLength());
            }
          });
        }
      }
      return new FileFilters(f, blocks.size(), per);
    }
  }

  private List<BloomIndexResult.Coverage> coverage(Snapshot snapshot, List<AddFile> files) {
    List<BloomColumn> defined = definitions(snapshot.metadata());
    if (defined.isEmpty()) {
      return List.of();
    }
    return coverage(defined, footers(snapshot, files));
  }

  private static List<BloomIndexResult.Coverage> coverage(List<BloomColumn> defined, List<FileFilters> footers) {
    List<BloomIndexResult.Coverage> out = new ArrayList<>();
    for (BloomColumn c : defined) {
      long filesWith = 0;
      long rowGroups = 0;
      long with = 0;
      long bytes = 0;
      for (FileFilters f : footers) {
        long[] v = f.perColumn().get(c.name());
        rowGroups += f.rowGroups();
        with += v[0];
        bytes += v[1];
        if (v[0] == f.rowGroups()) {
          filesWith++;
        }
      }
      out.add(BloomIndexResult.Coverage.of(c.name(), c.fpp(), c.numItems(), footers.size(), filesWith, rowGroups,
          with, bytes));
    }
    return out;
  }

  // ---------------------------------------------------------------- build

  private BloomIndexResult build(BloomIndexRequest r, DeltaLog log, String display, long t0) {
    OptimisticTransaction txn = log.startTransaction();
    Snapshot snapshot = txn.snapshot();
    List<BloomColumn> defined = definitions(snapshot.metadata());
    if (defined.isEmpty()) {
      throw DeltactlException.invalid(display + " has no bloom-filter index: create one first"
          + " (bloom-index create " + display + " --column COL)");
    }
    List<FileFilters> footers = footers(snapshot, files(snapshot, r.where()));
    List<AddFile> lacking = footers.stream().filter(FileFilters::lacksAny).map(FileFilters::file).toList();
    long bytes = lacking.stream().mapToLong(AddFile::size).sum();
    if (r.dryRun() || lacking.isEmpty()) {
      return new BloomIndexResult(r.dryRun() ? BloomIndexResult.Status.DRY_RUN
          : BloomIndexResult.Status.NOTHING_TO_BUILD, display, snapshot.version(), coverage(defined, footers),
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
