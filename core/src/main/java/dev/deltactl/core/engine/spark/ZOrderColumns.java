package dev.deltactl.core.engine.spark;

import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns a table can be Z-ordered by: Spark's SQL types only, for the classic and Connect engines. */
final class ZOrderColumns {
  private static final int DEFAULT_NUM_INDEXED_COLS = 32;

  private ZOrderColumns() {}

  /**
   * Refuses Z-order columns that are unknown, partition columns or without statistics (Delta would cluster
   * by nothing), and notes more than four.
   */
  static void check(List<String> zOrderBy, StructType schema, List<String> partitionColumns,
      Map<String, String> config, Consumer<String> notices) {
    if (zOrderBy.isEmpty()) {
      return;
    }
    List<String> leaves = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (partitionColumns.stream().noneMatch(p -> p.equalsIgnoreCase(f.name()))) {
        leaves(f, "", leaves);
      }
    }
    List<String> withStats = statsColumns(leaves, config);
    List<String> top = List.of(schema.fieldNames());
    for (String c : zOrderBy) {
      if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(c))) {
        throw DeltactlException.invalid("cannot Z-order by partition column '" + c
            + "': Z-ordering works within each partition; choose data columns");
      }
      if (leaves.stream().noneMatch(l -> l.equalsIgnoreCase(c))) {
        throw DeltactlException.invalid("unknown column '" + c + "' for Z-ordering; the table's columns are "
            + String.join(", ", top));
      }
      if (withStats.stream().noneMatch(l -> l.equalsIgnoreCase(c))) {
        throw DeltactlException.invalid("cannot Z-order by '" + c + "': Delta collects no statistics for it;"
            + " include it with --property delta.dataSkippingStatsColumns=... or raise"
            + " delta.dataSkippingNumIndexedCols (ALTER TABLE ... SET TBLPROPERTIES), then rewrite the data");
      }
    }
    if (zOrderBy.size() > 4) {
      notices.accept("Z-ordering by " + zOrderBy.size()
          + " columns: locality weakens with each column beyond 3 or 4");
    }
  }

  static void leaves(StructField f, String prefix, List<String> out) {
    String name = prefix + f.name();
    if (f.dataType() instanceof StructType st) {
      for (StructField c : st.fields()) {
        leaves(c, name + ".", out);
      }
    } else {
      out.add(name);
    }
  }

  /** Delta's rule: the listed stats columns (and their children), else the first N data leaf columns. */
  static List<String> statsColumns(List<String> leaves, Map<String, String> config) {
    String listed = config.get("delta.dataSkippingStatsColumns");
    if (listed != null && !listed.isBlank()) {
      List<String> names = new ArrayList<>();
      for (String n : listed.split(",")) {
        names.add(n.strip().replace("`", "").toLowerCase(Locale.ROOT));
      }
      return leaves.stream().filter(l -> names.stream().anyMatch(n -> {
        String lower = l.toLowerCase(Locale.ROOT);
        return lower.equals(n) || lower.startsWith(n + ".");
      })).toList();
    }
    int n = DEFAULT_NUM_INDEXED_COLS;
    String configured = config.get("delta.dataSkippingNumIndexedCols");
    if (configured != null) {
      n = Integer.parseInt(configured.strip());
    }
    return n < 0 ? leaves : leaves.subList(0, Math.min(n, leaves.size()));
  }
}
