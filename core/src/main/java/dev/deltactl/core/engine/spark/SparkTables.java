package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.CreateTableResult;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.SqlRequest;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.ObjectStores;
import dev.deltactl.core.engine.kernel.CommitCheck;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * create, describe, history and sql on every Spark engine (classic or Connect), when Spark answers them
 * ({@link dev.deltactl.core.engine.Routing} sends what Kernel may answer to Kernel first): SQL sent to the
 * session both engines share, and what the engines read of storage beside it ({@link Store}).
 */
record SparkTables(SparkSession spark, Store store) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkTables.class);

  /**
   * What these operations read of a table's storage beside their SQL, the one thing the engines do differently.
   *
   * @param fileSystem the file system of a path, with the engine's settings
   * @param isDeltaTable whether a Delta table is at a path
   * @param checksHere whether describe and history check a path's files in this process before Spark answers
   *     (missing, not Delta, a damaged commit): the classic driver does; over Connect, Kernel was asked first
   *     and the server's own answer stands
   */
  record Store(Function<String, FileSystem> fileSystem, Predicate<String> isDeltaTable, boolean checksHere) {}


  // ---------------------------------------------------------------- create

  /** @param schema the request's --schema, parsed by {@link Tables#checkCreate} */
  CreateTableResult create(CreateTableRequest r, StructType schema) {
    TableRef ref = r.table();
    boolean exists = exists(ref);
    if (exists && r.mode() == CreateTableRequest.Mode.CREATE) {
      throw new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS, "table " + ref.display() + " already exists;"
          + " use --replace to replace it (its history is kept) or --if-not-exists to leave it as it is");
    }
    if (exists && r.mode() == CreateTableRequest.Mode.IF_NOT_EXISTS) {
      return new CreateTableResult(CreateTableResult.Action.ALREADY_EXISTS, describe(ref));
    }
    if (!exists && ref.isPath()) {
      Tables.refuseNonEmptyFolder(store.fileSystem().apply(ref.path()), ref.path());
    }
    try {
      runCreate(r, exists, schema);
    } catch (Exception e) { // Scala throws Spark's checked exceptions undeclared
      // the Connect client has no text for Delta's errors: name the properties given
      if ("DELTA_UNKNOWN_CONFIGURATION".equals(SparkErrors.unformattedCondition(e))) {
        throw DeltactlException.invalid("Delta Lake does not know a table property among "
            + String.join(", ", r.properties().keySet()) + " (DELTA_UNKNOWN_CONFIGURATION)");
      }
      throw e instanceof DeltactlException d ? d : sourceFailure(r, e);
    }
    return new CreateTableResult(exists ? CreateTableResult.Action.REPLACED : CreateTableResult.Action.CREATED,
        describe(ref));
  }

  /**
   * Creates (or replaces) the table of {@code r} with {@code schema}, or from its source (through a
   * temporary view, dropped afterwards), in one {@code CREATE TABLE} / {@code REPLACE TABLE} statement.
   */
  private void runCreate(CreateTableRequest r, boolean exists, StructType schema) {
    String view = null;
    // REPLACE, not CREATE OR REPLACE: the latter refuses a new schema on a path table (delta-io/delta#827)
    StringBuilder sql = new StringBuilder(exists ? "REPLACE TABLE " : "CREATE TABLE ");
    sql.append(Sql.table(r.table()));
    StructType columns = schema;
    Dataset<Row> data = null;
    if (r.source() == null) {
      sql.append(" (").append(schema.toDDL()).append(')');
    } else {
      data = source(r.source(), schema);
      columns = data.schema();
    }
    Tables.checkPartitionColumns(r.partitionedBy(), columns);
    dev.deltactl.core.api.TableProperties.checkSet(r.properties(), List.of(columns.fieldNames()), r.partitionedBy());
    List<String> clusterBy = ClusterColumns.check(r.table().display(), r.clusterBy(), columns, r.properties());
    if (data != null) {
      view = "deltactl_source_" + UUID.randomUUID().toString().replace("-", "");
      data.createOrReplaceTempView(view);
    }
    sql.append(" USING delta");
    if (!r.partitionedBy().isEmpty()) {
      sql.append(" PARTITIONED BY (").append(Sql.idents(r.partitionedBy())).append(')');
    }
    if (!clusterBy.isEmpty()) {
      sql.append(" CLUSTER BY (").append(clusterBy.stream().map(c -> List.of(c.split("\\.", -1)).stream()
          .map(Sql::ident).collect(Collectors.joining("."))).collect(Collectors.joining(", "))).append(')');
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
      spark.sql(sql.toString());
    } finally {
      if (view != null) {
        spark.catalog().dropTempView(view);
      }
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

  /**
   * The rows a table is created from. A query is only ever sent inside a SELECT: Spark runs a command given
   * to {@code sql()} at once, so {@code --as-select "DROP TABLE x"} must fail to parse, not drop x. The query
   * stands on lines of its own, so that a trailing {@code --} comment ends with it.
   */
  private Dataset<Row> source(CreateTableRequest.Source source, StructType schema) {
    if (source instanceof CreateTableRequest.AsSelect q) {
      String query = q.query().strip().replaceAll(";+$", "");
      try {
        return spark.sql("SELECT * FROM (\n" + query + "\n) AS deltactl_query");
      } catch (Exception e) {
        // a query (Tables.checkCreate parsed it) Spark could not analyze
        DeltactlException d = SparkErrors.translate(e);
        throw new DeltactlException(d.code(), "invalid --as-select query: " + d.getMessage(), e);
      }
    }
    CreateTableRequest.FromFiles f = (CreateTableRequest.FromFiles) source;
    String path = TableRef.ofPath(f.path()).path();
    try {
      if (!store.fileSystem().apply(path).exists(new Path(path))) {
        throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--from path not found: " + path);
      }
    } catch (IOException e) {
      throw SparkErrors.cannotRead(path, e);
    }
    // read with the format's options (CSV infers its schema unless given one)
    DataFrameReader reader = spark.read().format(f.format().sourceName()).options(f.options());
    if (schema != null) {
      reader = reader.schema(schema);
    } else if (f.format() == SourceFormat.CSV && !f.options().containsKey("inferSchema")) {
      reader = reader.option("inferSchema", "true");
    }
    return reader.load(path);
  }

  /** Whether the table exists: a Delta table at the path, or the name in the metastore. */
  boolean exists(TableRef ref) {
    return ref.isPath() ? store.isDeltaTable().test(ref.path()) : spark.catalog().tableExists(Sql.table(ref));
  }

  /** Fails as describe does when the table is not there: path not found, not a Delta table, no such name. */
  void require(TableRef ref) {
    if (!ref.isPath()) {
      if (!spark.catalog().tableExists(Sql.table(ref.current()))) {
        throw new DeltactlException(ErrorCode.TABLE_NOT_FOUND,
            "table " + ref.display() + " not found in the metastore; check the name, or give the table's path");
      }
      return;
    }
    if (!store.checksHere()) {
      return;
    }
    String path = ref.path();
    FileSystem fs = store.fileSystem().apply(path);
    try {
      if (!fs.exists(new Path(path))) {
        throw ObjectStores.pathNotFound(fs, new Path(path), path);
      }
      if (!store.isDeltaTable().test(path)) {
        throw DeltactlException.notADeltaTable(path, fs.exists(new Path(path, "_delta_log")));
      }
    } catch (IOException e) {
      throw SparkErrors.cannotRead(path, e);
    }
  }

  // ---------------------------------------------------------------- describe

  /** {@code DESCRIBE DETAIL}, the latest version and the schema. */
  TableDetail describe(TableRef ref) {
    require(ref);
    String table = Sql.table(ref.current());
    Row detail = spark.sql("DESCRIBE DETAIL " + table).head();
    long version = Tables.latestVersion(spark, table);
    return Tables.detail(detail, version, spark.sql("SELECT * FROM " + table).schema());
  }

  // ---------------------------------------------------------------- history

  /** {@code DESCRIBE HISTORY}, newest first. */
  HistoryResult history(HistoryRequest r) {
    require(r.table());
    Dataset<Row> h = spark.sql("DESCRIBE HISTORY " + Sql.table(r.table().current())
        + (r.limit() == null ? "" : " LIMIT " + r.limit()));
    List<HistoryResult.Entry> entries = new ArrayList<>();
    for (Row row : h.orderBy(h.col("version").desc()).collectAsList()) {
      entries.add(Tables.historyEntry(row));
    }
    if (r.table().isPath() && store.checksHere()) {
      checkCommits(r.table().path(), entries);
    }
    return new HistoryResult(r.table().display(), entries);
  }

  /**
   * Fails when a commit the history shows is damaged (Spark reads only its commitInfo line, so a commit cut
   * short after it would be shown as if whole), as the Kernel engine does: the commits shown are read anyway.
   */
  private void checkCommits(String path, List<HistoryResult.Entry> entries) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = store.fileSystem().apply(path);
      for (HistoryResult.Entry e : entries) {
        Path commit = new Path(log, String.format("%020d.json", e.version()));
        byte[] bytes;
        try (var in = fs.open(commit)) {
          bytes = in.readAllBytes();
        } catch (java.io.FileNotFoundException gone) {
          continue; // cleaned up after a checkpoint while the history was read
        }
        String problem = CommitCheck.problem(bytes);
        if (problem != null) {
          throw CommitCheck.damaged(CommitCheck.display(commit.toString()), problem);
        }
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the log of " + path + ": "
          + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- sql

  SqlResult sql(SqlRequest r) {
    return RowValues.result(spark.sql(r.statement()), r.maxRows(), true);
  }
}
