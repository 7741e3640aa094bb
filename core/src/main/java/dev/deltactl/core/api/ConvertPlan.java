package dev.deltactl.core.api;

import java.util.List;

/**
 * What convert found in a folder before it converts it.
 *
 * @param location the folder
 * @param files the Parquet files found (hidden files, whose names start with _ or ., are not data)
 * @param bytes their size
 * @param partitionColumns the partition columns of the folders ({@code k=v}), outermost first
 * @param partitions the distinct partition folders holding files (0 when not partitioned)
 * @param schema the columns of the table to be: the files' columns, then the partition columns
 */
public record ConvertPlan(String table, String location, long files, long bytes, List<String> partitionColumns,
    long partitions, List<ColumnInfo> schema) {
  public ConvertPlan {
    partitionColumns = List.copyOf(partitionColumns);
    schema = List.copyOf(schema);
  }
}
