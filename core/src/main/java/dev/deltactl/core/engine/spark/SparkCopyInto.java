package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * copy-into on Spark, exactly once: every file loaded is recorded in the table's own log as a Delta
 * application transaction ({@code txn} action, one per file, its id derived from the file's path relative
 * to the source, its version the file's modification time), committed in the same commit as the rows.
 * A crash leaves either the whole commit or nothing; a re-run reads the record from the snapshot it writes
 * to; two runs that load the same file conflict (Delta checks the transaction ids each one read), and
 * {@code txn} actions are kept by checkpoints, optimize and vacuum.
 */
final class SparkCopyInto {
  /** Prefix of the application ids that record loaded files. */
  static final String APP_ID_PREFIX = "deltactl.copy-into:";

  private final SparkSession spark;

  SparkCopyInto(SparkSession spark) {
    this.spark = spark;
  }

  /** Creates the table with the schema of the source rows (after --select), empty. */
  void createTable(CopyIntoRequest r, String path, String name) {
    List<SourceFile> files = list(r);
    if (files.isEmpty()) {
      throw DeltactlException.invalid("--create-if-missing needs source files to take the schema from; "
          + r.source() + " has none that match");
    }
    Dataset<Row> rows = read(r, files, new StructType());
    var writer = rows.limit(0).write().format("delta");
    try {
      if (path != null) {
        writer.save(path);
      } else {
        writer.saveAsTable(name);
      }
    } catch (RuntimeException e) {
      throw SparkErrors.translate(e);
    }
  }

  /** A source file: its path relative to the source folder, and its status. */
  record SourceFile(String relative, FileStatus status) {}

  CopyIntoResult run(CopyIntoRequest r, String location) {
    long t0 = System.nanoTime();
    List<SourceFile> candidates = list(r);
    DeltaLog log = DeltaLog.forTable(spark, new Path(location));
    OptimisticTransaction txn = log.startTransaction();
    List<SourceFile> toLoad = new ArrayList<>();
    List<CopyIntoResult.Rejected> rejected = new ArrayList<>();
    long skipped = 0;
    for (SourceFile f : candidates) {
      if (f.status().getLen() == 0) {
        // reported, and not recorded: loaded once it has content
        rejected.add(new CopyIntoResult.Rejected(f.relative(), "empty file"));
        continue;
      }
      long recorded = txn.txnVersion(appId(f.relative()));
      boolean loaded = recorded != -1 && (!r.detectChanges() || recorded == f.status().getModificationTime());
      if (loaded && !r.force()) {
        skipped++;
      } else {
        toLoad.add(f);
      }
    }
    String display = r.table().display();
    if (toLoad.isEmpty()) {
      return new CopyIntoResult(r.validate() != null ? CopyIntoResult.Status.VALIDATED
          : CopyIntoResult.Status.NOTHING_TO_LOAD, display, 0, skipped, 0, 0, 0, null, List.of(), rejected,
          null, millis(t0));
    }
    StructType tableSchema = txn.snapshot().schema();
    long badRecords = 0;
    if (r.onError() == CopyIntoRequest.OnError.SKIP_FILE) {
      List<SourceFile> good = new ArrayList<>();
      Map<String, String> bad = malformedFiles(r, toLoad, tableSchema);
      for (SourceFile f : toLoad) {
        String why = bad.get(f.status().getPath().toUri().getPath());
        if (why == null) {
          good.add(f);
        } else {
          rejected.add(new CopyIntoResult.Rejected(f.relative(), why));
        }
      }
      toLoad = good;
      if (toLoad.isEmpty()) {
        return new CopyIntoResult(CopyIntoResult.Status.NOTHING_TO_LOAD, display, 0, skipped, 0, 0, 0, null, List.of(),
            rejected, null, millis(t0));
      }
    }
    Dataset<Row> rows;
    if (r.onError() == CopyIntoRequest.OnError.BAD_RECORDS) {
      Dataset<Row> all = readPermissive(r, toLoad, tableSchema).persist();
      Dataset<Row> malformed = all.where(CORRUPT + " IS NOT NULL");
      badRecords = malformed.count();
      if (badRecords > 0 && r.validate() == null) {
        malformed.selectExpr(FILE + " AS file", CORRUPT + " AS record",
                "'does not parse as the table''s columns' AS reason")
            .write().mode(SaveMode.Append).json(r.badRecordsPath());
      }
      rows = all.where(CORRUPT + " IS NULL").drop(CORRUPT, FILE);
    } else {
      rows = read(r, toLoad, tableSchema);
    }
    checkSchema(rows.schema(), tableSchema, r.mergeSchema());
    long bytes = toLoad.stream().mapToLong(f -> f.status().getLen()).sum();
    if (r.validate() != null) {
      return validate(r, rows, toLoad, rejected, skipped, bytes, t0);
    }

    Map<String, String> options = new LinkedHashMap<>();
    if (r.mergeSchema()) {
      options.put("mergeSchema", "true");
    }
    WriteIntoDelta write = new WriteIntoDelta(log, SaveMode.Append,
        new DeltaOptions(CollectionConverters.asScala(options).toMap(scala.$less$colon$less$.MODULE$.refl()),
            spark.sessionState().conf()),
        CollectionConverters.asScala(List.<String>of()).toSeq(),
        CollectionConverters.asScala(Map.<String, String>of()).toMap(scala.$less$colon$less$.MODULE$.refl()),
        rows, Option.empty(), Option.empty(), false);
    List<Action> actions;
    try {
      actions = new ArrayList<>(CollectionConverters.asJava(
          write.writeAndReturnCommitData(txn, spark, Option.empty(), false).actions()));
    } catch (Exception e) { // SparkException is checked, and Scala throws it anyway
      throw parseFailure(e);
    }
    long rowsInserted = 0;
    for (Action a : actions) {
      if (a instanceof AddFile add && add.numLogicalRecords().isDefined()) {
        rowsInserted += (Long) add.numLogicalRecords().get();
      }
    }
    long now = System.currentTimeMillis();
    List<String> loadedNames = new ArrayList<>();
    for (SourceFile f : toLoad) {
      actions.add(new SetTransaction(appId(f.relative()), f.status().getModificationTime(), Option.apply(now)));
      loadedNames.add(f.relative());
    }
    String userMetadata = "{\"copyInto\":{\"source\":" + json(r.source()) + ",\"format\":\"" + r.format().sourceName()
        + "\",\"numFilesLoaded\":" + toLoad.size() + ",\"numFilesSkipped\":" + skipped
        + ",\"numRowsInserted\":" + rowsInserted + ",\"numBadRecords\":" + badRecords + ",\"bytesRead\":" + bytes + "}}";
    DeltaOperations.Write op = new DeltaOperations.Write(SaveMode.Append,
        Option.apply(CollectionConverters.asScala(List.<String>of()).toSeq()), Option.empty(), Option.apply(userMetadata),
        Option.empty(), Option.empty(), r.mergeSchema() ? Option.apply(true) : Option.empty(), Option.empty(),
        Option.empty());
    long version;
    try {
      version = txn.commit(CollectionConverters.asScala(actions).toSeq(), op);
    } catch (io.delta.exceptions.ConcurrentTransactionException e) {
      throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent copy-into committed some of these"
          + " files first; this run loaded nothing and is safe to run again (it skips what is loaded)", e);
    }
    return new CopyIntoResult(CopyIntoResult.Status.LOADED, display, toLoad.size(), skipped, rowsInserted, badRecords,
        bytes, version, loadedNames, rejected, null, millis(t0));
  }

  private CopyIntoResult validate(CopyIntoRequest r, Dataset<Row> rows, List<SourceFile> toLoad,
      List<CopyIntoResult.Rejected> rejected, long skipped, long bytes, long t0) {
    long count;
    List<Row> preview;
    try {
      count = rows.count();
      preview = r.validate() == 0 ? List.of() : rows.limit(r.validate()).collectAsList();
    } catch (Exception e) {
      throw parseFailure(e);
    }
    List<ColumnInfo> columns = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      columns.add(new ColumnInfo(f.name(), f.dataType().sql(), f.nullable(), null));
    }
    List<List<Object>> values = new ArrayList<>();
    for (Row row : preview) {
      values.add(RowValues.row(row, rows.schema()));
    }
    return new CopyIntoResult(CopyIntoResult.Status.VALIDATED, r.table().display(), toLoad.size(), skipped, count, 0,
        bytes, null, toLoad.stream().map(SourceFile::relative).toList(), rejected,
        new SqlResult(columns, values, count > values.size()), millis(t0));
  }

  private static final String CORRUPT = "_deltactl_corrupt_record";
  private static final String FILE = "_deltactl_source_file";

  /**
   * CSV or JSON read in Spark's PERMISSIVE mode with the table's columns, a column holding each record
   * that did not parse, and the file it came from.
   */
  private Dataset<Row> readPermissive(CopyIntoRequest r, List<SourceFile> files, StructType tableSchema) {
    if (r.select() != null || r.mergeSchema()) {
      throw DeltactlException.invalid("--on-error " + (r.onError() == CopyIntoRequest.OnError.SKIP_FILE
          ? "skip-file" : "bad-records") + " reads the files with the table's columns; it does not combine with"
          + " --select or --merge-schema");
    }
    StructType schema = tableSchema.add(CORRUPT, org.apache.spark.sql.types.DataTypes.StringType, true);
    Map<String, String> options = new LinkedHashMap<>(r.formatOptions());
    options.put("mode", "PERMISSIVE");
    options.put("columnNameOfCorruptRecord", CORRUPT);
    Dataset<Row> df = spark.read().format(r.format().sourceName()).options(options).schema(schema)
        .load(files.stream().map(f -> f.status().getPath().toString()).toArray(String[]::new));
    return df.select(df.col("*"), df.col("_metadata.file_path").as(FILE));
  }

  /** The files with records that do not parse: path -> reason, with how many and the first one. */
  private Map<String, String> malformedFiles(CopyIntoRequest r, List<SourceFile> files, StructType tableSchema) {
    Dataset<Row> all = readPermissive(r, files, tableSchema).persist();
    try {
      Map<String, String> out = new LinkedHashMap<>();
      List<Row> bad = all.where(CORRUPT + " IS NOT NULL")
          .groupBy(FILE).agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.min(CORRUPT))
          .collectAsList();
      for (Row b : bad) {
        String path = new Path(java.net.URI.create(b.getString(0))).toUri().getPath();
        out.put(path, b.getLong(1) + (b.getLong(1) == 1 ? " record does" : " records do") + " not parse as the"
            + " table's columns, e.g. " + firstLine(b.getString(2)));
      }
      return out;
    } finally {
      all.unpersist();
    }
  }

  /** The files the request selects, sorted by their path relative to the source. */
  private List<SourceFile> list(CopyIntoRequest r) {
    Path root = new Path(r.source());
    List<SourceFile> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(root)) {
        throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--from path not found: " + r.source());
      }
      root = fs.getFileStatus(root).getPath();
      if (!fs.getFileStatus(root).isDirectory()) {
        throw DeltactlException.invalid("--from must be a folder; " + r.source()
            + " is a file (use --from with its folder and --files " + root.getName() + ")");
      }
      String prefix = root.toUri().getPath().replaceAll("/+$", "") + "/";
      if (!r.files().isEmpty()) {
        for (String name : r.files()) {
          Path p = new Path(root, name);
          if (!fs.exists(p) || fs.getFileStatus(p).isDirectory()) {
            throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--files: no file " + name + " in " + r.source());
          }
          out.add(new SourceFile(relative(prefix, fs.getFileStatus(p)), fs.getFileStatus(p)));
        }
      } else if (r.pattern() != null) {
        FileStatus[] matches = fs.globStatus(new Path(root, r.pattern()));
        for (FileStatus s : matches == null ? new FileStatus[0] : matches) {
          if (s.isFile() && !hidden(relative(prefix, s))) {
            out.add(new SourceFile(relative(prefix, s), s));
          }
        }
      } else {
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
          LocatedFileStatus s = it.next();
          String rel = relative(prefix, s);
          if (!hidden(rel)) {
            out.add(new SourceFile(rel, s));
          }
        }
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot list " + r.source() + ": " + e.getMessage(), e);
    }
    out.sort((a, b) -> a.relative().compareTo(b.relative()));
    return out;
  }

  private static String relative(String prefix, FileStatus s) {
    String p = s.getPath().toUri().getPath();
    return p.startsWith(prefix) ? p.substring(prefix.length()) : s.getPath().getName();
  }

  /** Files Spark's readers skip too: any part of the path starting with _ or . (like _SUCCESS, .crc). */
  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The source rows to load: read with the table's schema where the format has none of its own. */
  private Dataset<Row> read(CopyIntoRequest r, List<SourceFile> files, StructType tableSchema) {
    DataFrameReader reader = spark.read().format(r.format().sourceName()).options(r.formatOptions());
    boolean textual = r.format() == SourceFormat.CSV || r.format() == SourceFormat.JSON;
    if (textual && !r.formatOptions().containsKey("mode")) {
      reader = reader.option("mode", "FAILFAST");
    }
    // CSV has no types of its own: read it with the table's, unless asked to infer or to shape it first.
    // JSON, Parquet, ORC and Avro carry names and types, which are checked against the table instead, so
    // that no source field is silently dropped.
    boolean inferring = "true".equalsIgnoreCase(r.formatOptions().get("inferSchema"));
    if (r.format() == SourceFormat.CSV && r.select() == null && !inferring && !r.mergeSchema()
        && tableSchema.fields().length > 0) {
      reader = reader.schema(tableSchema);
    }
    String[] paths = files.stream().map(f -> f.status().getPath().toString()).toArray(String[]::new);
    Dataset<Row> df;
    try {
      df = reader.load(paths);
      if (r.select() != null) {
        String view = "deltactl_copy_into_" + UUID.randomUUID().toString().replace("-", "");
        // the hidden _metadata column (file_path, file_name, file_size, ...) is usable in --select
        df.select(df.col("*"), df.col("_metadata")).createOrReplaceTempView(view);
        try {
          df = spark.sql("SELECT " + r.select() + " FROM " + view);
          df.schema();
        } finally {
          spark.catalog().dropTempView(view);
        }
      }
    } catch (RuntimeException e) {
      throw SparkErrors.translate(e);
    }
    return df;
  }

  /** Without --merge-schema, every source column must exist in the table with the same type. */
  private static void checkSchema(StructType source, StructType table, boolean mergeSchema) {
    if (mergeSchema || table.fields().length == 0) {
      return;
    }
    List<String> differences = new ArrayList<>();
    for (StructField f : source.fields()) {
      StructField t = null;
      for (StructField c : table.fields()) {
        if (c.name().equalsIgnoreCase(f.name())) {
          t = c;
        }
      }
      if (t == null) {
        differences.add(f.name() + " " + f.dataType().sql() + " (not in the table)");
      } else if (!t.dataType().sameType(f.dataType()) && !safeCast(f, t)) {
        differences.add(f.name() + " " + f.dataType().sql() + " (the table has " + t.dataType().sql() + ")");
      }
    }
    if (!differences.isEmpty()) {
      throw new DeltactlException(ErrorCode.INVALID_SCHEMA, "the source does not match the table's schema: "
          + String.join(", ", differences) + "; use --merge-schema to add new columns, or --select to shape the rows");
    }
  }

  /** Widening Delta's writer does on its own: smaller integers into larger ones, and into doubles. */
  private static boolean safeCast(StructField from, StructField to) {
    List<String> ints = List.of("TINYINT", "SMALLINT", "INT", "BIGINT");
    String f = from.dataType().sql();
    String t = to.dataType().sql();
    return ints.contains(f) && (ints.indexOf(t) >= ints.indexOf(f) || t.equals("DOUBLE"));
  }

  /**
   * A read that failed on bad data: which file, and the innermost reason (the value that did not parse).
   * Nothing was committed, so nothing was loaded.
   */
  private static DeltactlException parseFailure(Exception e) {
    String file = null;
    boolean malformed = false;
    String innermost = null;
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      java.util.regex.Matcher f = java.util.regex.Pattern.compile("reading file (\\S+?)\\.?(\\s|$)").matcher(m);
      if (file == null && f.find()) {
        file = f.group(1);
      }
      malformed |= m.contains("MALFORMED_RECORD_IN_PARSING") || m.contains("Malformed records are detected");
      if (c.getMessage() != null) {
        innermost = c.getClass().getSimpleName() + ": " + firstLine(c.getMessage());
      }
    }
    if (file == null && !malformed) {
      return SparkErrors.translate(e);
    }
    return new DeltactlException(ErrorCode.INVALID_ARGUMENT, "cannot load "
        + (file == null ? "the files" : file.replaceFirst("^file:(//)?", "")) + ": a record does not parse"
        + (malformed ? " as the table's columns" : "") + " (" + innermost + "); nothing was loaded"
        + " (check the files with --validate)", e);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  static String appId(String relative) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(relative.getBytes(StandardCharsets.UTF_8));
      return APP_ID_PREFIX + HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
