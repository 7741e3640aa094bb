package dev.deltactl.core.engine.spark;

import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The columns a table can be clustered by, as Delta Lake 4.4 checks them (a column of the table, of a type Delta
 * keeps min/max statistics for, and among the columns it collects them for), said in one line before Delta runs.
 */
final class ClusterColumns {
  private ClusterColumns() {}

  /**
   * The columns as the schema spells them (Delta resolves them ignoring case), or a refusal naming the first bad one.
   *
   * @param config the table's properties (its statistics columns)
   */
  static List<String> check(String table, List<String> columns, StructType schema, Map<String, String> config) {
    List<String> leaves = new ArrayList<>();
    for (StructField f : schema.fields()) {
      ZOrderColumns.leaves(f, "", leaves);
    }
    List<String> withStats = ZOrderColumns.statsColumns(leaves, config);
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      String name = leaves.stream().filter(l -> l.equalsIgnoreCase(c.strip())).findFirst().orElse(null);
      if (name == null) {
        throw DeltactlException.invalid("cannot cluster " + table + " by '" + c.strip() + "': no such column; its"
            + " columns are " + String.join(", ", schema.fieldNames()));
      }
      DataType type = type(schema, name);
      if (!clusterable(type)) {
        throw DeltactlException.invalid("cannot cluster " + table + " by '" + name + "' of type " + type.sql()
            + ": clustering columns must be numbers, strings, dates or timestamps");
      }
      if (withStats.stream().noneMatch(l -> l.equalsIgnoreCase(name))) {
        throw DeltactlException.invalid("cannot cluster " + table + " by '" + name + "': Delta collects no"
            + " statistics for it (only for the first delta.dataSkippingNumIndexedCols columns, 32 by default, or"
            + " those of delta.dataSkippingStatsColumns); set one of them to include it");
      }
      out.add(name);
    }
    return out;
  }

  /** Delta's {@code SkippingEligibleDataType}: what min/max statistics are kept for. */
  private static boolean clusterable(DataType t) {
    return t instanceof NumericType || t instanceof DateType || t instanceof TimestampType
        || t instanceof TimestampNTZType || t instanceof StringType;
  }

  private static DataType type(StructType schema, String dotted) {
    DataType t = schema;
    for (String part : dotted.split("\\.", -1)) {
      t = ((StructType) t).apply(part).dataType();
    }
    return t;
  }
}
