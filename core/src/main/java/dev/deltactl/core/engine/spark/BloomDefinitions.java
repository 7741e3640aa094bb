package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
 * What both Spark engines know of bloom-filter indexes, with no classic-Spark or Delta type: the checks and
 * statements of create and drop, and the Parquet settings of a write. The definitions and what the footers
 * say are {@link dev.deltactl.core.engine.BloomCoverage}'s.
 */
final class BloomDefinitions {
  private static final String PREFIX = dev.deltactl.core.api.TableProperties.BLOOM_FILTER_PREFIX;

  private BloomDefinitions() {}

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
}
