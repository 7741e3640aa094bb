package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Create a Delta table, empty with a schema or from data.
 *
 * @param table where the table goes: a path, or a catalog name
 * @param schemaDdl columns in Spark DDL ({@code id BIGINT NOT NULL, name STRING}); null when created from data
 * @param partitionedBy partition columns, in order; empty for none
 * @param properties table properties, in order
 * @param location storage location of a named table; null for the warehouse default
 * @param comment table comment, or null
 * @param mode what to do when the table exists
 * @param source where the rows come from; null for an empty table
 * @param clusterBy liquid clustering columns, in order; empty for none (not with {@code partitionedBy})
 */
public record CreateTableRequest(
    TableRef table,
    String schemaDdl,
    List<String> partitionedBy,
    Map<String, String> properties,
    String location,
    String comment,
    Mode mode,
    Source source,
    List<String> clusterBy) {

  public CreateTableRequest {
    Objects.requireNonNull(table, "table").requireCurrent("create");
    partitionedBy = List.copyOf(partitionedBy == null ? List.of() : partitionedBy);
    properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    mode = mode == null ? Mode.CREATE : mode;
    clusterBy = List.copyOf(clusterBy == null ? List.of() : clusterBy);
    if (!clusterBy.isEmpty() && !partitionedBy.isEmpty()) {
      throw DeltactlException.invalid("--cluster-by cannot be combined with --partitioned-by: Delta Lake clusters"
          + " a table or partitions it, not both");
    }
    ClusterByRequest.checkCount(clusterBy, "--cluster-by");
  }

  public CreateTableRequest(TableRef table, String schemaDdl, List<String> partitionedBy, Map<String, String> properties,
      String location, String comment, Mode mode, Source source) {
    this(table, schemaDdl, partitionedBy, properties, location, comment, mode, source, List.of());
  }

  /** What happens when a table already exists at the target. */
  public enum Mode {
    /** Fail with {@code TABLE_ALREADY_EXISTS}. */
    CREATE,
    /** Leave the existing table as it is. */
    IF_NOT_EXISTS,
    /** Replace it (a new version of the same table: history is kept). */
    REPLACE
  }

  /** Where the rows of a new table come from. */
  public sealed interface Source permits AsSelect, FromFiles {}

  /** The rows of a Spark SQL query. */
  public record AsSelect(String query) implements Source {}

  /** The rows of files read with one of Spark's data sources. */
  public record FromFiles(String path, SourceFormat format, Map<String, String> options) implements Source {
    public FromFiles {
      options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
  }
}
