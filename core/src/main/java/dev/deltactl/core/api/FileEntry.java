package dev.deltactl.core.api;

import java.time.Instant;
import java.util.Map;

/**
 * One data file of a version, as its add action in the log gives it.
 *
 * @param path the path as written in the log (relative to the table's folder unless the file lies elsewhere)
 * @param size bytes
 * @param modificationTime when the file was written
 * @param partitionValues the value of each partition column, by column name (null for a null value)
 * @param numRecords rows in the file, from its statistics; null when it has none
 * @param deletedRows rows its deletion vector marks deleted; 0 without one
 * @param deletionVector whether it has a deletion vector
 * @param stats its statistics as the log holds them (JSON, physical column names); null when it has none.
 *     {@link FileStats#flatten} reads them
 * @param bloomFilterColumns the columns (logical names) whose every row group in the file carries a Parquet bloom
 *     filter, from the file's footer; null when not read
 */
public record FileEntry(String path, long size, Instant modificationTime, Map<String, String> partitionValues,
    Long numRecords, long deletedRows, boolean deletionVector, String stats, java.util.List<String> bloomFilterColumns) {
  public FileEntry(String path, long size, Instant modificationTime, Map<String, String> partitionValues,
      Long numRecords, long deletedRows, boolean deletionVector, String stats) {
    this(path, size, modificationTime, partitionValues, numRecords, deletedRows, deletionVector, stats, null);
  }

  /** This entry with the bloom-filtered columns its footer gave. */
  public FileEntry withBloomFilterColumns(java.util.List<String> columns) {
    return new FileEntry(path, size, modificationTime, partitionValues, numRecords, deletedRows, deletionVector, stats,
        java.util.List.copyOf(columns));
  }
}
