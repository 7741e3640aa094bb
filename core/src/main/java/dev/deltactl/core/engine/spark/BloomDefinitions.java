package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
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

/**
 * What both Spark engines know of bloom-filter indexes, with no classic-Spark or Delta type: the definitions
 * (table properties {@code deltactl.bloomFilter.<column>}), the checks and statements of create and drop,
 * the Parquet settings of a write, and what the footers of data files say (read here, on the client, with
 * Hadoop and Parquet).
 */
final class BloomDefinitions {
  /** The table property prefix of the definitions. */
  static final String PREFIX = "deltactl.bloomFilter.";

  private BloomDefinitions() {}

  /** The indexed columns of a table, in the order of its schema. */
  static List<BloomColumn> definitions(Map<String, String> properties, String[] columnNames) {
    List<BloomColumn> out = new ArrayList<>();
    for (String name : columnNames) {
      String settings = properties.get(PREFIX + name);
      if (settings != null) {
        out.add(BloomColumn.fromSettings(name, settings));
      }
    }
    return out;
  }

  /** The definitions with no coverage (what create and drop report). */
  static List<BloomIndexResult.Coverage> definitionsOnly(List<BloomColumn> defined) {
    return defined.stream()
        .map(c -> BloomIndexResult.Coverage.of(c.name(), c.fpp(), c.numItems(), 0, 0, 0, 0, 0)).toList();
  }

  /**
   * The Hadoop settings that make a write into a table with these properties carry the filters of its indexed
   * columns; {@code fileName} gives the name of a column in the files (its physical name under column
   * mapping). Empty when the table has no index. Each row group's filter is sized for num-items distinct
   * values at the fpp (Parquet caps a filter at 1 MiB).
   */
  static Map<String, String> writeConf(Map<String, String> properties, StructType schema,
      Function<StructField, String> fileName) {
    Map<String, String> conf = new LinkedHashMap<>();
    boolean timestamps = false;
    for (StructField f : schema.fields()) {
      String settings = properties.get(PREFIX + f.name());
      if (settings == null) {
        continue;
      }
      BloomColumn c = BloomColumn.fromSettings(f.name(), settings);
      String name = fileName.apply(f);
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

  /** The column of that name (any case), or the error that lists the table's columns. */
  static StructField field(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw DeltactlException.invalid("no column " + name + " in the table (columns: "
        + String.join(", ", schema.fieldNames()) + ")");
  }

  private static boolean supported(DataType t) {
    return t instanceof NumericType || t instanceof DecimalType || t instanceof StringType || t instanceof DateType
        || t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof BinaryType;
  }

  /** Create's statement, after its checks: every column exists, is no partition column, has a filter type. */
  static String createStatement(BloomIndexRequest r, StructType schema, List<String> partitionColumns,
      String sqlTable) {
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
    return sql.append(")").toString();
  }

  /** Drop's statement, after its checks: the named columns (all when none) have an index. */
  static String dropStatement(BloomIndexRequest r, StructType schema, List<BloomColumn> defined, String display,
      String sqlTable) {
    List<String> keys = new ArrayList<>();
    if (r.columns().isEmpty()) {
      if (defined.isEmpty()) {
        throw DeltactlException.invalid(display + " has no bloom-filter index");
      }
      defined.forEach(c -> keys.add(PREFIX + c.name()));
    } else {
      for (BloomColumn c : r.columns()) {
        StructField f = field(schema, c.name());
        if (defined.stream().noneMatch(d -> d.name().equals(f.name()))) {
          throw DeltactlException.invalid(f.name() + " has no bloom-filter index (indexed: "
              + (defined.isEmpty() ? "none" : String.join(", ", defined.stream().map(BloomColumn::name).toList()))
              + ")");
        }
        keys.add(PREFIX + f.name());
      }
    }
    return "ALTER TABLE " + sqlTable + " UNSET TBLPROPERTIES ("
        + String.join(", ", keys.stream().map(Sql::literal).toList()) + ")";
  }

  /** Build's refusal of a table without definitions. */
  static DeltactlException nothingDefined(String display) {
    return DeltactlException.invalid(display + " has no bloom-filter index: create one first"
        + " (bloom-index create " + display + " --column COL)");
  }

  // ---------------------------------------------------------------- footers

  /**
   * What one data file's footer says: per indexed column, the row groups it covers and the bytes of their
   * filters. A row group is covered by a filter, or by a dictionary alone: Parquet writes no filter for a
   * column chunk whose data pages are all dictionary encoded (its dictionary page answers a lookup exactly,
   * and Spark's reader filters with it), so such a file never lacks its filter and is never rewritten for one.
   */
  record FileFilters(String path, int rowGroups, Map<String, long[]> perColumn) {
    boolean lacksAny() {
      return perColumn.values().stream().anyMatch(v -> v[0] < rowGroups);
    }
  }

  /**
   * Reads the footers of the files (absolute paths), eight at a time; {@code physical} maps each indexed
   * column to its name in the files.
   */
  static List<FileFilters> footers(Configuration conf, List<String> paths, Map<String, String> physical) {
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "deltactl-footers");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<FileFilters>> futures = new ArrayList<>();
      for (String p : paths) {
        futures.add(pool.submit(() -> footer(conf, p, physical)));
      }
      List<FileFilters> out = new ArrayList<>(paths.size());
      for (Future<FileFilters> fu : futures) {
        out.add(fu.get());
      }
      return out;
    } catch (ExecutionException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read a data file's footer: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static FileFilters footer(Configuration conf, String path, Map<String, String> physical)
      throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      Map<String, long[]> per = new LinkedHashMap<>();
      physical.forEach((name, phys) -> per.put(name, new long[2]));
      for (BlockMetaData b : blocks) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          String dotted = c.getPath().toDotString();
          physical.forEach((name, phys) -> {
            boolean filter = c.getBloomFilterOffset() >= 0;
            if (dotted.equals(phys) && (filter || dictionaryOnly(c))) {
              long[] v = per.get(name);
              v[0]++;
              v[1] += filter ? Math.max(0, c.getBloomFilterLength()) : 0;
            }
          });
        }
      }
      return new FileFilters(path, blocks.size(), per);
    }
  }

  /** Every data page of the chunk is dictionary encoded (false when the footer does not say). */
  static boolean dictionaryOnly(ColumnChunkMetaData c) {
    org.apache.parquet.column.EncodingStats stats = c.getEncodingStats();
    return stats != null && stats.hasDictionaryPages() && !stats.hasNonDictionaryEncodedPages();
  }

  /** Per indexed column: files, row groups and bytes of filters over these footers. */
  static List<BloomIndexResult.Coverage> coverage(List<BloomColumn> defined, List<FileFilters> footers) {
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
}
