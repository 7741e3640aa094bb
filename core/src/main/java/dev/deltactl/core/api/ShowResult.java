package dev.deltactl.core.api;

import java.time.Instant;

/**
 * Rows of a table as of a version.
 *
 * @param version the version read
 * @param timestamp its commit timestamp
 * @param count the number of rows, when only the count was asked for; else null
 * @param rows the rows, unless only the count was asked for
 * @param countedFrom where a count came from: {@link #FROM_STATISTICS} or {@link #FROM_QUERY}; null for rows
 * @param files the number of data files whose statistics were summed, for a count from statistics; else null
 */
public record ShowResult(String table, long version, Instant timestamp, Long count, SqlResult rows,
    String countedFrom, Long files) {

  /** The count is the sum of the row counts in the log's file statistics, less deleted rows: no data was read. */
  public static final String FROM_STATISTICS = "statistics";

  /** The count is a query's answer (Delta may still answer it from the statistics when it can). */
  public static final String FROM_QUERY = "query";

  /** Rows, or a count from a query. */
  public ShowResult(String table, long version, Instant timestamp, Long count, SqlResult rows) {
    this(table, version, timestamp, count, rows, count == null ? null : FROM_QUERY, null);
  }
}
