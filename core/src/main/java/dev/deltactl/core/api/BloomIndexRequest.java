package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Bloom-filter indexes: Parquet bloom filters written into the data files for some columns, so that a
 * lookup {@code col = v} (or {@code IN}) reads only the row groups that may hold the value.
 *
 * @param action what to do
 * @param columns for {@code CREATE}: the columns and their settings; for {@code DROP}: the columns whose
 *     definitions go (empty: all); otherwise empty
 * @param where for {@code BUILD}: a predicate on partition columns that limits the rewrite; null for all
 * @param dryRun for {@code BUILD}: compute and return the plan, change nothing
 */
public record BloomIndexRequest(Action action, TableRef table, List<BloomColumn> columns, String where,
    boolean dryRun) {

  /** Databricks' defaults: a false-positive probability of 10% for up to a million distinct values a file. */
  public static final double DEFAULT_FPP = 0.1;
  public static final long DEFAULT_NUM_ITEMS = 1_000_000;

  public enum Action {
    CREATE,
    BUILD,
    DROP,
    SHOW
  }

  public BloomIndexRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(table, "table").requireCurrent("bloom-index");
    columns = List.copyOf(columns == null ? List.of() : columns);
    if (action == Action.CREATE && columns.isEmpty()) {
      throw DeltactlException.invalid("bloom-index create needs at least one --column");
    }
    if (where != null && where.isBlank()) {
      throw DeltactlException.invalid("--where must not be empty");
    }
  }

  /**
   * An indexed column.
   *
   * @param fpp the false-positive probability of its filters, in (0, 1)
   * @param numItems how many distinct values a file (a row group) holds: each row group's filter is sized
   *     for this many at the fpp
   */
  public record BloomColumn(String name, double fpp, long numItems) {
    public BloomColumn {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw DeltactlException.invalid("--column needs a column name");
      }
      if (!(fpp > 0 && fpp < 1)) {
        throw DeltactlException.invalid("fpp of " + name + " must be between 0 and 1 (exclusive), got " + fpp);
      }
      if (numItems <= 0) {
        throw DeltactlException.invalid("num-items of " + name + " must be positive, got " + numItems);
      }
    }

    /** {@code col[:fpp=0.01][:num-items=1000000]}. */
    public static BloomColumn parse(String spec) {
      String[] parts = spec.split(":");
      double fpp = DEFAULT_FPP;
      long numItems = DEFAULT_NUM_ITEMS;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        String key = kv[0].strip().toLowerCase(Locale.ROOT);
        if (kv.length != 2 || kv[1].isBlank()) {
          throw DeltactlException.invalid("--column " + spec + ": expected key=value after ':', got '" + parts[i] + "'");
        }
        try {
          switch (key) {
            case "fpp" -> fpp = Double.parseDouble(kv[1].strip());
            case "num-items", "numitems" -> numItems = Long.parseLong(kv[1].strip().replace("_", ""));
            default -> throw DeltactlException.invalid("--column " + spec + ": unknown setting '" + kv[0]
                + "' (fpp, num-items)");
          }
        } catch (NumberFormatException e) {
          throw DeltactlException.invalid("--column " + spec + ": " + key + " is not a number: '" + kv[1] + "'");
        }
      }
      return new BloomColumn(parts[0].strip(), fpp, numItems);
    }

    /** As stored in the table property: {@code fpp=0.1,numItems=1000000}. */
    public String settings() {
      return "fpp=" + fpp + ",numItems=" + numItems;
    }

    /** Reads {@link #settings()} back; a definition that does not read is exit 2, naming the column and the value. */
    public static BloomColumn fromSettings(String name, String settings) {
      double fpp = DEFAULT_FPP;
      long numItems = DEFAULT_NUM_ITEMS;
      String cannot = "the table's bloom-filter definition of " + name + " ('" + settings + "') cannot be read: ";
      String again = "; define it again with 'bloom-index create'";
      try {
        for (String part : settings.split(",")) {
          String[] kv = part.split("=", 2);
          if (kv.length == 2 && kv[0].strip().equals("fpp")) {
            fpp = Double.parseDouble(kv[1].strip());
          } else if (kv.length == 2 && kv[0].strip().equals("numItems")) {
            numItems = Long.parseLong(kv[1].strip());
          }
        }
        return new BloomColumn(name, fpp, numItems);
      } catch (NumberFormatException e) {
        throw DeltactlException.invalid(cannot + "expected fpp=P,numItems=N with numbers" + again);
      } catch (DeltactlException e) {
        throw DeltactlException.invalid(cannot + e.getMessage() + again);
      }
    }
  }
}
