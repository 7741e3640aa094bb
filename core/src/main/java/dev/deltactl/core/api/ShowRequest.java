package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Objects;

/**
 * The rows of a table as of a version.
 *
 * @param where a filter over the rows, or null
 * @param columns the columns to show, or empty for all
 * @param maxRows at most this many rows (0 for all)
 * @param countOnly return only the number of rows
 */
public record ShowRequest(TableRef table, VersionSpec at, String where, List<String> columns, int maxRows,
    boolean countOnly) {
  public ShowRequest {
    Objects.requireNonNull(table, "table");
    at = at == null ? VersionSpec.latest() : at;
    columns = List.copyOf(columns == null ? List.of() : columns);
    if (maxRows < 0) {
      throw DeltactlException.invalid("--limit must not be negative, got " + maxRows);
    }
  }
}
