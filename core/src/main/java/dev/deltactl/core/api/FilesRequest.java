package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.Objects;

/**
 * The data files of a version of a table.
 *
 * @param table the table (its {@code @v} suffix, if any, is in {@code at})
 * @param at which version; latest when both parts are null
 * @param where a predicate on partition columns ({@link PartitionFilter}); null for every file
 * @param sort the order of the files
 * @param descending largest first
 * @param limit at most this many files (the first in that order); null for all of them
 * @param bloom read the footer of each file listed for the columns that carry bloom filters
 */
public record FilesRequest(TableRef table, VersionSpec at, String where, FileSort sort, boolean descending,
    Integer limit, boolean bloom) {
  public FilesRequest(TableRef table, VersionSpec at, String where, FileSort sort, boolean descending, Integer limit) {
    this(table, at, where, sort, descending, limit, false);
  }

  public FilesRequest {
    Objects.requireNonNull(table, "table");
    at = at == null ? VersionSpec.latest() : at;
    sort = sort == null ? FileSort.PATH : sort;
    if (limit != null && limit < 1) {
      throw DeltactlException.invalid("--limit must be at least 1, got " + limit);
    }
    if (where != null && where.isBlank()) {
      throw DeltactlException.invalid("--where must not be empty");
    }
  }
}
