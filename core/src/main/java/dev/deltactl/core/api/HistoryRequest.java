package dev.deltactl.core.api;

import java.util.Objects;

/**
 * The commits of a table, newest first.
 *
 * @param limit at most this many commits; null for all of them
 */
public record HistoryRequest(TableRef table, Integer limit) {
  public HistoryRequest {
    Objects.requireNonNull(table, "table").requireCurrent("history");
    if (limit != null && limit < 1) {
      throw dev.deltactl.core.error.DeltactlException.invalid("--limit must be at least 1, got " + limit);
    }
  }
}
