package dev.deltactl.core.engine.spark;

import dev.deltactl.core.engine.ObjectStores;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.FileNotFoundException;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Translates what Spark and Delta throw into deltactl's typed errors, by error condition. */
final class SparkErrors {
  private static final Set<String> NOT_FOUND = Set.of(
      "TABLE_OR_VIEW_NOT_FOUND", "DELTA_TABLE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE",
      "DELTA_PATH_DOES_NOT_EXIST", "PATH_NOT_FOUND", "SCHEMA_NOT_FOUND", "DELTA_TABLE_NOT_FOUND_STREAMING",
      "DELTA_MISSING_DELTA_TABLE_COPY_INTO", "DELTA_TABLE_ONLY_OPERATION", "DELTA_EMPTY_DIRECTORY");
  private static final Set<String> VERSION_NOT_FOUND = Set.of(
      "DELTA_VERSION_NOT_FOUND", "DELTA_TIMESTAMP_GREATER_THAN_COMMIT", "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION",
      "DELTA_CANNOT_TIME_TRAVEL_VIEWS", "DELTA_NO_COMMITS_FOUND", "DELTA_NO_RECREATABLE_HISTORY_FOUND");
  private static final Set<String> ALREADY_EXISTS = Set.of(
      "TABLE_OR_VIEW_ALREADY_EXISTS", "DELTA_TABLE_ALREADY_EXISTS", "DELTA_PATH_EXISTS",
      "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION");
  private static final Set<String> UNSUPPORTED_FEATURE = Set.of(
      "DELTA_UNSUPPORTED_FEATURES_FOR_READ", "DELTA_UNSUPPORTED_FEATURES_FOR_WRITE",
      "DELTA_INVALID_PROTOCOL_VERSION", "DELTA_UNSUPPORTED_READER_TABLE_FEATURES_IN_TABLE",
      "DELTA_UNSUPPORTED_WRITER_TABLE_FEATURES_IN_TABLE", "DELTA_UNSUPPORTED_FEATURE_STATUS",
      "DELTA_UNSUPPORTED_TYPE_CHANGE_IN_SCHEMA", "UNSUPPORTED_FEATURE");

  /**
   * Delta conditions that mean bad input, whatever the exception's type (Delta throws some as
   * IllegalArgumentException, others as AnalysisException) and by name only over Spark Connect.
   */
  private static final Set<String> INVALID_INPUT = Set.of(
      "DELTA_UNKNOWN_CONFIGURATION", "DELTA_NON_PARTITION_COLUMN_REFERENCE", "DELTA_INVALID_PARTITION_COLUMN",
      "DELTA_INVALID_CHARACTERS_IN_COLUMN_NAME", "DELTA_ZORDERING_ON_PARTITION_COLUMN",
      "DELTA_ZORDERING_ON_COLUMN_WITHOUT_STATS", "DELTA_ZORDERING_COLUMN_DOES_NOT_EXIST");
  /**
   * How the Spark Connect client reports a server error whose condition it has no message for (all of
   * Delta's): the condition's name survives, Delta's message and parameters do not.
   */
  private static final java.util.regex.Pattern UNKNOWN_CONDITION =
      java.util.regex.Pattern.compile("Cannot find main error class '([A-Z0-9_.]+)'");

  /**
   * How RESTORE says a data file of its target version is gone: Delta's {@code restoreMissedDataFilesError}, an
   * IllegalArgumentException with no error condition.
   */
  private static final String RESTORE_MISSED_FILES = "Not all files from version";

  private SparkErrors() {}

  /** The Delta condition of a server error the Connect client could not format, or null. */
  static String unformattedCondition(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      var m = UNKNOWN_CONDITION.matcher(String.valueOf(c.getMessage()));
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The error condition of {@code t} or of its causes, also when the Connect client could not format it; or null. */
  static String condition(Throwable t) {
    String unformatted = unformattedCondition(t);
    if (unformatted != null) {
      return unformatted;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SparkThrowable st && st.getCondition() != null) {
        return st.getCondition();
      }
    }
    return null;
  }

  /**
   * Delta's conditions about clustering, table features and a column's type, said in the user's words (Delta's texts name SQL
   * clauses and internal settings, and over Spark Connect the client has no text for them at all); {@code {x}} is
   * Delta's message parameter x, and the words in brackets around one are left out when Delta did not give it.
   */
  private static final java.util.Map<String, String> WORDS = java.util.Map.ofEntries(
      java.util.Map.entry("DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS",
          "Delta Lake clusters a table by at most 4 columns[, and {actualNumColumns} were given]; name fewer"),
      java.util.Map.entry("DELTA_CLUSTERING_COLUMN_MISSING_STATS",
          "cannot cluster by [{columns}: ]Delta collects no statistics for the column; include it with the table"
              + " property delta.dataSkippingStatsColumns or raise delta.dataSkippingNumIndexedCols"),
      java.util.Map.entry("DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED",
          "cannot cluster by [{columnsWithDataTypes}: ]clustering columns must be numbers, strings, dates or"
              + " timestamps"),
      java.util.Map.entry("DELTA_CLUSTER_BY_WITH_PARTITIONED_BY",
          "a table is either clustered or partitioned, not both; give --cluster-by or --partitioned-by"),
      java.util.Map.entry("DELTA_CLUSTERING_WITH_ZORDER_BY",
          "the table is clustered (liquid clustering) and cannot be Z-ordered; change its clustering columns with"
              + " cluster-by and run optimize"),
      java.util.Map.entry("DELTA_CLUSTERING_WITH_PARTITION_PREDICATE",
          "the table is clustered, not partitioned: optimize takes no --where on it"),
      java.util.Map.entry("DELTA_OPTIMIZE_FULL_NOT_SUPPORTED",
          "optimize --full reclusters a clustered table, and this table is not clustered; run optimize without"
              + " --full, or cluster it first with cluster-by"),
      java.util.Map.entry("DELTA_ALTER_TABLE_CLUSTER_BY_ON_PARTITIONED_TABLE_NOT_ALLOWED",
          "a partitioned table cannot be clustered; create a new table with create --cluster-by"),
      java.util.Map.entry("DELTA_ALTER_TABLE_CLUSTER_BY_NOT_ALLOWED",
          "the clustering of this table cannot be changed with cluster-by; create a new table with create --cluster-by"),
      java.util.Map.entry("DELTA_CLUSTERING_COLUMNS_MISMATCH",
          "the clustering columns given[ ({providedClusteringColumns})] are not the table's[ ({existingClusteringColumns})];"
              + " change them with cluster-by first"),
      java.util.Map.entry("DELTA_CREATE_TABLE_WITH_DIFFERENT_CLUSTERING",
          "the clustering columns given[ ({specifiedColumns})] are not those of the existing table[ ({existingColumns})];"
              + " change them with cluster-by, or create the table elsewhere"),
      java.util.Map.entry("DELTA_CLUSTERING_REPLACE_TABLE_WITH_PARTITIONED_TABLE",
          "a clustered table cannot be replaced by a partitioned one; give --cluster-by instead of --partitioned-by,"
              + " or create the table elsewhere"),
      java.util.Map.entry("DELTA_UNSUPPORTED_DROP_CLUSTERING_COLUMN",
          "cannot drop the clustering column[s {columnList}]; change the clustering first with cluster-by"),
      java.util.Map.entry("DELTA_ALTER_TABLE_SET_CLUSTERING_TABLE_FEATURE_NOT_ALLOWED",
          "clustering is not turned on by a table property; use cluster-by TABLE --by COL,..."),
      java.util.Map.entry("DELTA_CREATE_TABLE_SET_CLUSTERING_TABLE_FEATURE_NOT_ALLOWED",
          "clustering is not turned on by a table property; use create --cluster-by COL,..."),
      java.util.Map.entry("DELTA_FAILED_TO_MERGE_FIELDS",
          "the column[ {currentField}] of the rows has a type that the table's column cannot take; cast it to the"
              + " table's type"),
      // the cause of the above, which is all a Spark Connect client is told
      java.util.Map.entry("DELTA_MERGE_INCOMPATIBLE_DATATYPE",
          "a column of the rows has a type[ ({updateDataType})] that the table's column[ ({currentDataType})] cannot"
              + " take; cast it to the table's type"),
      java.util.Map.entry("DELTA_UNSUPPORTED_FEATURES_FOR_READ",
          "the table[ {tableNameOrPath}] uses reader features[ ({unsupported})] that Delta Lake here cannot read;"
              + " read it with an engine that supports them"),
      java.util.Map.entry("DELTA_UNSUPPORTED_FEATURES_FOR_WRITE",
          "the table[ {tableNameOrPath}] uses writer features[ ({unsupported})] that Delta Lake here cannot write;"
              + " write it with an engine that supports them"));

  /** The user's words for {@code condition} (see {@link #WORDS}) with Delta's parameters filled in; or null. */
  static String words(String condition, java.util.Map<String, String> params) {
    String base = condition == null ? null : condition.contains(".") ? condition.substring(0, condition.indexOf('.'))
        : condition;
    String template = base == null ? null : WORDS.get(base);
    if (template == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([^\\]]*)\\]").matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String part = m.group(1);
      java.util.regex.Matcher p = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(part);
      StringBuilder filled = new StringBuilder();
      boolean all = true;
      while (p.find()) {
        String v = params == null ? null : params.get(p.group(1));
        if (v == null || v.isBlank()) {
          all = false;
          break;
        }
        p.appendReplacement(filled, java.util.regex.Matcher.quoteReplacement(v.strip().replaceAll("\\s+", " ")
            .replace("\"", "")));
      }
      p.appendTail(filled);
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(all ? filled.toString() : ""));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The error in the user's words when Delta's condition is one of {@link #WORDS}; or null. */
  private static DeltactlException inWords(Throwable t) {
    String unformatted = unformattedCondition(t);
    if (unformatted != null) {
      String w = words(unformatted, null);
      return w == null ? null : new DeltactlException(wordsCode(unformatted), w, t);
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SparkThrowable st && st.getCondition() != null && words(st.getCondition(), null) != null) {
        java.util.Map<String, String> params;
        try {
          params = st.getMessageParameters();
        } catch (RuntimeException e) { // a condition whose parameters Delta cannot name
          params = null;
        }
        return new DeltactlException(wordsCode(st.getCondition()), words(st.getCondition(), params), t);
      }
    }
    return null;
  }

  private static ErrorCode wordsCode(String condition) {
    return condition.startsWith("DELTA_UNSUPPORTED_FEATURES") ? ErrorCode.UNSUPPORTED_FEATURE
        : ErrorCode.INVALID_ARGUMENT;
  }

  /** The typed error for {@code t}; a {@link DeltactlException} is returned as it is. */
  static DeltactlException translate(Throwable t) {
    // a path whose scheme has no file system, or whose connector cannot load: the same words as Kernel's
    DeltactlException store = ObjectStores.failure(t, null, SparkErrors::sessionHadoopConf);
    if (store != null) {
      return store;
    }
    if (t instanceof LinkageError) {
      return new DeltactlException(ErrorCode.OPERATION_FAILED, "internal error in the engine: " + firstLine(
          t.getCause() == null ? t : t.getCause()), t);
    }
    if (t instanceof DeltactlException d) {
      return d;
    }
    DeltactlException worded = inWords(t);
    if (worded != null) {
      return worded;
    }
    String unformatted = unformattedCondition(t);
    if (unformatted != null) {
      ErrorCode code = byCondition(unformatted, t);
      return new DeltactlException(code != null ? code : ErrorCode.OPERATION_FAILED,
          "Delta Lake on the server failed with " + unformatted + " (the Spark Connect client has no text for"
              + " Delta's errors: the server's log has the whole message)", t);
    }
    DeltactlException damaged = damagedLogFile(t);
    if (damaged != null) {
      return damaged;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      // commits missing from the log: the same code as Kernel gives, in Delta's words
      if (c instanceof SparkThrowable st && st.getCondition() != null
          && (st.getCondition().startsWith("DELTA_TRUNCATED_TRANSACTION_LOG")
              || st.getCondition().startsWith("DELTA_VERSIONS_NOT_CONTIGUOUS"))
          || String.valueOf(c.getMessage()).startsWith("Could not find any delta files for version")) {
        return new DeltactlException(ErrorCode.CORRUPT_LOG, firstLine(c), t);
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DeltactlException d) {
        return d;
      }
      if (c instanceof io.delta.exceptions.DeltaConcurrentModificationException
          || c instanceof java.util.ConcurrentModificationException
              && c.getClass().getName().startsWith("io.delta")) {
        return new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION,
            firstLine(c) + " (another writer committed first; the operation is safe to retry)", t);
      }
      if (c instanceof SparkThrowable st && st.getCondition() != null
          && st.getCondition().startsWith("FAILED_READ_FILE.FILE_NOT_EXIST")) {
        // what a Spark Connect client gets for a FileNotFoundException on the server
        return new DeltactlException(ErrorCode.FILE_MISSING,
            "a file the table refers to is missing: " + firstLine(c), t);
      }
      if (String.valueOf(c.getMessage()).startsWith(RESTORE_MISSED_FILES)) {
        return new DeltactlException(ErrorCode.FILE_MISSING, firstLine(c), t);
      }
      ErrorCode named = c instanceof SparkThrowable st && st.getCondition() != null ? named(st.getCondition()) : null;
      if (named != null) {
        // before the SQLSTATE: Delta's DELTA_VERSION_NOT_FOUND is in class 22, and is not found
        return new DeltactlException(named, firstLine(c), t);
      }
      if (c instanceof SparkThrowable st && st.getSqlState() != null && st.getSqlState().startsWith("22")) {
        // SQLSTATE class 22, a data exception: a value that does not convert, overflows, divides by zero
        // (in --select, --where, a cast to the table's type): bad input, said by the innermost error
        return new DeltactlException(ErrorCode.INVALID_ARGUMENT, firstLine(c), t);
      }
      if (c instanceof SparkThrowable st && st.getCondition() != null) {
        ErrorCode code = byCondition(st.getCondition(), c);
        if (code != null) {
          return new DeltactlException(code, firstLine(c), t);
        }
      }
      if (c instanceof org.apache.spark.SparkException && String.valueOf(c.getMessage()).contains("cancelled")) {
        return new DeltactlException(ErrorCode.OPERATION_FAILED, "cancelled: " + firstLine(c)
            + " (a commit is atomic: the table is as it was, or committed whole)", t);
      }
      if (c instanceof org.apache.hadoop.fs.ChecksumException) {
        return new DeltactlException(ErrorCode.OPERATION_FAILED, firstLine(c).replaceFirst(" at \\d+ exp: .*", "")
            + ": the file does not match its .crc checksum file; if the file is known to be good, delete the"
            + " stale .crc file next to it", t);
      }
      if (c instanceof FileNotFoundException) {
        return new DeltactlException(ErrorCode.FILE_MISSING,
            "a file the table refers to is missing: " + firstLine(c), t);
      }
    }
    if (t instanceof org.apache.spark.SparkException && t.getMessage() != null
        && t.getMessage().startsWith("Job aborted")) {
      Throwable root = t;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return new DeltactlException(ErrorCode.OPERATION_FAILED, "Spark job failed: " + firstLine(root), t);
    }
    if (t instanceof ParseException) {
      return new DeltactlException(ErrorCode.INVALID_SQL, firstLine(t), t);
    }
    if (t instanceof AnalysisException) {
      return new DeltactlException(ErrorCode.INVALID_SQL, firstLine(t), t);
    }
    return new DeltactlException(ErrorCode.OPERATION_FAILED, firstLine(t), t);
  }

  /**
   * What optimize or zorder makes of a failure of its attempt {@code attempt}: null to plan again (a conflict
   * with retries left; the notice is given), else the error to throw. One place for both Spark engines.
   */
  static DeltactlException optimizeFailure(Throwable e, String what, String display, int attempt, int retries,
      java.util.function.Consumer<String> notices) {
    DeltactlException d = translate(e);
    if (d.code() != ErrorCode.CONCURRENT_MODIFICATION) {
      return d;
    }
    if (attempt <= retries) {
      notices.accept("a concurrent commit conflicted with " + what + " (attempt " + attempt + " of "
          + (retries + 1) + "); planning again");
      return null;
    }
    return new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, what + " of " + display
        + " conflicted with a concurrent commit and changed nothing; it is safe to run again"
        + (retries == 0 ? " (--retries N retries by itself)" : " (gave up after " + attempt + " attempts)")
        + ". Delta said: " + d.getMessage(), e);
  }

  /**
   * A failure of vacuum, as both Spark engines report it: VACUUM LITE on a log that no longer holds every
   * removed file is said in Delta's words (which the Spark Connect client lacks) with what to do instead.
   */
  static DeltactlException vacuumFailure(Throwable e) {
    DeltactlException d = translate(e);
    if (!"DELTA_CANNOT_VACUUM_LITE".equals(condition(e))) {
      return d;
    }
    return new DeltactlException(d.code(), deltaText("DELTA_CANNOT_VACUUM_LITE")
        + " The log no longer holds every removed file (it was cleaned up); --mode full lists the folders instead.",
        e);
  }

  /** The first line of Delta's message for a condition that takes no parameters, from Delta's own error texts. */
  static String deltaText(String condition) {
    return firstLine(new RuntimeException(
        org.apache.spark.sql.delta.DeltaThrowableHelper.getMessage(condition, new String[0])));
  }

  /** A failure to reach a path's file system or its files, before Spark or Delta ran. */
  static DeltactlException cannotRead(String path, java.io.IOException e) {
    DeltactlException store = ObjectStores.failure(e, path, SparkErrors::sessionHadoopConf);
    return store != null ? store
        : new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read " + path + ": " + e.getMessage(), e);
  }

  /** The Hadoop settings of this process's Spark session, or null (none, or a Spark Connect client's). */
  static org.apache.hadoop.conf.Configuration sessionHadoopConf() {
    try {
      var active = org.apache.spark.sql.SparkSession.getActiveSession();
      return active.isDefined() ? active.get().sessionState().newHadoopConf() : null;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static final java.util.regex.Pattern READ_FILE =
      java.util.regex.Pattern.compile("reading file (\\S+/_delta_log/[^/\\s]+?)\\.?(?:\\s|$)");

  /**
   * A file of a table's log that Spark failed to read, as the error Kernel gives for it: a commit that is not
   * JSON line by line (Spark says MALFORMED_RECORD_IN_PARSING and names no file), a checkpoint that is not
   * whole Parquet. Null for any other failure.
   */
  static DeltactlException damagedLogFile(Throwable t) {
    String file = null;
    for (Throwable c = t; c != null && file == null; c = c.getCause()) {
      if (c instanceof SparkThrowable st && st.getCondition() != null && st.getCondition().startsWith("FAILED_READ_FILE")
          && st.getMessageParameters() != null && st.getMessageParameters().get("path") != null) {
        file = st.getMessageParameters().get("path");
      } else {
        java.util.regex.Matcher m = READ_FILE.matcher(String.valueOf(c.getMessage()));
        if (m.find()) {
          file = m.group(1);
        }
      }
    }
    if (file == null || !file.contains("/_delta_log/")) {
      return null;
    }
    String name = file.substring(file.lastIndexOf('/') + 1);
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(new java.net.URI(file));
      org.apache.hadoop.conf.Configuration conf = org.apache.spark.sql.SparkSession.getActiveSession().isDefined()
          ? org.apache.spark.sql.SparkSession.getActiveSession().get().sessionState().newHadoopConf()
          : ObjectStores.hadoopConf(java.util.Map.of());
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
      String display = dev.deltactl.core.engine.kernel.CommitCheck.display(p.toString());
      if (dev.deltactl.core.engine.kernel.CommitCheck.COMMIT_NAME.matcher(name).matches()) {
        byte[] bytes;
        try (var in = fs.open(p)) {
          bytes = in.readAllBytes();
        }
        String problem = dev.deltactl.core.engine.kernel.CommitCheck.problem(bytes);
        return problem == null ? null : dev.deltactl.core.engine.kernel.CommitCheck.damaged(display, problem);
      }
      if (name.contains(".checkpoint")) {
        long size = fs.getFileStatus(p).getLen();
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        if (size >= 12) {
          try (var in = fs.open(p)) {
            in.readFully(0, head);
            in.readFully(size - 4, tail);
          }
        }
        String problem = dev.deltactl.core.engine.kernel.CommitCheck.checkpointProblem(head, tail, size);
        return problem == null ? null : dev.deltactl.core.engine.kernel.CommitCheck.damagedCheckpoint(display, problem);
      }
    } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException | LinkageError e) {
      return null;
    }
    return null;
  }

  private static ErrorCode byCondition(String condition, Throwable t) {
    ErrorCode named = named(condition);
    if (named != null) {
      return named;
    }
    if (condition.startsWith("PARSE_SYNTAX_ERROR") || condition.startsWith("PARSE_EMPTY_STATEMENT")
        || t instanceof ParseException || t instanceof AnalysisException) {
      return ErrorCode.INVALID_SQL;
    }
    return null;
  }

  /** The code of an error condition deltactl knows by name, whatever the exception's type; or null. */
  private static ErrorCode named(String condition) {
    String base = condition.contains(".") ? condition.substring(0, condition.indexOf('.')) : condition;
    if (NOT_FOUND.contains(base)) {
      return base.startsWith("TABLE_OR_VIEW") || base.equals("SCHEMA_NOT_FOUND")
          ? ErrorCode.TABLE_NOT_FOUND
          : base.equals("PATH_NOT_FOUND") || base.equals("DELTA_PATH_DOES_NOT_EXIST")
              ? ErrorCode.PATH_NOT_FOUND
              : ErrorCode.NOT_A_DELTA_TABLE;
    }
    if (VERSION_NOT_FOUND.contains(base)) {
      return ErrorCode.VERSION_NOT_FOUND;
    }
    if (ALREADY_EXISTS.contains(base)) {
      return ErrorCode.TABLE_ALREADY_EXISTS;
    }
    if (UNSUPPORTED_FEATURE.contains(base) || base.startsWith("DELTA_UNSUPPORTED_FEATURE")) {
      return ErrorCode.UNSUPPORTED_FEATURE;
    }
    if (base.startsWith("DELTA_CONCURRENT") || base.equals("DELTA_METADATA_CHANGED")
        || base.equals("DELTA_PROTOCOL_CHANGED")) {
      return ErrorCode.CONCURRENT_MODIFICATION;
    }
    if (INVALID_INPUT.contains(base)) {
      return ErrorCode.INVALID_ARGUMENT;
    }
    return null;
  }

  /** An exception's class name that starts a message (Delta's concurrency messages start with one). */
  private static final java.util.regex.Pattern CLASS_PREFIX =
      java.util.regex.Pattern.compile("(?<![\\w.$])(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error): ");

  /**
   * The first line of a message, with the lines that continue its sentence (Delta breaks some sentences over
   * two lines), without Spark's trailing SQLSTATE and position noise or an exception's class name.
   */
  static String firstLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String[] lines = m.strip().split("\r?\n");
    StringBuilder line = new StringBuilder(lines[0].strip());
    for (int i = 1; i < lines.length && !lines[i].isEmpty() && Character.isLowerCase(lines[i].charAt(0)); i++) {
      line.append(' ').append(lines[i].strip());
    }
    String one = line.toString().replaceAll("\\s*SQLSTATE: \\w+\\s*;?", " ").replaceAll("\\s+", " ").strip();
    return CLASS_PREFIX.matcher(one).replaceAll("");
  }
}
