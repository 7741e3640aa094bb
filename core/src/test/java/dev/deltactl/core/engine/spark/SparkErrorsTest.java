package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deltactl.core.engine.ObjectStores;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import dev.deltactl.core.error.ErrorCode.Category;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.delta.DeltaAnalysisException;
import org.apache.spark.sql.delta.DeltaErrors;
import org.apache.spark.sql.delta.VersionNotFoundException;
import org.apache.spark.sql.errors.QueryCompilationErrors;
import org.apache.spark.sql.errors.QueryExecutionErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * What Spark and Delta throw, in deltactl's codes and the user's words, without a Spark session: each error is
 * built the way Spark or Delta builds it (their exception classes and Delta's {@code DeltaErrors} factories,
 * which format the message from the error condition's template), and a Spark Connect client's error is the one
 * Spark's client builds for a condition it has no text for (all of Delta's). Every condition of SparkErrors'
 * sets and every branch of {@code translate} is here; the category decides the exit code (ExitCodesTest in cli).
 */
class SparkErrorsTest {
  /** A Java class name (qualified, or an exception's simple name) in a message, which the user must not see. */
  private static final Pattern CLASS_NAME = Pattern.compile(
      "\\b(?:java|javax|scala|org|io|com)\\.[a-z]\\w*\\.|\\b[A-Z]\\w*(?:Exception|Error)\\b");

  @TempDir
  Path tmp;

  private static scala.collection.immutable.Map<String, String> params(Map<String, String> m) {
    return SparkException.constructMessageParams(m);
  }

  private static scala.collection.immutable.Seq<String> seq(String... s) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(s)).toSeq();
  }

  private static Throwable thrown(Callable<?> body) {
    Throwable t = catchThrowable(body::call);
    assertThat(t).isNotNull();
    return t;
  }

  /** The error a Spark Connect client gets for a server error of a Delta condition: only the name survives. */
  private static Throwable overConnect(String condition) {
    return thrown(() -> new AnalysisException(condition, params(Map.of())));
  }

  private static DeltactlException translated(Throwable t, ErrorCode code, Category category, String message) {
    DeltactlException d = SparkErrors.translate(t);
    assertThat(d.code()).as(message).isEqualTo(code);
    assertThat(d.code().category()).isEqualTo(category);
    assertThat(d.getMessage()).isEqualTo(message);
    assertThat(d.getMessage()).doesNotContain("\n").doesNotContain("SQLSTATE");
    assertThat(CLASS_NAME.matcher(d.getMessage()).find()).as("a class name in: " + d.getMessage()).isFalse();
    return d;
  }

  private static String connectText(String condition) {
    return "Delta Lake on the server failed with " + condition + " (the Spark Connect client has no text for"
        + " Delta's errors: the server's log has the whole message)";
  }

  private static DeltaAnalysisException delta(String condition, String... parameters) {
    return new DeltaAnalysisException(condition, parameters, Option.empty(), Option.empty(), Option.empty(),
        Option.empty());
  }

  @Test
  void aTableOrPathThatIsNotThereIsNotFound() {
    translated(new NoSuchTableException(seq("spark_catalog", "default", "nope")), ErrorCode.TABLE_NOT_FOUND,
        Category.NOT_FOUND, "[TABLE_OR_VIEW_NOT_FOUND] The table or view `spark_catalog`.`default`.`nope` cannot be"
            + " found. Verify the spelling and correctness of the schema and catalog.");
    translated(new NoSuchNamespaceException(new String[] {"spark_catalog", "nodb"}), ErrorCode.TABLE_NOT_FOUND,
        Category.NOT_FOUND, "[SCHEMA_NOT_FOUND] The schema `spark_catalog`.`nodb` cannot be found. Verify the"
            + " spelling and correctness of the schema and catalog.");
    translated(QueryCompilationErrors.dataPathNotExistError("file:/tmp/nope"), ErrorCode.PATH_NOT_FOUND,
        Category.NOT_FOUND, "[PATH_NOT_FOUND] Path does not exist: file:/tmp/nope.");
    translated(DeltaErrors.pathNotExistsException("/tmp/nope"), ErrorCode.PATH_NOT_FOUND, Category.NOT_FOUND,
        "[DELTA_PATH_DOES_NOT_EXIST] /tmp/nope doesn't exist, or is not a Delta table.");
    var id = new org.apache.spark.sql.delta.DeltaTableIdentifier(Option.apply("/tmp/t"), Option.empty());
    translated(DeltaErrors.nonExistentDeltaTable(id), ErrorCode.NOT_A_DELTA_TABLE, Category.NOT_FOUND,
        "[DELTA_TABLE_NOT_FOUND] Delta table `/tmp/t` doesn't exist.");
    translated(DeltaErrors.notADeltaTableException(id), ErrorCode.NOT_A_DELTA_TABLE, Category.NOT_FOUND,
        "[DELTA_MISSING_DELTA_TABLE] `/tmp/t` is not a Delta table.");
    translated(DeltaErrors.notADeltaTableException("VACUUM", "`default`.`csv_t`"), ErrorCode.NOT_A_DELTA_TABLE,
        Category.NOT_FOUND, "[DELTA_TABLE_ONLY_OPERATION] `default`.`csv_t` is not a Delta table. VACUUM is only"
            + " supported for Delta tables.");
    translated(DeltaErrors.emptyDirectoryException("/tmp/empty"), ErrorCode.NOT_A_DELTA_TABLE, Category.NOT_FOUND,
        "[DELTA_EMPTY_DIRECTORY] No file found in the directory: /tmp/empty.");
    // conditions of older Delta releases, which only a server's answer can name
    for (String c : List.of("DELTA_TABLE_NOT_FOUND_STREAMING", "DELTA_MISSING_DELTA_TABLE_COPY_INTO",
        "DELTA_MISSING_DELTA_TABLE", "DELTA_TABLE_NOT_FOUND", "DELTA_EMPTY_DIRECTORY", "DELTA_TABLE_ONLY_OPERATION")) {
      translated(overConnect(c), ErrorCode.NOT_A_DELTA_TABLE, Category.NOT_FOUND, connectText(c));
    }
    translated(overConnect("DELTA_PATH_DOES_NOT_EXIST"), ErrorCode.PATH_NOT_FOUND, Category.NOT_FOUND,
        connectText("DELTA_PATH_DOES_NOT_EXIST"));
  }

  @Test
  void aVersionOrTimestampOutsideTheTableIsNotFound() {
    // Delta's SQLSTATE for it is 22003 (a data exception), which must not make it bad input
    translated(new VersionNotFoundException(9, 0, 4), ErrorCode.VERSION_NOT_FOUND, Category.NOT_FOUND,
        "[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version 9. Available versions: [0, 4].");
    translated(DeltaErrors.timestampGreaterThanLatestCommit(java.sql.Timestamp.valueOf("2030-01-01 00:00:00"),
        java.sql.Timestamp.valueOf("2026-11-20 00:00:00"), "2026-11-20 00:00:00"), ErrorCode.VERSION_NOT_FOUND,
        Category.NOT_FOUND, "[DELTA_TIMESTAMP_GREATER_THAN_COMMIT] Timestamp 2030-01-01 00:00:00.0 is after the"
            + " table's latest version (2026-11-20 00:00:00.0). Use a timestamp at or before 2026-11-20 00:00:00.");
    // Delta breaks this sentence over two lines: both are said
    translated(DeltaErrors.TimestampEarlierThanCommitRetentionException().apply(
        java.sql.Timestamp.valueOf("2020-01-01 00:00:00"), java.sql.Timestamp.valueOf("2026-11-20 00:00:00"),
        "2026-11-20 00:00:00"), ErrorCode.VERSION_NOT_FOUND, Category.NOT_FOUND,
        "[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION] The provided timestamp (2020-01-01 00:00:00.0) is before"
            + " the earliest version available to this table (2026-11-20 00:00:00.0). Please use a timestamp after"
            + " 2026-11-20 00:00:00.");
    translated(DeltaErrors.noHistoryFound(new org.apache.hadoop.fs.Path("file:/tmp/t/_delta_log")),
        ErrorCode.VERSION_NOT_FOUND, Category.NOT_FOUND,
        "[DELTA_NO_COMMITS_FOUND] No commits found at file:/tmp/t/_delta_log");
    translated(DeltaErrors.noRecreatableHistoryFound(new org.apache.hadoop.fs.Path("file:/tmp/t/_delta_log")),
        ErrorCode.VERSION_NOT_FOUND, Category.NOT_FOUND,
        "[DELTA_NO_RECREATABLE_HISTORY_FOUND] No recreatable commits found at file:/tmp/t/_delta_log");
    for (String c : List.of("DELTA_VERSION_NOT_FOUND", "DELTA_TIMESTAMP_GREATER_THAN_COMMIT",
        "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", "DELTA_CANNOT_TIME_TRAVEL_VIEWS", "DELTA_NO_COMMITS_FOUND",
        "DELTA_NO_RECREATABLE_HISTORY_FOUND")) {
      translated(overConnect(c), ErrorCode.VERSION_NOT_FOUND, Category.NOT_FOUND, connectText(c));
    }
  }

  @Test
  void aTableThatExistsAlreadyIsBadInput() {
    translated(new TableAlreadyExistsException(seq("spark_catalog", "default", "t")),
        ErrorCode.TABLE_ALREADY_EXISTS, Category.INVALID_INPUT, "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table"
            + " or view `spark_catalog`.`default`.`t` because it already exists.");
    translated(delta("DELTA_TABLE_ALREADY_EXISTS", "`default`.`t`"), ErrorCode.TABLE_ALREADY_EXISTS,
        Category.INVALID_INPUT, "[DELTA_TABLE_ALREADY_EXISTS] Table `default`.`t` already exists.");
    translated(DeltaErrors.pathAlreadyExistsException(new org.apache.hadoop.fs.Path("file:/tmp/t")),
        ErrorCode.TABLE_ALREADY_EXISTS, Category.INVALID_INPUT, "[DELTA_PATH_EXISTS] Cannot write to already"
            + " existent path file:/tmp/t without setting OVERWRITE = 'true'.");
    translated(DeltaErrors.createTableWithNonEmptyLocation("default.t", "file:/tmp/t"),
        ErrorCode.TABLE_ALREADY_EXISTS, Category.INVALID_INPUT, "[DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION] Cannot"
            + " create table ('default.t'). The associated location ('file:/tmp/t') is not empty and also not a"
            + " Delta table.");
    for (String c : List.of("DELTA_TABLE_ALREADY_EXISTS", "DELTA_PATH_EXISTS",
        "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION")) {
      translated(overConnect(c), ErrorCode.TABLE_ALREADY_EXISTS, Category.INVALID_INPUT, connectText(c));
    }
  }

  @Test
  void clusteringErrorsAreOneLineInTheUsersWordsAlsoOverConnect() {
    translated(delta("DELTA_CLUSTERING_WITH_ZORDER_BY", "name"), ErrorCode.INVALID_ARGUMENT,
        Category.INVALID_INPUT, "the table is clustered (liquid clustering) and cannot be Z-ordered; change its"
            + " clustering columns with cluster-by and run optimize");
    translated(DeltaErrors.clusterByInvalidNumColumnsException(4, 5), ErrorCode.INVALID_ARGUMENT,
        Category.INVALID_INPUT, "Delta Lake clusters a table by at most 4 columns, and 5 were given; name fewer");
    translated(DeltaErrors.clusteringColumnMissingStats("b", "root"), ErrorCode.INVALID_ARGUMENT,
        Category.INVALID_INPUT, "cannot cluster by b: Delta collects no statistics for the column; include it with"
            + " the table property delta.dataSkippingStatsColumns or raise delta.dataSkippingNumIndexedCols");
    translated(DeltaErrors.optimizeFullNotSupportedException(), ErrorCode.INVALID_ARGUMENT, Category.INVALID_INPUT,
        "optimize --full reclusters a clustered table, and this table is not clustered; run optimize without --full,"
            + " or cluster it first with cluster-by");
    translated(DeltaErrors.alterTableClusterByOnPartitionedTableException(), ErrorCode.INVALID_ARGUMENT,
        Category.INVALID_INPUT, "a partitioned table cannot be clustered; create a new table with create --cluster-by");
    // over Connect the parameters are lost: the words without them
    translated(overConnect("DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS"), ErrorCode.INVALID_ARGUMENT,
        Category.INVALID_INPUT, "Delta Lake clusters a table by at most 4 columns; name fewer");
    translated(overConnect("DELTA_UNSUPPORTED_FEATURES_FOR_WRITE"), ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED,
        "the table uses writer features that Delta Lake here cannot write; write it with an engine that supports"
            + " them");
  }

  @Test
  void aProtocolFeatureThisDeltaCannotHandleIsUnsupported() {
    var future = scala.jdk.javaapi.CollectionConverters.asScala(List.of("futureFeature"));
    translated(DeltaErrors.unsupportedReaderTableFeaturesInTableException("/tmp/t", future),
        ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED, "the table /tmp/t uses reader features (futureFeature) that"
            + " Delta Lake here cannot read; read it with an engine that supports them");
    translated(DeltaErrors.unsupportedWriterTableFeaturesInTableException("/tmp/t", future),
        ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED, "the table /tmp/t uses writer features (futureFeature) that"
            + " Delta Lake here cannot write; write it with an engine that supports them");
    translated(DeltaErrors.invalidProtocolVersionError("/tmp/t", 9, 9), ErrorCode.UNSUPPORTED_FEATURE,
        Category.FAILED, "[DELTA_INVALID_PROTOCOL_VERSION] Unsupported Delta protocol version: table \"/tmp/t\""
            + " requires reader version 9 and writer version 9, but Delta Lake \"4.4.0\" supports reader versions 1,"
            + " 2, 3 and writer versions 1, 2, 3, 4, 5, 6, 7. Please upgrade to a newer release.");
    translated(DeltaErrors.unsupportedTableFeatureStatusException("deletionVectors", "enabledd"),
        ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED, "[DELTA_UNSUPPORTED_FEATURE_STATUS] Expecting the status for"
            + " table feature deletionVectors to be \"supported\", but got \"enabledd\".");
    // not in the set: named by its prefix
    translated(DeltaErrors.unsupportedTableFeatureConfigsException(
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("delta.feature.x"))), ErrorCode.UNSUPPORTED_FEATURE,
        Category.FAILED, "[DELTA_UNSUPPORTED_FEATURES_IN_CONFIG] Table features configured in the following Spark"
            + " configs or Delta table properties are not recognized by this version of Delta Lake: delta.feature.x.");
    translated(DeltaErrors.unsupportedTypeChangeInSchema(seq("a"), org.apache.spark.sql.types.DataTypes.StringType,
        org.apache.spark.sql.types.DataTypes.IntegerType), ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED,
        "[DELTA_UNSUPPORTED_TYPE_CHANGE_IN_SCHEMA] Unable to operate on this table because an unsupported type"
            + " change was applied. Field a was changed from STRING to INT.");
    translated(new AnalysisException("UNSUPPORTED_FEATURE.TIME_TRAVEL", params(Map.of("relationId", "`t`"))),
        ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED,
        "[UNSUPPORTED_FEATURE.TIME_TRAVEL] The feature is not supported: Time travel on the relation: `t`.");
    // the two said in the user's words are in clusteringErrorsAreOneLineInTheUsersWordsAlsoOverConnect
    for (String c : List.of("DELTA_INVALID_PROTOCOL_VERSION", "DELTA_UNSUPPORTED_READER_TABLE_FEATURES_IN_TABLE",
        "DELTA_UNSUPPORTED_WRITER_TABLE_FEATURES_IN_TABLE", "DELTA_UNSUPPORTED_FEATURE_STATUS",
        "DELTA_UNSUPPORTED_TYPE_CHANGE_IN_SCHEMA", "DELTA_UNSUPPORTED_FEATURES_IN_CONFIG")) {
      translated(overConnect(c), ErrorCode.UNSUPPORTED_FEATURE, Category.FAILED, connectText(c));
    }
  }

  /** The same bad input is the same error on every engine, in Delta's words here and by name over Connect. */
  @Test
  void deltasRefusalsOfBadInputAreBadInputOnEveryEngine() {
    Map<String, Throwable> embedded = new java.util.LinkedHashMap<>();
    embedded.put("[DELTA_UNKNOWN_CONFIGURATION] Unknown configuration was specified: delta.nope",
        DeltaErrors.unknownConfigurationKeyException("delta.nope"));
    embedded.put("[DELTA_NON_PARTITION_COLUMN_REFERENCE] Predicate references non-partition column 'id'. Only the"
        + " partition columns may be referenced: [p]", DeltaErrors.nonPartitionColumnReference("id", seq("p")));
    embedded.put("[DELTA_INVALID_PARTITION_COLUMN] a b is not a valid partition column in table t.",
        DeltaErrors.invalidPartitionColumn("a b", "t"));
    embedded.put("[DELTA_INVALID_CHARACTERS_IN_COLUMN_NAME] Attribute name \"a b\" contains invalid character(s)"
        + " among \" ,;{}()\\\\n\\\\t=\". Please use alias to rename it.", DeltaErrors.invalidColumnName("a b"));
    embedded.put("[DELTA_ZORDERING_ON_PARTITION_COLUMN] p is a partition column. Z-Ordering can only be performed"
        + " on data columns", DeltaErrors.zOrderingOnPartitionColumnException("p"));
    embedded.put("[DELTA_ZORDERING_ON_COLUMN_WITHOUT_STATS] Z-Ordering on [c] will be ineffective, because we"
        + " currently do not collect stats for these columns. You can disable this check by setting",
        DeltaErrors.zOrderingOnColumnWithNoStatsException(seq("c"), null));
    embedded.put("[DELTA_ZORDERING_COLUMN_DOES_NOT_EXIST] Z-Ordering column nope does not exist in data schema.",
        DeltaErrors.zOrderingColumnDoesNotExistException("nope"));
    embedded.forEach((message, t) -> translated(t, ErrorCode.INVALID_ARGUMENT, Category.INVALID_INPUT, message));
    for (String c : List.of("DELTA_UNKNOWN_CONFIGURATION", "DELTA_NON_PARTITION_COLUMN_REFERENCE",
        "DELTA_INVALID_PARTITION_COLUMN", "DELTA_INVALID_CHARACTERS_IN_COLUMN_NAME",
        "DELTA_ZORDERING_ON_PARTITION_COLUMN", "DELTA_ZORDERING_ON_COLUMN_WITHOUT_STATS",
        "DELTA_ZORDERING_COLUMN_DOES_NOT_EXIST")) {
      translated(overConnect(c), ErrorCode.INVALID_ARGUMENT, Category.INVALID_INPUT, connectText(c));
    }
    // a Delta condition deltactl has no code for fails, named
    translated(overConnect("DELTA_MERGE_MISSING_WHEN"), ErrorCode.OPERATION_FAILED, Category.FAILED,
        connectText("DELTA_MERGE_MISSING_WHEN"));
  }

  @Test
  void commitsMissingFromTheLogAreACorruptLog() {
    translated(DeltaErrors.deltaVersionsNotContiguousException(null,
        scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(0L, 1L, 3L)).toSeq(), 1, 3, 3),
        ErrorCode.CORRUPT_LOG, Category.FAILED, "[DELTA_VERSIONS_NOT_CONTIGUOUS] Versions (0, 1, 3) are not"
            + " contiguous.");
    var metadata = new org.apache.spark.sql.delta.actions.Metadata("id", null, null,
        org.apache.spark.sql.delta.actions.Format$.MODULE$.apply("parquet",
            scala.collection.immutable.Map$.MODULE$.empty()), null, seq(),
        scala.collection.immutable.Map$.MODULE$.empty(), Option.empty());
    translated(DeltaErrors.truncatedTransactionLogException(new org.apache.hadoop.fs.Path("file:/tmp/t/_delta_log"),
        0, metadata), ErrorCode.CORRUPT_LOG, Category.FAILED, "[DELTA_TRUNCATED_TRANSACTION_LOG]"
            + " file:/tmp/t/_delta_log: Unable to reconstruct state at version 0 as the transaction log has been"
            + " truncated due to manual deletion or the log retention policy (delta.logRetentionDuration=30 days)"
            + " and checkpoint retention policy (delta.checkpointRetentionDuration=2 days)");
    // Delta's words when the first commit after a checkpoint is gone, an error without a condition
    translated(new SparkException("Job aborted", new IllegalStateException(
        "Could not find any delta files for version 2")), ErrorCode.CORRUPT_LOG, Category.FAILED,
        "Could not find any delta files for version 2");
    translated(new SparkException("Job aborted", new IllegalStateException(
        "Could not find any delta files for version 2")), ErrorCode.CORRUPT_LOG, Category.FAILED,
        "Could not find any delta files for version 2");
    for (String c : List.of("DELTA_VERSIONS_NOT_CONTIGUOUS", "DELTA_TRUNCATED_TRANSACTION_LOG")) {
      translated(overConnect(c), ErrorCode.OPERATION_FAILED, Category.FAILED, connectText(c));
    }
  }

  @Test
  void aCommitThatIsNotJsonIsNamedAsKernelNamesIt() throws IOException {
    Path log = Files.createDirectories(tmp.resolve("t/_delta_log"));
    Path commit = Files.writeString(log.resolve("00000000000000000001.json"), "{\"add\":{}}\n{not json\n",
        StandardCharsets.UTF_8);
    String expected = commit + ": not valid JSON at line 2 (the commit is damaged or cut short); restore the file"
        + " from a backup before using the table";
    String uri = commit.toUri().toString();
    // Spark names the file it failed to read as the error's path
    translated(QueryExecutionErrors.cannotReadFilesError(new RuntimeException("Malformed records"), uri),
        ErrorCode.CORRUPT_LOG, Category.FAILED, expected);
    // a server's error over Spark Connect: text only
    translated(new SparkException("Job aborted: Task failed while reading file " + uri + ". boom"),
        ErrorCode.CORRUPT_LOG, Category.FAILED, expected);
  }

  @Test
  void anotherWriterCommittingFirstIsAConflictSafeToRetry() {
    String[] append = {"WRITE", "delta.`/tmp/t`", "3", "https://docs.delta.io/concurrency-control.html"};
    translated(new io.delta.exceptions.ConcurrentAppendException(append), ErrorCode.CONCURRENT_MODIFICATION,
        Category.CONFLICT, "[DELTA_CONCURRENT_APPEND.WITHOUT_HINT] Transaction conflict detected. a concurrent WRITE"
            + " added data to table delta.`/tmp/t` committed at version 3. The concurrent operation modified data"
            + " that should have been read by this operation. Please retry the operation. Refer to"
            + " https://docs.delta.io/concurrency-control.html for more information. (another writer committed"
            + " first; the operation is safe to retry)");
    // Delta's message starts with the exception's class name, which is left out
    translated(new io.delta.exceptions.MetadataChangedException(new String[] {"delta.`/tmp/t`", "", "x"}),
        ErrorCode.CONCURRENT_MODIFICATION, Category.CONFLICT, "[DELTA_METADATA_CHANGED] The metadata of the Delta"
            + " table delta.`/tmp/t` has been changed by a concurrent update. Please try the operation again."
            + " (another writer committed first; the operation is safe to retry)");
    translated(new io.delta.exceptions.ProtocolChangedException(new String[] {"", "", "x"}),
        ErrorCode.CONCURRENT_MODIFICATION, Category.CONFLICT, "[DELTA_PROTOCOL_CHANGED] The protocol version of the"
            + " Delta table has been changed by a concurrent update. (another writer committed first; the operation"
            + " is safe to retry)");
    for (String c : List.of("DELTA_CONCURRENT_APPEND", "DELTA_CONCURRENT_DELETE_READ",
        "DELTA_CONCURRENT_DELETE_DELETE", "DELTA_CONCURRENT_TRANSACTION", "DELTA_CONCURRENT_WRITE",
        "DELTA_METADATA_CHANGED", "DELTA_PROTOCOL_CHANGED")) {
      translated(overConnect(c), ErrorCode.CONCURRENT_MODIFICATION, Category.CONFLICT, connectText(c));
    }
  }

  @Test
  void sqlThatDoesNotParseOrResolveIsBadInput() {
    translated(thrown(() -> CatalystSqlParser$.MODULE$.parsePlan("SELEC 1")), ErrorCode.INVALID_SQL,
        Category.INVALID_INPUT, "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. (line 1, pos 0)");
    translated(thrown(() -> CatalystSqlParser$.MODULE$.parsePlan("")), ErrorCode.INVALID_SQL,
        Category.INVALID_INPUT, "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. (line 1, pos 0)");
    translated(new AnalysisException("UNRESOLVED_COLUMN.WITH_SUGGESTION",
        params(Map.of("objectName", "`nope`", "proposal", "`id`"))), ErrorCode.INVALID_SQL, Category.INVALID_INPUT,
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be"
            + " resolved. Did you mean one of the following? [`id`].");
    translated(new AnalysisException("UNRESOLVED_ROUTINE", params(Map.of("routineName", "`nope`",
        "searchPath", "[`system`.`builtin`]"))), ErrorCode.INVALID_SQL, Category.INVALID_INPUT,
        "[UNRESOLVED_ROUTINE] Cannot resolve routine `nope` on search path [`system`.`builtin`].");
    for (String c : List.of("PARSE_SYNTAX_ERROR", "PARSE_EMPTY_STATEMENT")) {
      translated(new SparkException(c, params(Map.of("error", "'x'", "hint", "")), null), ErrorCode.INVALID_SQL,
          Category.INVALID_INPUT, c.equals("PARSE_SYNTAX_ERROR") ? "[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'."
              : "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.");
    }
  }

  /** SQLSTATE class 22: a value that does not convert, overflows or divides by zero is bad input. */
  @Test
  void aDataExceptionIsBadInput() {
    translated(QueryExecutionErrors.divideByZeroError(null), ErrorCode.INVALID_ARGUMENT, Category.INVALID_INPUT,
        "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead."
            + " If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
    translated(new SparkException("Job aborted due to stage failure", new org.apache.spark.SparkNumberFormatException(
        "CAST_INVALID_INPUT", params(Map.of("expression", "'x'", "sourceType", "\"STRING\"", "targetType", "\"INT\"",
            "ansiConfig", "\"spark.sql.ansi.enabled\"")), new org.apache.spark.QueryContext[0], "")),
        ErrorCode.INVALID_ARGUMENT, Category.INVALID_INPUT, "[CAST_INVALID_INPUT] The value 'x' of the type"
            + " \"STRING\" cannot be cast to \"INT\" because it is malformed. Correct the value as per the syntax, or"
            + " change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.");
  }

  /** A data file a version refers to that is gone: FILE_MISSING, exit code 1 as before it had a code. */
  @Test
  void aDataFileThatIsGoneIsFileMissing() {
    org.apache.hadoop.fs.Path gone = new org.apache.hadoop.fs.Path(tmp.toUri().toString(), "part-0.parquet");
    Throwable hadoop = thrown(() -> FileSystem.getLocal(ObjectStores.hadoopConf(Map.of())).open(gone));
    assertThat(hadoop).isInstanceOf(java.io.FileNotFoundException.class);
    String file = gone.toUri().getPath();
    translated(hadoop, ErrorCode.FILE_MISSING, Category.FAILED,
        "a file the table refers to is missing: File " + gone + " does not exist");
    // as a Spark task fails on it
    translated(new SparkException("Job aborted due to stage failure: boom",
        QueryExecutionErrors.fileNotExistError(gone.toString(), (Exception) hadoop)), ErrorCode.FILE_MISSING,
        Category.FAILED, "a file the table refers to is missing: [FAILED_READ_FILE.FILE_NOT_EXIST] Encountered"
            + " error while reading file " + gone + ". File does not exist. It is possible the underlying files have"
            + " been updated.");
    translated(DeltaErrors.fileNotFoundException(file), ErrorCode.FILE_MISSING, Category.FAILED,
        "a file the table refers to is missing: [DELTA_FILE_NOT_FOUND] File path " + file);
    // RESTORE's own check of the target version's files
    translated(DeltaErrors.restoreMissedDataFilesError(new String[] {gone.toString()}, 0), ErrorCode.FILE_MISSING,
        Category.FAILED, "Not all files from version 0 are available in file system.");
    // and over Spark Connect, where only the condition and the text arrive
    translated(new SparkException("FAILED_READ_FILE.FILE_NOT_EXIST", params(Map.of("path", gone.toString())),
        null), ErrorCode.FILE_MISSING, Category.FAILED, "a file the table refers to is missing:"
            + " [FAILED_READ_FILE.FILE_NOT_EXIST] Encountered error while reading file " + gone + ". File does not"
            + " exist. It is possible the underlying files have been updated.");
  }

  @Test
  void everyOtherFailureFailsInOneLine() {
    // a jar of another version: the method is the one thing to say (a class name, for once)
    DeltactlException linkage = SparkErrors.translate(new SparkException("boom", new NoSuchMethodError(
        "'void org.apache.spark.sql.delta.Foo.bar()'")));
    assertThat(linkage.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
    assertThat(SparkErrors.translate(new NoSuchMethodError("'void org.apache.spark.sql.delta.Foo.bar()'"))
        .getMessage()).isEqualTo("internal error in the engine: 'void org.apache.spark.sql.delta.Foo.bar()'");
    translated(new SparkException("Job 3 cancelled part of cancelled job group deltactl-1"),
        ErrorCode.OPERATION_FAILED, Category.FAILED, "cancelled: Job 3 cancelled part of cancelled job group"
            + " deltactl-1 (a commit is atomic: the table is as it was, or committed whole)");
    translated(new org.apache.hadoop.fs.ChecksumException("Checksum error: file:/tmp/t/part-0.parquet at 0 exp:"
        + " 123 got: 456", 0), ErrorCode.OPERATION_FAILED, Category.FAILED, "Checksum error:"
        + " file:/tmp/t/part-0.parquet: the file does not match its .crc checksum file; if the file is known to be"
        + " good, delete the stale .crc file next to it");
    translated(new SparkException("Job aborted due to stage failure: Task 0 in stage 1.0 failed 1 times",
        new RuntimeException("boom", new IOException("No space left on device"))), ErrorCode.OPERATION_FAILED,
        Category.FAILED, "Spark job failed: No space left on device");
    // one line: a next line that starts a sentence is left out, one that goes on with it is joined
    translated(new IllegalStateException("the log is odd\nSee the server's log\n\tat Foo.bar"),
        ErrorCode.OPERATION_FAILED, Category.FAILED, "the log is odd");
    translated(new IllegalStateException("the log is odd\nat line 2\n\tat Foo.bar"), ErrorCode.OPERATION_FAILED,
        Category.FAILED, "the log is odd at line 2");
    DeltactlException typed = DeltactlException.invalid("bad --where 'x'");
    assertThat(SparkErrors.translate(typed)).isSameAs(typed);
    assertThat(SparkErrors.translate(new RuntimeException("wrapped", typed))).isSameAs(typed);
  }

  /** A path's file system that cannot open, or a store that refuses: ObjectStores' words, first. */
  @Test
  void storeFailuresAreSaidByObjectStores() {
    translated(thrown(() -> new org.apache.hadoop.fs.Path("foo://b/t").getFileSystem(
        ObjectStores.hadoopConf(Map.of()))), ErrorCode.UNSUPPORTED_SCHEME, Category.INVALID_INPUT,
        "no file system for scheme 'foo': deltactl reads file, s3a (also s3 and s3n), abfs, abfss and gs paths");
    translated(new SparkException("Job aborted", new java.net.ConnectException("getFileStatus on s3a://bkt/t:"
        + " Connection refused")), ErrorCode.STORE_UNREACHABLE, Category.FAILED, "cannot reach S3 at AWS's endpoint"
            + " for bucket 'bkt' (connection refused): check fs.s3a.endpoint (or fs.s3a.bucket.bkt.endpoint) and that"
            + " the store is up");
    translated(new java.nio.file.AccessDeniedException("s3a://bkt/t: getFileStatus on s3a://bkt/t"),
        ErrorCode.STORE_ACCESS_DENIED, Category.FAILED, "S3 at AWS's endpoint refused access to bucket 'bkt' (HTTP"
            + " 403, access denied): credentials were looked for in fs.s3a.session.token with the keys, fs.s3a.access.key and fs.s3a.secret.key"
            + " (or fs.s3a.bucket.bkt.access.key and .secret.key), the environment variables AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, the instance's or container's IAM role; check them and the bucket's"
            + " permissions");
    translated(new java.io.FileNotFoundException("getFileStatus on abfss://c@acct.dfs.core.windows.net/t:"
        + " Operation failed: \"The specified filesystem does not exist.\", 404, HEAD,"
        + " https://acct.dfs.core.windows.net/c/t?upn=false&action=getStatus&timeout=90"),
        ErrorCode.BUCKET_NOT_FOUND, Category.NOT_FOUND, "Azure container 'c' of account acct.dfs.core.windows.net"
            + " does not exist: check the container name in the path");
    translated(new RuntimeException("WASB Driver using wasb(s) schema is no longer supported"),
        ErrorCode.UNSUPPORTED_SCHEME, Category.INVALID_INPUT, "wasb:// and wasbs:// paths are not supported (Hadoop"
            + " 3.5's wasb driver is a stub): read the same container with abfss://, as"
            + " CONTAINER@ACCOUNT.dfs.core.windows.net");
    DeltactlException store = new DeltactlException(ErrorCode.BUCKET_NOT_FOUND, "S3 bucket 'b' does not exist");
    assertThat(SparkErrors.translate(new SparkException("Job aborted", store))).isSameAs(store);
  }
}
