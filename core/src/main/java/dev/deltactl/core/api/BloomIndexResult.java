package dev.deltactl.core.api;

import java.util.List;

/**
 * What bloom-index did or found.
 *
 * @param version the table version afterwards (the new one when something was committed)
 * @param columns per indexed column: its settings and how much of the table its filters cover (show and
 *     build; the definitions alone for create and drop)
 * @param rewrite for build: the files without a filter for an indexed column, and what the rewrite wrote
 */
public record BloomIndexResult(
    Status status,
    String table,
    long version,
    List<Coverage> columns,
    Rewrite rewrite,
    long elapsedMillis) {

  public enum Status {
    CREATED,
    DROPPED,
    SHOWN,
    BUILT,
    NOTHING_TO_BUILD,
    DRY_RUN
  }

  public BloomIndexResult {
    columns = List.copyOf(columns);
  }

  /**
   * One indexed column over the table's current files.
   *
   * @param files the table's data files
   * @param filesWithFilter files whose every row group has a filter for the column, or a dictionary alone (Parquet
   *     writes no filter for a chunk whose pages are all dictionary encoded: its dictionary answers exactly)
   * @param rowGroups the table's row groups
   * @param rowGroupsWithFilter row groups with a filter (or a dictionary alone) for the column
   * @param filterBytes the size of those filters
   * @param coveragePercent row groups with a filter, in percent of all, one decimal
   */
  public record Coverage(String column, double fpp, long numItems, long files, long filesWithFilter,
      long rowGroups, long rowGroupsWithFilter, long filterBytes, double coveragePercent) {

    /** With the coverage: row groups with a filter, in percent of all (100 for an empty table). */
    public static Coverage of(String column, double fpp, long numItems, long files, long filesWithFilter,
        long rowGroups, long rowGroupsWithFilter, long filterBytes) {
      return new Coverage(column, fpp, numItems, files, filesWithFilter, rowGroups, rowGroupsWithFilter, filterBytes,
          rowGroups == 0 ? 100.0 : Math.round(1000.0 * rowGroupsWithFilter / rowGroups) / 10.0);
    }
  }

  /**
   * @param filesToRewrite files lacking a filter for an indexed column (in the --where partitions)
   * @param bytesToRewrite their size
   * @param filesAdded files written (null for a dry run)
   * @param bytesAdded their size (null for a dry run)
   */
  public record Rewrite(long filesToRewrite, long bytesToRewrite, Long filesAdded, Long bytesAdded) {}
}
