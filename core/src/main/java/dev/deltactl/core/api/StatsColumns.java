package dev.deltactl.core.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which columns Delta collects file statistics for, and which of the columns deltactl's own maintenance names (the
 * z-order columns of {@code deltactl.zorder.by}, the bloom-indexed columns of {@code deltactl.bloomFilter.<column>})
 * get none: data skipping cannot use such a column, so a z-order by it or a bloom index on it prunes no file by
 * its statistics. Pure: from the table's data columns and properties.
 *
 * <p>Delta's rule: with {@code delta.dataSkippingStatsColumns} set, the columns it lists (a struct covers all its
 * fields); otherwise the first {@code delta.dataSkippingNumIndexedCols} leaf columns of the data schema (partition
 * columns excluded; default 32, -1 for all).
 */
public final class StatsColumns {
  public static final String NUM_INDEXED_COLS = "delta.dataSkippingNumIndexedCols";
  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  private StatsColumns() {}

  /**
   * The named columns without statistics, and what to set.
   *
   * @param columns the named columns that get no statistics, as the table spells them, in the order named
   * @param advice which property to set to collect them; null when {@code columns} is empty
   */
  public record Missing(List<String> columns, String advice) {
    public static final Missing NONE = new Missing(List.of(), null);
  }

  /**
   * @param leaves the data schema's leaf columns in order (nested fields as {@code a.b}), partition columns left out
   * @param properties the table's properties
   */
  public static Missing missing(List<String> leaves, Map<String, String> properties) {
    Map<String, String> byLower = new LinkedHashMap<>();
    for (String l : leaves) {
      byLower.putIfAbsent(l.toLowerCase(Locale.ROOT), l);
    }
    List<String> named = new ArrayList<>();
    for (String n : named(properties)) {
      String leaf = byLower.get(n.toLowerCase(Locale.ROOT));
      if (leaf != null && !named.contains(leaf)) {
        named.add(leaf);
      }
    }
    String listed = properties.get(STATS_COLUMNS);
    List<String> without = new ArrayList<>();
    if (listed != null && !listed.isBlank()) {
      List<String> stats = parseList(listed);
      for (String c : named) {
        String lower = c.toLowerCase(Locale.ROOT);
        if (stats.stream().noneMatch(s -> lower.equals(s) || lower.startsWith(s + "."))) {
          without.add(c);
        }
      }
      return without.isEmpty() ? Missing.NONE : new Missing(without, "add " + String.join(", ", without) + " to "
          + STATS_COLUMNS);
    }
    int n = numIndexedCols(properties);
    List<String> order = new ArrayList<>(byLower.values());
    int needed = 0;
    for (String c : named) {
      int position = order.indexOf(c) + 1;
      if (n >= 0 && position > n) {
        without.add(c);
        needed = Math.max(needed, position);
      }
    }
    return without.isEmpty() ? Missing.NONE : new Missing(without, "set " + STATS_COLUMNS + " to include "
        + String.join(", ", without) + ", or raise " + NUM_INDEXED_COLS + " to " + needed);
  }

  /** The columns deltactl's properties name: the z-order columns, then the bloom-indexed ones by name. */
  static List<String> named(Map<String, String> properties) {
    List<String> out = new ArrayList<>();
    String zorder = properties.get(TableProperties.ZORDER_BY);
    if (zorder != null) {
      for (String c : zorder.split(",")) {
        if (!c.isBlank()) {
          out.add(unquote(c.strip()));
        }
      }
    }
    out.addAll(bloomIndexed(properties));
    return out;
  }

  /** The columns of the table's {@code deltactl.bloomFilter.<column>} properties, by name. */
  public static List<String> bloomIndexed(Map<String, String> properties) {
    Map<String, String> sorted = new TreeMap<>();
    properties.forEach((k, v) -> {
      if (k.startsWith(TableProperties.BLOOM_FILTER_PREFIX) && k.length() > TableProperties.BLOOM_FILTER_PREFIX.length()) {
        String c = k.substring(TableProperties.BLOOM_FILTER_PREFIX.length());
        sorted.put(c.toLowerCase(Locale.ROOT), c);
      }
    });
    return List.copyOf(sorted.values());
  }

  /** {@code delta.dataSkippingNumIndexedCols}, else Delta's default; -1 for all. */
  static int numIndexedCols(Map<String, String> properties) {
    String v = properties.get(NUM_INDEXED_COLS);
    try {
      return Integer.parseInt((v == null ? TableProperties.deltaDefault(NUM_INDEXED_COLS).orElseThrow() : v).strip());
    } catch (NumberFormatException e) {
      return Integer.parseInt(TableProperties.deltaDefault(NUM_INDEXED_COLS).orElseThrow());
    }
  }

  /** The lower-case dotted names of a {@code delta.dataSkippingStatsColumns} value: `a.b` is one part, a.b two. */
  static List<String> parseList(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : (value + ",").toCharArray()) {
      if (c == '`') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        String name = cur.toString().strip();
        if (!name.isEmpty()) {
          out.add(name.toLowerCase(Locale.ROOT));
        }
        cur.setLength(0);
      } else if (c != ' ' || quoted || !cur.isEmpty()) {
        cur.append(c);
      }
    }
    return out;
  }

  private static String unquote(String name) {
    return name.replace("`", "");
  }
}
