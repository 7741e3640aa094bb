package dev.deltactl.core.api;

import java.util.List;
import java.util.Objects;

/**
 * The versions in a table's log, newest first, and whether each can be read now.
 *
 * @param limit only the newest this many versions (their cost then does not grow with the log); null for all
 */
public record VersionsRequest(TableRef table, Integer limit) {
  public VersionsRequest {
    Objects.requireNonNull(table, "table");
    if (limit != null && limit < 1) {
      throw dev.deltactl.core.error.DeltactlException.invalid("--limit must be at least 1, got " + limit);
    }
  }

  public VersionsRequest(TableRef table) {
    this(table, null);
  }

  /** The newest {@link #limit} versions of a result that has them all (an engine that cannot read fewer). */
  public VersionsResult limited(VersionsResult all) {
    return limit == null || all.versions().size() <= limit ? all
        : new VersionsResult(all.table(), all.latest(), List.copyOf(all.versions().subList(0, limit)));
  }
}
