package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * copy-into's rows, the same for both Spark engines (Spark's public Dataset API only, which the classic
 * and the Connect session both implement): the source read with the table's schema, shaped by --select and
 * checked against the table; records that do not parse and files that do not read, found and set aside;
 * the preview of --validate; and the message of a load that failed on bad data.
 */
final class CopyIntoRows {
  private CopyIntoRows() {}

  /** Under bad-records: appends the files that did not read and the records that did not parse to its PATH. */
  static void setAside(SparkSession spark, CopyIntoRequest r, List<Row> unreadable, Dataset<Row> malformed) {
    if (r.onError() != CopyIntoRequest.OnError.BAD_RECORDS || (unreadable.isEmpty() && malformed == null)) {
      return;
    }
    Dataset<Row> entries = spark.createDataFrame(unreadable, ASIDE);
    if (malformed != null) {
      entries = entries.unionByName(malformed.selectExpr("_metadata.file_path AS file", CORRUPT + " AS record",
          "'does not parse as the table''s columns' AS reason"));
    }
    entries.write().mode(SaveMode.Append).option("ignoreNullFields", "false").json(r.badRecordsPath());
  }

  static CopyIntoResult validate(CopyIntoRequest r, Dataset<Row> rows, List<CopyIntoFiles.SourceFile> toLoad,
      List<CopyIntoResult.Rejected> rejected, long skipped, long bytes, long t0) {
    long count = rows.count();
    List<Row> preview = r.validate() == 0 ? List.of() : rows.limit(r.validate()).collectAsList();
    List<ColumnInfo> columns = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      columns.add(new ColumnInfo(f.name(), f.dataType().sql(), f.nullable(), null));
    }
    List<List<Object>> values = new ArrayList<>();
    for (Row row : preview) {
      values.add(RowValues.row(row, rows.schema()));
    }
    return new CopyIntoResult(CopyIntoResult.Status.VALIDATED, r.table().display(), toLoad.size(), skipped, count, 0,
        bytes, null, toLoad.stream().map(CopyIntoFiles.SourceFile::relative).toList(), rejected,
        new SqlResult(columns, values, count > values.size()), millis(t0));
  }

  static final String CORRUPT = "_deltactl_corrupt_record";
  static final StructType ASIDE = new StructType().add("file", "string").add("record", "string")
      .add("reason", "string");

  /** The files with records that do not parse: path -> reason, with how many and the first one. */
  static Map<String, String> malformedFiles(SparkSession spark, CopyIntoRequest r, List<CopyIntoFiles.SourceFile> files, StructType tableSchema) {
    Dataset<Row> all = source(spark, r, files, tableSchema, true).persist();
    try {
      Map<String, String> out = new LinkedHashMap<>();
      List<Row> bad = all.where(CORRUPT + " IS NOT NULL")
          .groupBy("_metadata.file_path")
          .agg(org.apache.spark.sql.functions.count("*"))
          .collectAsList();
      for (Row b : bad) {
        String path = new Path(java.net.URI.create(b.getString(0))).toUri().getPath();
        // how many, not what: a message never prints the file's content (bad-records=PATH keeps the records)
        out.put(path, b.getLong(1) + (b.getLong(1) == 1 ? " record does" : " records do") + " not parse as the"
            + " table's columns");
      }
      return out;
    } finally {
      all.unpersist();
    }
  }

  static String path(CopyIntoFiles.SourceFile f) {
    return f.status().getPath().toUri().getPath();
  }

  /**
   * The source rows, read with the table's schema where the format has none of its own. Permissive (CSV
   * and JSON only): records that do not parse come as a column of their own instead of failing the read,
   * and the rows keep Spark's {@code _metadata} (the file each came from).
   */
  static Dataset<Row> source(SparkSession spark, CopyIntoRequest r, List<CopyIntoFiles.SourceFile> files, StructType tableSchema, boolean permissive) {
    return source(spark, r, files, tableSchema, permissive, null);
  }

  /**
   * The same, read with {@code readSchema} when given (a file read on its own with the schema the whole run's
   * files have together, so that one file is shaped as it was when all were checked).
   */
  static Dataset<Row> source(SparkSession spark, CopyIntoRequest r, List<CopyIntoFiles.SourceFile> files,
      StructType tableSchema, boolean permissive, StructType readSchema) {
    DataFrameReader reader = spark.read().format(r.format().sourceName()).options(r.formatOptions());
    if (permissive) {
      reader = reader.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
    } else if (r.format().textual() && !r.formatOptions().containsKey("mode")) {
      reader = reader.option("mode", "FAILFAST");
    }
    // CSV has no types of its own: read it with the table's, unless asked to infer or to shape it first.
    // JSON, Parquet, ORC and Avro carry names and types, which are checked against the table instead, so
    // that no source field is silently dropped.
    boolean inferring = "true".equalsIgnoreCase(r.formatOptions().get("inferSchema"));
    String[] paths = files.stream().map(f -> f.status().getPath().toString()).toArray(String[]::new);
    StructType schema = null;
    if (readSchema != null) {
      schema = readSchema;
    } else if (r.format() == SourceFormat.CSV && r.select() == null && !inferring && !r.mergeSchema()
        && tableSchema.fields().length > 0) {
      schema = tableSchema;
    } else if (permissive) {
      schema = reader.load(paths).schema();
      if (java.util.Arrays.stream(schema.fieldNames()).allMatch(CORRUPT::equals) && tableSchema.fields().length > 0) {
        // no record parses: Spark refuses a query of the corrupt-record column alone, so read the files
        // with the table's columns, which every record then fails to fill
        schema = tableSchema;
      }
    }
    if (permissive && schema.getFieldIndex(CORRUPT).isEmpty()) {
      schema = schema.add(CORRUPT, org.apache.spark.sql.types.DataTypes.StringType, true);
    }
    if (schema != null) {
      reader = reader.schema(schema);
    }
    Dataset<Row> df = reader.load(paths);
    // the hidden _metadata column (file_path, file_name, file_size, ...): for --select, and to name bad records
    return permissive || r.select() != null ? df.select(df.col("*"), df.col("_metadata")) : df;
  }

  /**
   * The rows as the table gets them: --select applied (over the source's columns and _metadata) through a
   * temporary view that lives until {@link Shaped#close} (a Connect plan names the view, it does not hold
   * it; a classic one is resolved at once).
   */
  static Shaped shape(SparkSession spark, CopyIntoRequest r, Dataset<Row> source) {
    if (r.select() == null) {
      return new Shaped(source.columns().length > 0 && java.util.Arrays.asList(source.columns()).contains("_metadata")
          ? source.drop("_metadata") : source, null, spark);
    }
    String view = "deltactl_copy_into_" + UUID.randomUUID().toString().replace("-", "");
    source.createOrReplaceTempView(view);
    boolean shaped = false;
    try {
      Dataset<Row> df = spark.sql("SELECT " + r.select() + " FROM " + view);
      df.schema();
      shaped = true;
      return new Shaped(df, view, spark);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception
      throw SparkErrors.translate(e);
    } finally {
      if (!shaped) {
        spark.catalog().dropTempView(view);
      }
    }
  }

  /**
   * Shaped rows, the temporary view they are selected from (null without --select), and under bad-records the
   * records that do not parse and the source read kept for them (null: none).
   */
  record Shaped(Dataset<Row> rows, String view, SparkSession spark, Dataset<Row> malformed, Dataset<Row> persisted)
      implements AutoCloseable {
    Shaped(Dataset<Row> rows, String view, SparkSession spark) {
      this(rows, view, spark, null, null);
    }

    /** How many records do not parse (a Spark job under bad-records). */
    long badRecords() {
      return malformed == null ? 0 : malformed.count();
    }

    @Override
    public void close() {
      if (view != null) {
        spark.catalog().dropTempView(view);
      }
      if (persisted != null) {
        persisted.unpersist();
      }
    }
  }

  /**
   * The rows of these files as the table gets them, read with {@code readSchema} when given; under
   * bad-records those that parse, and the records that do not.
   *
   * @param persist keep the source read (the rows are read twice: for the count of bad records, and to load)
   */
  static Shaped rows(SparkSession spark, CopyIntoRequest r, List<CopyIntoFiles.SourceFile> files,
      StructType tableSchema, StructType readSchema, boolean persist) {
    if (r.onError() != CopyIntoRequest.OnError.BAD_RECORDS || !r.format().textual()) {
      Shaped shaped = shape(spark, r, source(spark, r, files, tableSchema, false, readSchema));
      return new Shaped(widened(shaped, tableSchema), shaped.view(), spark);
    }
    Dataset<Row> source = source(spark, r, files, tableSchema, true, readSchema);
    Dataset<Row> all = persist ? source.persist() : source;
    try {
      Shaped shaped = shape(spark, r, all.where(CORRUPT + " IS NULL").drop(CORRUPT));
      return new Shaped(widened(shaped, tableSchema), shaped.view(), spark, all.where(CORRUPT + " IS NOT NULL"),
          persist ? all : null);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception
      if (persist) {
        all.unpersist();
      }
      throw SparkErrors.translate(e);
    }
  }

  /** The shaped rows {@link #widen}ed; the view they are selected from dropped when that fails. */
  private static Dataset<Row> widened(Shaped shaped, StructType tableSchema) {
    try {
      return widen(shaped.rows(), tableSchema);
    } catch (Exception e) { // Spark's AnalysisException is a checked exception
      shaped.close();
      throw SparkErrors.translate(e);
    }
  }

  /**
   * The rows with the table's type for each column of a narrower one that it takes without loss (an INT column,
   * as CSV's inferSchema or a Parquet file gives it, into a BIGINT one): Delta's writer refuses a type other than
   * the table's, where its SQL INSERT would cast; the rows are unchanged otherwise.
   */
  static Dataset<Row> widen(Dataset<Row> rows, StructType table) {
    StructField[] fields = rows.schema().fields();
    List<StructField> to = new ArrayList<>();
    boolean cast = false;
    for (StructField f : fields) {
      StructField t = column(table, f.name());
      boolean widens = t != null && !t.dataType().sameType(f.dataType()) && safeCast(f, t);
      to.add(widens ? t : null);
      cast |= widens;
    }
    if (!cast) {
      return rows; // nothing to cast: the rows as they are (names are not even looked up)
    }
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      org.apache.spark.sql.Column c = rows.col("`" + fields[i].name().replace("`", "``") + "`");
      columns.add(to.get(i) == null ? c : c.cast(to.get(i).dataType()).as(fields[i].name()));
    }
    return rows.select(columns.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The table's column of that name, as Delta matches names (ignoring case); null when it has none. */
  private static StructField column(StructType table, String name) {
    StructField found = null;
    for (StructField c : table.fields()) {
      if (c.name().equalsIgnoreCase(name)) {
        found = c;
      }
    }
    return found;
  }

  /** Without --merge-schema, every source column must exist in the table with the same type. */
  static void checkSchema(StructType source, StructType table, boolean mergeSchema) {
    if (mergeSchema || table.fields().length == 0) {
      return;
    }
    List<String> differences = new ArrayList<>();
    for (StructField f : source.fields()) {
      StructField t = column(table, f.name());
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

  /**
   * Widening without loss, which {@link #widen} casts: smaller integers into larger ones, and integers of up to
   * 32 bits into doubles (a BIGINT is not: a double holds 53 bits, so 9007199254740993 would be rounded).
   */
  private static boolean safeCast(StructField from, StructField to) {
    List<String> ints = List.of("TINYINT", "SMALLINT", "INT", "BIGINT");
    String f = from.dataType().sql();
    String t = to.dataType().sql();
    return ints.contains(f) && (ints.indexOf(t) >= ints.indexOf(f) || t.equals("DOUBLE") && !f.equals("BIGINT"));
  }

  private static final java.util.regex.Pattern READING_FILE =
      java.util.regex.Pattern.compile("reading file (\\S+?)\\.?(\\s|$)");

  /** The source file a failure names (Spark's FAILED_READ_FILE), or null. */
  static String failedFile(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      java.util.regex.Matcher f = READING_FILE.matcher(String.valueOf(c.getMessage()));
      if (f.find()) {
        return f.group(1);
      }
    }
    return null;
  }

  /** The longest part of a source value an error shows: a message never prints a file's content beyond it. */
  static final int VALUE_SHOWN = 24;

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
      "For input string: \"(.*)\"", java.util.regex.Pattern.DOTALL);
  private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile(
      "Text '(.*)' could not be parsed", java.util.regex.Pattern.DOTALL);
  private static final java.util.regex.Pattern CAST = java.util.regex.Pattern.compile(
      "The value '(.*)' of the type \"(\\w+)\" cannot be cast to \"(\\w+)\"", java.util.regex.Pattern.DOTALL);
  private static final java.util.regex.Pattern JSON_PARSER = java.util.regex.Pattern.compile(
      "Unrecognized token|Unexpected character|Unexpected end-of-input|Unrecognized character escape"
          + "|Illegal unquoted character|Invalid numeric value|Unexpected close marker");
  private static final java.util.regex.Pattern JSON_AT = java.util.regex.Pattern.compile(
      "line: (\\d+), column: (\\d+)");

  /**
   * Why a source file does not load, in the user's words: the value that did not parse (cut to
   * {@value #VALUE_SHOWN} characters) and what was expected, or what is wrong with the file; never a Java
   * class name, never more of the file's content.
   */
  static String innermost(Throwable e) {
    String why = reason(e);
    return why == null ? "the file does not read" : why;
  }

  /** The same, null when no cause says more than that a record does not parse. */
  private static String reason(Throwable e) {
    String fallback = null;
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m == null) {
        continue;
      }
      java.util.regex.Matcher x;
      if ((x = CAST.matcher(m)).find()) {
        return "the value " + shown(x.group(1)) + " is not a valid " + x.group(3);
      }
      if (c instanceof NumberFormatException || NUMBER.matcher(m).find()) {
        x = NUMBER.matcher(m);
        return "the value " + (x.find() ? shown(x.group(1)) : "given") + " is not a number";
      }
      if (c instanceof java.time.format.DateTimeParseException || DATE.matcher(m).find()) {
        x = DATE.matcher(m);
        return "the value " + (x.find() ? shown(x.group(1)) : "given") + " is not a valid date or timestamp";
      }
      if (m.contains("MALFORMED_CSV_RECORD") || m.startsWith("Malformed CSV record")) {
        return "a line does not split into the table's columns";
      }
      if (m.contains("is not a Parquet file")) {
        return "not a Parquet file (no Parquet footer at its end)";
      }
      if (c.getClass().getName().startsWith("com.fasterxml.jackson.core") || JSON_PARSER.matcher(m).find()) {
        // Jackson's message quotes the text it stopped at (over Spark Connect it comes as a message only)
        x = JSON_AT.matcher(m);
        return "not valid JSON" + (x.find() ? " at line " + x.group(1) + ", column " + x.group(2) : "");
      }
      if (!m.contains("MALFORMED_RECORD_IN_PARSING") && !m.contains("Malformed records are detected")) {
        fallback = m; // Spark's malformed-record message quotes the record's fields: never shown
      }
    }
    return fallback == null ? null : words(fallback);
  }

  /** A value from a source file as an error shows it: quoted, cut to {@value #VALUE_SHOWN} characters. */
  static String shown(String value) {
    String v = value.replaceAll("\\s+", " ");
    return "'" + (v.length() > VALUE_SHOWN ? v.substring(0, VALUE_SHOWN) + "..." : v) + "'";
  }

  /** A message's first line without Java class names, file URIs as paths, and no longer than 300 characters. */
  static String words(String message) {
    String m = firstLine(message)
        .replaceAll("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?", "")
        .replaceAll("\\b[A-Z][\\w$]*(?:Exception|Error)\\b:\\s*", "")
        .replace("file:", "").strip();
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  /**
   * A read that failed on bad data: which file, and the innermost reason (the value that did not parse,
   * or why the file does not read). Nothing was committed, so nothing was loaded.
   */
  static DeltactlException parseFailure(Exception e) {
    return parseFailure(e, "nothing was loaded");
  }

  /** The same, saying what was loaded before the failure ({@code outcome}). */
  static DeltactlException parseFailure(Exception e, String outcome) {
    String file = failedFile(e);
    boolean malformed = false;
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      malformed |= m.contains("MALFORMED_RECORD_IN_PARSING") || m.contains("Malformed records are detected");
    }
    if (file == null && !malformed) {
      return SparkErrors.translate(e);
    }
    return new DeltactlException(ErrorCode.INVALID_ARGUMENT, "cannot load "
        + (file == null ? "the files" : file.replaceFirst("^file:(//)?", ""))
        + (malformed ? ": a record does not parse as the table's columns" : ": the file does not read")
        + (reason(e) == null ? "" : " (" + reason(e) + ")") + "; " + outcome + " (check the files with --validate, or use --on-error)", e);
  }

  static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
