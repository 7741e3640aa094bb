package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Objects;

/**
 * Compact a table's small files (bin-packing), or Z-order it when {@code zOrderBy} is not empty.
 *
 * @param where a predicate on partition columns that limits the work to some partitions; null for all
 * @param zOrderBy columns to cluster by; empty for plain compaction
 * @param targetFileSize the size of the files written (Delta's {@code optimize.maxFileSize}); null for Delta's
 * @param minFileSize files at or above this size are left alone (Delta's {@code optimize.minFileSize}); null
 *     for Delta's
 * @param dryRun compute and return the plan, change nothing
 * @param retries how many times to re-plan and retry after a conflicting concurrent commit
 * @param full on a clustered table, recluster every file ({@code OPTIMIZE ... FULL}), not only those an
 *     incremental run picks; refused on a table that is not clustered
 */
public record OptimizeRequest(
    TableRef table,
    String where,
    List<String> zOrderBy,
    Long targetFileSize,
    Long minFileSize,
    boolean dryRun,
    int retries,
    boolean full) {

  public OptimizeRequest {
    Objects.requireNonNull(table, "table");
    zOrderBy = List.copyOf(zOrderBy == null ? List.of() : zOrderBy);
    table.requireCurrent(zOrderBy.isEmpty() ? "optimize" : "zorder");
    if (where != null && where.isBlank()) {
      throw DeltactlException.invalid("--where must not be empty");
    }
    if (targetFileSize != null && targetFileSize <= 0) {
      throw DeltactlException.invalid("--target-file-size must be positive, got " + targetFileSize);
    }
    if (minFileSize != null && minFileSize < 0) {
      throw DeltactlException.invalid("--min-file-size must not be negative, got " + minFileSize);
    }
    if (full && !zOrderBy.isEmpty()) {
      throw DeltactlException.invalid("--full reclusters a clustered table and cannot be combined with --zorder-by");
    }
    if (full && where != null) {
      throw DeltactlException.invalid("--full reclusters the whole table and cannot be combined with --where");
    }
    if (retries < 0 || retries > 100) {
      throw DeltactlException.invalid("--retries must be between 0 and 100, got " + retries);
    }
  }

  public OptimizeRequest(TableRef table, String where, List<String> zOrderBy, Long targetFileSize, Long minFileSize,
      boolean dryRun, int retries) {
    this(table, where, zOrderBy, targetFileSize, minFileSize, dryRun, retries, false);
  }

  public boolean zOrder() {
    return !zOrderBy.isEmpty();
  }
}
