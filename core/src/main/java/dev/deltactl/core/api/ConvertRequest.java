package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.Objects;

/**
 * Turn a folder of Parquet files (or a Parquet table of the metastore) into a Delta table in place, with Delta's
 * {@code CONVERT TO DELTA}.
 *
 * @param table the folder, or a metastore name
 * @param format the format of its files: Parquet
 * @param partitionedBy the partition columns of the folders as Spark DDL ({@code "date DATE, region STRING"}), or
 *     null when the files are not in partition folders
 * @param dryRun plan only and change nothing
 * @param noStatistics do not collect the files' statistics (faster; the table then has none)
 */
public record ConvertRequest(TableRef table, SourceFormat format, String partitionedBy, boolean dryRun,
    boolean noStatistics) {
  public ConvertRequest {
    Objects.requireNonNull(table, "table");
    format = format == null ? SourceFormat.PARQUET : format;
    if (format != SourceFormat.PARQUET) {
      throw DeltactlException.invalid("convert reads Parquet files only, got --format " + format);
    }
    if (table.hasTimeTravel()) {
      throw DeltactlException.invalid("convert takes a folder or a table, not a version: drop the suffix of '"
          + table.display() + "'");
    }
    if (partitionedBy != null && partitionedBy.isBlank()) {
      partitionedBy = null;
    }
  }
}
