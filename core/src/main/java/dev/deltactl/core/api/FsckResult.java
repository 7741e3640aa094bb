package dev.deltactl.core.api;

import java.util.List;

/**
 * What fsck found in the current version of a table and, with a repair, what it committed.
 *
 * @param version the version checked (the one the repair's commit is based on)
 * @param status HEALTHY: nothing found (nothing committed); PROBLEMS: found, nothing changed (a dry run);
 *     REPAIRED: their entries were removed in the commit {@code committedVersion}
 * @param dataFiles the data files the version references (each checked)
 * @param deletionVectorFiles the deletion vector files those entries reference (inline ones are not files)
 * @param verified whether the data files that are there were read as Parquet
 * @param problems the files found, sorted by path
 * @param committedVersion the repair's commit, null otherwise
 */
public record FsckResult(String table, long version, Status status, long dataFiles, long deletionVectorFiles,
    boolean verified, List<Problem> problems, Totals totals, Long committedVersion, long elapsedMillis) {

  public enum Status {
    HEALTHY,
    PROBLEMS,
    REPAIRED
  }

  /** Whether a file is a table's data file or the deletion vector file of one. */
  public enum Kind {
    DATA,
    DELETION_VECTOR
  }

  public enum Issue {
    MISSING,
    UNREADABLE
  }

  /**
   * A file that is missing or does not read, and the entry of the log that refers to it.
   *
   * @param path the file, relative to the table's folder when inside it
   * @param entry the data file whose entry refers to it (the one a repair removes), relative likewise
   * @param rows the rows that entry holds (its statistics' numRecords minus the rows its deletion vector deletes);
   *     null when the entry has no statistics
   * @param bytes the data file's size as the log records it
   * @param detail why a file does not read (null for a missing one)
   */
  public record Problem(String path, Kind kind, Issue issue, String entry, Long rows, long bytes, String detail) {}

  /**
   * The entries with a problem (one per data file, even when its deletion vector is missing too), their rows (of
   * those whose rows are known) and bytes.
   */
  public record Totals(long entries, long rows, long entriesWithUnknownRows, long bytes) {}
}
