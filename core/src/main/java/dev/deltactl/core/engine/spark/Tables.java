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
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What creating and describing a table take on either Spark engine (classic or Connect): Spark's SQL API
 * types and Hadoop's file system only.
 */
final class Tables {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tables.class);

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
    return r.schemaDdl() == null ? null : parseSchema(r.schemaDdl());
  }

  static DeltactlException alreadyExists(TableRef ref) {
    return new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS,
        "table " + ref.display() + " already exists; use --replace to replace it (its history is kept)"
            + " or --if-not-exists to leave it as it is");
  }

  /**
   * Creates (or replaces) the table of {@code r} with {@code schema}, or from {@code data} (through a
   * temporary view, dropped afterwards), in one {@code CREATE TABLE} / {@code REPLACE TABLE} statement.
   */
  static void runCreate(SparkSession s, CreateTableRequest r, boolean exists, StructType schema,
      java.util.function.Supplier<Dataset<Row>> data) {
    try {
      runCreate(s, r, exists, schema, data.get());
    } catch (DeltactlException e) {
      throw e;
    } catch (Exception e) { // Scala throws Spark's checked exceptions undeclared
      throw sourceFailure(r, e);
    }
  }

  /**
   * A create that failed reading a file of {@code --from}: bad input (exit 2) naming the file and why, in the
   * user's words; any other failure as Spark's errors translate.
   */
  private static DeltactlException sourceFailure(CreateTableRequest r, Exception e) {
    String file = CopyIntoRows.failedFile(e);
    if (r.source() instanceof CreateTableRequest.FromFiles f && file != null) {
      String failed = new Path(file).toUri().getPath();
      String from = new Path(TableRef.ofPath(f.path()).path()).toUri().getPath();
      if (failed.equals(from) || failed.startsWith(from.endsWith("/") ? from : from + "/")) {
        return new DeltactlException(ErrorCode.INVALID_ARGUMENT, "cannot create " + r.table().display() + " from "
            + failed + ": " + CopyIntoRows.innermost(e) + "; no table was created", e);
      }
    }
    return SparkErrors.translate(e);
  }

  private static void runCreate(SparkSession s, CreateTableRequest r, boolean exists, StructType schema, Dataset<Row> data) {
    TableRef ref = r.table();
    String view = null;
    // REPLACE, not CREATE OR REPLACE: the latter refuses a new schema on a path table (delta-io/delta#827)
    StringBuilder sql = new StringBuilder(exists ? "REPLACE TABLE " : "CREATE TABLE ");
    sql.append(Sql.table(ref));
    StructType columns = schema;
    if (r.source() == null) {
      sql.append(" (").append(schema.toDDL()).append(')');
    } else {
      columns = data.schema();
      view = "deltactl_source_" + UUID.randomUUID().toString().replace("-", "");
      data.createOrReplaceTempView(view);
    }
    checkPartitionColumns(r.partitionedBy(), columns);
    sql.append(" USING delta");
    if (!r.partitionedBy().isEmpty()) {
      sql.append(" PARTITIONED BY (").append(Sql.idents(r.partitionedBy())).append(')');
    }
    if (r.location() != null) {
      sql.append(" LOCATION ").append(Sql.literal(TableRef.ofPath(r.location()).path()));
    }
    if (r.comment() != null) {
      sql.append(" COMMENT ").append(Sql.literal(r.comment()));
    }
    if (!r.properties().isEmpty()) {
      sql.append(" TBLPROPERTIES (").append(r.properties().entrySet().stream()
          .map(e -> Sql.literal(e.getKey()) + " = " + Sql.literal(e.getValue()))
          .collect(Collectors.joining(", "))).append(')');
    }
    if (view != null) {
      sql.append(" AS SELECT * FROM ").append(Sql.ident(view));
    }
    LOG.info("running: {}", sql);
    try {
      s.sql(sql.toString());
    } finally {
      if (view != null) {
        s.catalog().dropTempView(view);
      }
    }
  }

  /** The rows of source files, read with the format's options (CSV infers its schema unless given one). */
  static Dataset<Row> readFiles(SparkSession s, CreateTableRequest.FromFiles f, String path, StructType schema) {
    DataFrameReader reader = s.read().format(f.format().sourceName()).options(f.options());
    if (schema != null) {
      reader = reader.schema(schema);
    } else if (f.format() == dev.deltactl.core.api.SourceFormat.CSV && !f.options().containsKey("inferSchema")) {
      reader = reader.option("inferSchema", "true");
    }
    return reader.load(path);
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
