package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.engine.BloomCoverage;
import dev.deltactl.core.engine.kernel.KernelEngine;

import java.util.ArrayList;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Bloom-filter indexes on every Spark engine. The definition of an index is a table property per column,
 * {@code deltactl.bloomFilter.<column> = fpp=0.1,numItems=1000000}, committed like any property change (so
 * {@code describe} shows it, {@code history} records it, and it travels with the table). Every deltactl
 * write into the table sets Parquet's per-column bloom-filter settings for the write (see
 * {@link #writeConf}), so each row group of the files written carries a filter; Spark's Parquet reader
 * then skips the row groups whose filter rules out the value of {@code col = v} or {@code col IN (...)}.
 * Nothing lives outside the data files: no side file can disagree with the snapshot being read. build
 * rewrites the files without filters with {@code dataChange=false}, committed by the engine
 * ({@link Commits.Rewrite}).
 *
 * @param conf the settings to read the table's files with
 */
record SparkBloomIndex(SparkSession spark, Configuration conf, Commits commits) {


  BloomIndexResult run(BloomIndexRequest r) {
    long t0 = System.nanoTime();
    String display = r.table().display();
    Commits.Rewrite table = commits.startRewrite();
    List<BloomColumn> defined = definitions(table);
    switch (r.action()) {
      case CREATE, DROP -> {
        spark.sql(r.action() == BloomIndexRequest.Action.CREATE
            ? BloomDefinitions.createStatement(r, table.schema, table.partitionColumns, Sql.table(r.table()))
            : BloomDefinitions.dropStatement(r, table.schema, defined, display, Sql.table(r.table())))
            .collectAsList();
        Commits.Rewrite after = commits.startRewrite();
        return new BloomIndexResult(r.action() == BloomIndexRequest.Action.CREATE ? BloomIndexResult.Status.CREATED
            : BloomIndexResult.Status.DROPPED, display, after.version,
            BloomCoverage.definitionsOnly(definitions(after)), null, millis(t0));
      }
      case SHOW -> {
        return new BloomIndexResult(BloomIndexResult.Status.SHOWN, display, table.version,
            coverage(table, null), null, millis(t0));
      }
      default -> {
        return build(r, table, defined, t0);
      }
    }
  }

  // ---------------------------------------------------------------- definitions

  private static List<BloomColumn> definitions(Commits.Rewrite table) {
    return BloomCoverage.definitions(table.properties, table.schema.fieldNames());
  }

  /** The indexed columns of a table, in the order of its schema. */
  static List<BloomColumn> definitions(Metadata metadata) {
    return BloomCoverage.definitions(CollectionConverters.asJava(metadata.configuration()),
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

  static String physicalName(StructField f) {
    return f.metadata().contains("delta.columnMapping.physicalName")
        ? f.metadata().getString("delta.columnMapping.physicalName") : f.name();
  }

  // ---------------------------------------------------------------- coverage

  /** The footers of the files, read with the columns' names in the files. */
  private List<BloomCoverage.FileFilters> footers(Commits.Rewrite table, List<BloomColumn> defined,
      List<KernelEngine.DataFile> files) {
    Map<String, String> names = table.physicalNames();
    Map<String, String> physical = new LinkedHashMap<>();
    defined.forEach(c -> physical.put(c.name(), names.getOrDefault(c.name(), c.name())));
    return BloomCoverage.footers(conf, files.stream().map(KernelEngine.DataFile::path).toList(), physical);
  }

  /** The coverage of the indexed columns in the files of the {@code where} partitions (all when null). */
  private List<BloomIndexResult.Coverage> coverage(Commits.Rewrite table, String where) {
    List<BloomColumn> defined = definitions(table);
    return defined.isEmpty() ? List.of() : BloomCoverage.coverage(defined, footers(table, defined,
        files(table, where)));
  }

  /**
   * The files of the partitions {@code where} selects (all when null; a predicate checked on the partition
   * columns): their values as the log holds them, cast to the columns' types, in a local relation.
   */
  private List<KernelEngine.DataFile> files(Commits.Rewrite table, String where) {
    List<KernelEngine.DataFile> files = table.files();
    if (where == null) {
      return files;
    }
    List<String> columns = table.partitionColumns;
    Set<List<String>> matching = SparkChecks.partitionsWhere(spark, table.schema, columns,
        files.stream().map(f -> partition(f, columns)).toList(), where);
    return files.stream().filter(f -> matching.contains(partition(f, columns))).toList();
  }

  private static List<String> partition(KernelEngine.DataFile f, List<String> columns) {
    return columns.stream().map(f.partitionValues()::get).toList();
  }

  // ---------------------------------------------------------------- build

  private BloomIndexResult build(BloomIndexRequest r, Commits.Rewrite table, List<BloomColumn> defined, long t0) {
    String display = r.table().display();
    if (defined.isEmpty()) {
      throw BloomDefinitions.nothingDefined(display);
    }
    SparkChecks.checkPartitionPredicate(spark, table.schema, table.partitionColumns, r.where());
    List<KernelEngine.DataFile> candidates = files(table, r.where());
    List<BloomCoverage.FileFilters> footers = footers(table, defined, candidates);
    List<KernelEngine.DataFile> lacking = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (footers.get(i).lacksAny()) {
        lacking.add(candidates.get(i));
      }
    }
    List<KernelEngine.DataFile> replaced = lacking.isEmpty() ? List.of() : table.replaced(candidates, lacking);
    long bytes = replaced.stream().mapToLong(KernelEngine.DataFile::size).sum();
    if (r.dryRun() || lacking.isEmpty()) {
      return new BloomIndexResult(r.dryRun() ? BloomIndexResult.Status.DRY_RUN
          : BloomIndexResult.Status.NOTHING_TO_BUILD, display, table.version,
          BloomCoverage.coverage(defined, footers), new BloomIndexResult.Rewrite(replaced.size(), bytes, null,
          null), millis(t0));
    }
    Map<String, String> names = table.physicalNames();
    Map<String, String> conf = new LinkedHashMap<>(BloomDefinitions.writeConf(table.properties, table.schema,
        f -> names.getOrDefault(f.name(), f.name())));
    // one task per file, never split nor packed with others: each file is rewritten as one file, so the
    // table keeps its layout (and the filters their sizing: num-items is per file)
    conf.put("spark.sql.files.maxPartitionBytes", String.valueOf(1L << 50));
    conf.put("spark.sql.files.openCostInBytes", String.valueOf(1L << 50));
    Commits.Rewritten done = table.commitRewrite(replaced, conf, "bloom-index build");
    return new BloomIndexResult(BloomIndexResult.Status.BUILT, display, done.version(),
        coverage(commits.startRewrite(), r.where()), new BloomIndexResult.Rewrite(replaced.size(), bytes,
        done.files(), done.bytes()), millis(t0));
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
