package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Objects;

/**
 * The rows Delta's change data feed recorded between two versions (both included).
 *
 * @param from the first version, or the first commit at or after a timestamp
 * @param to the last version, or the last commit at or before a timestamp; latest for the latest version
 * @param where a filter over the change rows, or null
 * @param columns the table's columns to show (the change columns are always shown), or empty for all
 * @param maxRows at most this many rows (0 for all)
 * @param countOnly return only the number of change rows
 */
public record ChangesRequest(TableRef table, VersionSpec from, VersionSpec to, String where, List<String> columns,
    int maxRows, boolean countOnly) {
  public ChangesRequest {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(from, "from");
    if (from.isLatest()) {
      throw DeltactlException.invalid("changes need --from: a version or a timestamp");
    }
    to = to == null ? VersionSpec.latest() : to;
    columns = List.copyOf(columns == null ? List.of() : columns);
    if (maxRows < 0) {
      throw DeltactlException.invalid("--limit must not be negative, got " + maxRows);
    }
  }
}
