package dev.deltactl.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A table as Delta's {@code DESCRIBE DETAIL} reports it, with its current version and schema. */
public record TableDetail(
    String format,
    String id,
    String name,
    String description,
    String location,
    Instant createdAt,
    Instant lastModified,
    List<String> partitionColumns,
    List<String> clusteringColumns,
    long numFiles,
    long sizeInBytes,
    Map<String, String> properties,
    int minReaderVersion,
    int minWriterVersion,
    List<String> tableFeatures,
    long version,
    List<ColumnInfo> schema) {}
