package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Change a table's liquid clustering columns ({@code ALTER TABLE ... CLUSTER BY (a, b)}), or stop clustering it
 * ({@code CLUSTER BY NONE}). Files already written keep their layout; the next optimize clusters by the new columns.
 *
 * @param columns the new clustering columns, in order; empty with {@code none}
 * @param none remove the clustering columns
 * @param dryRun check and print the change, commit nothing
 */
public record ClusterByRequest(TableRef table, List<String> columns, boolean none, boolean dryRun) {
  /** Delta Lake's default {@code clusteredTable.numClusteringColumnsLimit}. */
  public static final int MAX_COLUMNS = 4;

  public ClusterByRequest {
    Objects.requireNonNull(table, "table").requireCurrent("cluster-by");
    columns = List.copyOf(columns == null ? List.of() : columns);
    if (none == !columns.isEmpty()) {
      throw DeltactlException.invalid(none
          ? "give --by COL,... or --none, not both"
          : "cluster-by needs the new clustering columns (--by COL,...) or --none to remove them");
    }
    checkCount(columns, "--by");
  }

  /** Refuses blank or repeated names and more columns than Delta clusters by. */
  static void checkCount(List<String> columns, String option) {
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (c == null || c.isBlank()) {
        throw DeltactlException.invalid(option + " has an empty column name");
      }
      if (!seen.add(c.strip().toLowerCase(Locale.ROOT))) {
        throw DeltactlException.invalid(option + " names column '" + c.strip() + "' twice");
      }
    }
    if (columns.size() > MAX_COLUMNS) {
      throw DeltactlException.invalid(option + " names " + columns.size() + " columns; Delta Lake clusters by at most "
          + MAX_COLUMNS);
    }
  }
}
