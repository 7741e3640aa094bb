package dev.deltactl.core.api;

import java.util.List;
import java.util.Map;

/**
 * The data files of a version of a table, in the order asked for, and the totals of every file the
 * {@code --where} matched (also those beyond the limit).
 *
 * @param table the table as the user named it
 * @param version the version listed
 * @param partitionColumns the table's partition columns
 * @param statsColumns the columns whose statistics the files carry: logical dotted names, by the name their
 *     statistics use (a physical name under column mapping), in schema order
 * @param files the files, sorted and limited
 * @param totals of all matching files
 */
public record FilesResult(String table, long version, List<String> partitionColumns,
    Map<String, String> statsColumns, List<FileEntry> files, Totals totals) {

  /**
   * @param files matching files
   * @param bytes their size
   * @param numRecords their rows by statistics (files without statistics count none)
   * @param deletedRows rows their deletion vectors mark deleted
   * @param filesWithoutStats files whose statistics give no record count
   */
  public record Totals(long files, long bytes, long numRecords, long deletedRows, long filesWithoutStats) {
    /** Rows a reader sees: records less deleted rows; null when a file's count is unknown. */
    public Long liveRows() {
      return filesWithoutStats > 0 ? null : numRecords - deletedRows;
    }
  }
}
