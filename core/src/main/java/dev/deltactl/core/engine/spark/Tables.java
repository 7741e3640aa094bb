package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What creating and describing a table take on either Spark engine (classic or Connect): Spark's SQL API
 * types and Hadoop's file system only.
 */
final class Tables {
  private Tables() {}

  static StructType parseSchema(String ddl) {
    StructType schema;
    try {
      schema = StructType.fromDDL(ddl);
    } catch (Exception e) {
      throw new DeltactlException(ErrorCode.INVALID_SCHEMA,
          "invalid --schema '" + ddl + "': " + SparkErrors.firstLine(e)
              + " (expected Spark DDL such as \"id BIGINT NOT NULL, name STRING, day DATE\")", e);
    }
    if (schema.isEmpty()) {
      throw new DeltactlException(ErrorCode.INVALID_SCHEMA, "invalid --schema '" + ddl + "': no columns");
    }
    return schema;
  }

  static void checkPartitionColumns(List<String> partitionedBy, StructType schema) {
    List<String> names = List.of(schema.fieldNames());
    for (String p : partitionedBy) {
      if (names.stream().noneMatch(n -> n.equalsIgnoreCase(p))) {
        throw DeltactlException.invalid(
            "partition column '" + p + "' is not a column of the table (columns: " + String.join(", ", names) + ")");
      }
    }
  }

  /** Refuses to create a table in a folder that holds files but no Delta table. */
  static void refuseNonEmptyFolder(FileSystem fs, String path) {
    try {
      Path p = new Path(path);
      if (!fs.exists(p)) {
        return;
      }
      FileStatus status = fs.getFileStatus(p);
      if (!status.isDirectory()) {
        throw DeltactlException.invalid("cannot create a table at " + path + ": it is a file");
      }
      if (fs.listStatus(p).length > 0) {
        throw DeltactlException.invalid("refusing to create a table in " + path
            + ": the folder is not empty and holds no Delta table; choose an empty or new folder");
      }
    } catch (IOException e) {
      throw SparkErrors.cannotRead(path, e);
    }
  }

  /** The checks of a create request that need no engine; the --schema parsed, or null. */
  static StructType checkCreate(CreateTableRequest r) {
    TableRef ref = r.table();
    if (r.location() != null && ref.isPath()) {
      throw DeltactlException.invalid("--location is for named tables; the path " + ref.path() + " is the location");
    }
    if (r.source() == null && r.schemaDdl() == null) {
      throw DeltactlException.invalid("create needs columns: give --schema, --as-select or --from");
    }
    if (r.source() instanceof CreateTableRequest.AsSelect && r.schemaDdl() != null) {
      throw DeltactlException.invalid("--schema cannot be combined with --as-select: the query defines the columns");
    }
    if (r.source() instanceof CreateTableRequest.AsSelect q) {
      SparkChecks.checkQuery(q.query());
    }
    // keys and values as properties set checks them, before Spark starts; the columns once known (runCreate)
    dev.deltactl.core.api.TableProperties.checkSet(r.properties(), null, r.partitionedBy());
    return r.schemaDdl() == null ? null : parseSchema(r.schemaDdl());
  }

  /**
   * The rows of {@code b} not in {@code a} and of {@code a} not in {@code b}: as multisets, or by
   * {@code key} when one is given.
   */
  static long[] rowChanges(Dataset<Row> a, Dataset<Row> b, List<String> key) {
    if (key.isEmpty()) {
      return new long[] {b.exceptAll(a).count(), a.exceptAll(b).count()};
    }
    scala.collection.immutable.Seq<String> k = scala.jdk.javaapi.CollectionConverters.asScala(key).toList();
    return new long[] {b.join(a, k, "left_anti").count(), a.join(b, k, "left_anti").count()};
  }

  /** The latest version, from the newest line of {@code DESCRIBE HISTORY} (a SQL table name or path). */
  static long latestVersion(org.apache.spark.sql.SparkSession spark, String table) {
    return spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").select("version").head().getLong(0);
  }

  /** A table's detail from a {@code DESCRIBE DETAIL} row, its version and its schema. */
  static TableDetail detail(Row d, long version, StructType schema) {
    List<ColumnInfo> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(new ColumnInfo(f.name(), f.dataType().sql(), f.nullable(),
          f.getComment().isDefined() ? f.getComment().get() : null));
    }
    return new TableDetail(
        str(d, "format"),
        str(d, "id"),
        str(d, "name"),
        str(d, "description"),
        str(d, "location"),
        instant(d, "createdAt"),
        instant(d, "lastModified"),
        RowValues.stringList(d, "partitionColumns"),
        RowValues.has(d, "clusteringColumns") ? RowValues.stringList(d, "clusteringColumns") : List.of(),
        num(d, "numFiles"),
        num(d, "sizeInBytes"),
        RowValues.stringMap(d, "properties"),
        (int) num(d, "minReaderVersion"),
        (int) num(d, "minWriterVersion"),
        RowValues.has(d, "tableFeatures") ? RowValues.stringList(d, "tableFeatures").stream().sorted().toList() : List.of(),
        version,
        columns);
  }


  /** A commit from a {@code DESCRIBE HISTORY} row. */
  static HistoryResult.Entry historyEntry(Row row) {
    return new HistoryResult.Entry(
        row.<Long>getAs("version"),
        instant(row, "timestamp"),
        str(row, "userId"),
        str(row, "userName"),
        str(row, "operation"),
        RowValues.stringMap(row, "operationParameters"),
        row.getAs("readVersion"),
        str(row, "isolationLevel"),
        row.getAs("isBlindAppend"),
        RowValues.stringMap(row, "operationMetrics"),
        str(row, "userMetadata"),
        str(row, "engineInfo"));
  }

  private static String str(Row r, String field) {
    if (!RowValues.has(r, field)) {
      return null;
    }
    Object v = r.getAs(field);
    return v == null ? null : v.toString();
  }

  private static long num(Row r, String field) {
    if (!RowValues.has(r, field)) {
      return 0;
    }
    Object v = r.getAs(field);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static Instant instant(Row r, String field) {
    if (!RowValues.has(r, field)) {
      return null;
    }
    Object v = RowValues.value(r.getAs(field), r.schema().apply(field).dataType());
    return (Instant) v;
  }}
