package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.CloneRequest;
import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.CreateTableResult;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.OptimizePlan;
import dev.deltactl.core.api.OptimizePlanner;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.RestoreRequest;
import dev.deltactl.core.api.RestoreResult;
import dev.deltactl.core.api.ShowRequest;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.SqlRequest;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VacuumPlan;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.api.VacuumResult;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.CannotAnswer;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.engine.Routing;
import dev.deltactl.core.engine.Readability;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine for a Spark Connect server ({@code --remote sc://...}): every change is Delta SQL sent to the
 * server, built with the one quoting helper ({@link Sql}); what the server's SQL cannot say (a plan, sizes,
 * retention) is read from the table's log with Delta Kernel in this process, which therefore needs to reach
 * the table's storage. Delta's own Java API does not work over Connect: copy-into records each file with
 * Delta's idempotent-write options instead (a commit per file), and bloom-index build rewrites whole
 * partitions with a {@code dataChange=false} overwrite.
 */
public final class SparkConnectEngine implements Engine {
  private static final Logger LOG = LoggerFactory.getLogger(SparkConnectEngine.class);
  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  private static final Pattern INTERVAL = Pattern.compile("(?i)\\s*(?:interval\\s+)?(\\d+)\\s*(\\w+?)s?\\s*");

  private final EngineConfig config;
  private final Routing.Facts facts;
  private final Consumer<String> notices;
  private volatile SparkSession spark;
  private KernelEngine kernel;

  public SparkConnectEngine(EngineConfig config, Consumer<String> notices) {
    this.config = config;
    this.facts = Routing.Facts.of(config);
    this.notices = notices;
  }

  @Override
  public String name() {
    return "spark-connect(" + Endpoints.displayUrl(config.master()) + ")";
  }

  private synchronized SparkSession session() {
    if (spark == null) {
      String url = "sc://" + config.master().strip().substring(5);
      Endpoints.requireReachable(url, config.connectTimeout());
      long t0 = System.nanoTime();
      SparkSession s;
      try {
        s = org.apache.spark.sql.connect.SparkSession.builder().remote(url).create();
      } catch (RuntimeException e) {
        throw new DeltactlException(ErrorCode.ENGINE_UNREACHABLE, "cannot open a session on the Spark Connect server "
            + Endpoints.displayUrl(url) + ": " + SparkErrors.firstLine(e), e);
      }
      try {
        String extensions = s.conf().get("spark.sql.extensions", "");
        String catalog = s.conf().get("spark.sql.catalog.spark_catalog", "");
        if (!extensions.contains(DELTA_EXTENSION) || !catalog.equals(DELTA_CATALOG)) {
          throw new DeltactlException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "the Spark Connect server "
              + Endpoints.displayUrl(url) + " runs without Delta Lake: start it with --conf spark.sql.extensions="
              + DELTA_EXTENSION + " --conf spark.sql.catalog.spark_catalog=" + DELTA_CATALOG
              + " and Delta's jars (--packages io.delta:delta-spark_2.13:<version>); these are server settings, a"
              + " client cannot set them");
        }
        config.conf().forEach((k, v) -> {
          if (!k.startsWith("deltactl.")) {
            try {
              s.conf().set(k, v);
            } catch (RuntimeException e) {
              throw new DeltactlException(ErrorCode.INVALID_ARGUMENT, "the Spark Connect server refused --conf " + k
                  + ": " + SparkErrors.firstLine(e) + " (static settings belong to the server's own start)", e);
            }
          }
        });
      } catch (RuntimeException e) {
        s.stop();
        throw e;
      }
      LOG.info("Spark Connect session on {} ready in {} ms (server Spark {})", Endpoints.displayUrl(url),
          (System.nanoTime() - t0) / 1_000_000, s.version());
      spark = s;
    }
    return spark;
  }

  private <T> T run(Function<SparkSession, T> body) {
    try {
      return body.apply(session());
    } catch (DeltactlException e) {
      if (e instanceof CannotAnswer c) {
        // a command that plans from the log here (sizes, files, copy-into's record) on storage out of reach
        throw new DeltactlException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "over Spark Connect this command reads the"
            + " table's log on this machine (for its plan, sizes or record of loaded files) and cannot: "
            + c.question() + " for " + c.table() + ": " + c.reason() + "; give this machine access to the"
            + " table's storage (--conf, or a profile's credentials)", e);
      }
      throw e;
    } catch (Exception | LinkageError e) {
      throw SparkErrors.translate(e);
    }
  }

  private synchronized KernelEngine kernel() {
    if (kernel == null) {
      kernel = new KernelEngine(config);
    }
    return kernel;
  }

  /** The table's location: its path, or what the server's catalog says of a name. */
  private String location(SparkSession s, TableRef ref) {
    if (ref.isPath()) {
      return ref.path();
    }
    return s.sql("DESCRIBE DETAIL " + Sql.table(ref.current())).head().getAs("location");
  }

  private TableRef atLocation(SparkSession s, TableRef ref) {
    return TableRef.ofPath(location(s, ref));
  }

  // ---------------------------------------------------------------- metadata (Kernel, on the storage)

  /**
   * A metadata answer read from the log here with Kernel, or, when {@link Routing} says Kernel may not read it
   * here or Kernel declines (the storage out of this machine's reach), asked of the server.
   */
  private <T> T metadata(TableRef at, Function<KernelEngine, T> here, Function<SparkSession, T> server) {
    if (!Routing.kernelReadsHere(facts, at)) {
      return run(server);
    }
    return Routing.ask(() -> here.apply(kernel()), "the Spark Connect server").orElse(() -> run(server));
  }

  @Override
  public TableDetail describe(DescribeRequest r) {
    if (r.table().isPath()) {
      return metadata(r.table(), k -> k.describe(r), s -> serverDetail(s, r.table()));
    }
    // the catalog's view of a name (its name, its location), as the classic engine gives it
    return run(s -> serverDetail(s, r.table()));
  }

  /** What the server says of a table: {@code DESCRIBE DETAIL}, its latest version and its schema. */
  private static TableDetail serverDetail(SparkSession s, TableRef ref) {
    String table = Sql.table(ref.current());
    Row detail = s.sql("DESCRIBE DETAIL " + table).head();
    long version = s.sql("DESCRIBE HISTORY " + table + " LIMIT 1").select("version").head().getLong(0);
    return Tables.detail(detail, version, s.sql("SELECT * FROM " + table).schema());
  }

  @Override
  public HistoryResult history(HistoryRequest r) {
    return run(s -> {
      TableRef at = r.table().isPath() ? r.table() : atLocation(s, r.table());
      return metadata(at, k -> k.history(new HistoryRequest(at, r.limit())), x -> serverHistory(x, r));
    });
  }

  /** {@code DESCRIBE HISTORY}, newest first. */
  private static HistoryResult serverHistory(SparkSession s, HistoryRequest r) {
    Dataset<Row> h = s.sql("DESCRIBE HISTORY " + Sql.table(r.table().current())
        + (r.limit() == null ? "" : " LIMIT " + r.limit()));
    List<HistoryResult.Entry> entries = new ArrayList<>();
    for (Row row : h.orderBy(h.col("version").desc()).collectAsList()) {
      entries.add(Tables.historyEntry(row));
    }
    return new HistoryResult(r.table().display(), entries);
  }

  @Override
  public VersionsResult versions(TableRef table) {
    return run(s -> {
      TableRef at = table.isPath() ? table : atLocation(s, table);
      return metadata(at, k -> k.versions(at), x -> serverVersions(x, table, at));
    });
  }

  /**
   * The versions from {@code DESCRIBE HISTORY}; a version is readable by {@link Readability}'s rule, here when
   * the server still lists every data file it reads (one listing of the table's folder on the server).
   */
  private static VersionsResult serverVersions(SparkSession s, TableRef table, TableRef at) {
    Set<String> present = new HashSet<>(s.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load(at.path()).select("path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    List<VersionsResult.Entry> out = new ArrayList<>();
    long latest = -1;
    for (HistoryResult.Entry e : serverHistory(s, new HistoryRequest(table.current(), null)).entries()) {
      latest = Math.max(latest, e.version());
      String reason;
      try {
        reason = Readability.whyNot(inputFiles(s, Sql.table(at), e.version()), present::contains);
      } catch (Exception x) {
        reason = SparkErrors.translate(x).getMessage();
      }
      out.add(new VersionsResult.Entry(e.version(), e.timestamp(), e.operation(), reason == null, reason));
    }
    return new VersionsResult(table.current().display(), latest, out);
  }

  // ---------------------------------------------------------------- sql

  @Override
  public SqlResult sql(SqlRequest r) {
    return run(s -> RowValues.result(s.sql(r.statement()), r.maxRows(), false));
  }



  // ---------------------------------------------------------------- create

  @Override
  public CreateTableResult create(CreateTableRequest r) {
    TableRef ref = r.table();
    StructType schema = Tables.checkCreate(r);
    return run(s -> {
      boolean exists = exists(s, ref);
      if (exists && r.mode() == CreateTableRequest.Mode.CREATE) {
        throw Tables.alreadyExists(ref);
      }
      if (exists && r.mode() == CreateTableRequest.Mode.IF_NOT_EXISTS) {
        return new CreateTableResult(CreateTableResult.Action.ALREADY_EXISTS, describe(new DescribeRequest(ref)));
      }
      if (!exists && ref.isPath()) {
        Tables.refuseNonEmptyFolder(fileSystem(new Path(ref.path())), ref.path());
      }
      try {
        Tables.runCreate(s, r, exists, schema, () -> r.source() == null ? null : source(s, r.source(), schema));
      } catch (Exception e) {
        if ("DELTA_UNKNOWN_CONFIGURATION".equals(SparkErrors.unformattedCondition(e))) {
          throw DeltactlException.invalid("Delta Lake does not know a table property among "
              + String.join(", ", r.properties().keySet()) + " (DELTA_UNKNOWN_CONFIGURATION)");
        }
        throw e;
      }
      return new CreateTableResult(exists ? CreateTableResult.Action.REPLACED : CreateTableResult.Action.CREATED,
          describe(new DescribeRequest(ref)));
    });
  }

  /**
   * The rows a table is created from. A query is only ever sent inside a SELECT: Spark runs a command given
   * to {@code sql()} at once, so {@code --as-select "DROP TABLE x"} must fail to parse, not drop x.
   */
  private Dataset<Row> source(SparkSession s, CreateTableRequest.Source source, StructType schema) {
    if (source instanceof CreateTableRequest.AsSelect q) {
      String query = q.query().strip().replaceAll(";+$", "");
      try {
        return s.sql("SELECT * FROM (" + query + ") AS deltactl_query");
      } catch (Exception e) {
        // a query (Tables.checkCreate parsed it) the server could not analyze
        DeltactlException d = SparkErrors.translate(e);
        throw new DeltactlException(d.code(), "invalid --as-select query: " + d.getMessage(), e);
      }
    }
    CreateTableRequest.FromFiles f = (CreateTableRequest.FromFiles) source;
    String path = TableRef.ofPath(f.path()).path();
    try {
      if (!fileSystem(new Path(path)).exists(new Path(path))) {
        throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "--from path not found: " + path);
      }
    } catch (IOException e) {
      throw SparkErrors.cannotRead(path, e);
    }
    return Tables.readFiles(s, f, path, schema);
  }

  private boolean exists(SparkSession s, TableRef ref) {
    if (!ref.isPath()) {
      return s.catalog().tableExists(Sql.table(ref));
    }
    try {
      kernel().describe(new DescribeRequest(ref));
      return true;
    } catch (DeltactlException e) {
      if (e.code() == ErrorCode.PATH_NOT_FOUND || e.code() == ErrorCode.NOT_A_DELTA_TABLE) {
        return false;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- optimize and zorder

  @Override
  public OptimizeResult optimize(OptimizeRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    String what = r.zOrder() ? "zorder" : "optimize";
    return run(s -> {
      long t0 = System.nanoTime();
      TableRef at = atLocation(s, r.table());
      for (int attempt = 1; ; attempt++) {
        TableDetail detail = kernel().describe(new DescribeRequest(at));
        OptimizePlan plan = plan(s, r, at, detail);
        if (r.dryRun()) {
          return new OptimizeResult(OptimizeResult.Status.DRY_RUN, plan, plan.version(), Map.of(), millis(t0), attempt);
        }
        if (plan.nothingToDo()) {
          return new OptimizeResult(OptimizeResult.Status.NOTHING_TO_DO, plan, plan.version(), Map.of(), millis(t0),
              attempt);
        }
        StringBuilder sql = new StringBuilder("OPTIMIZE ").append(Sql.table(r.table()));
        if (r.where() != null) {
          sql.append(" WHERE ").append(r.where());
        }
        if (r.zOrder()) {
          sql.append(" ZORDER BY (").append(Sql.idents(r.zOrderBy())).append(')');
        }
        // the files optimize writes carry the table's bloom filters
        Map<String, String> runConf = new LinkedHashMap<>(writeConf(at, detail));
        runConf.put(DeltaFacts.MAX_FILE_SIZE, String.valueOf(plan.targetFileSize()));
        runConf.put(DeltaFacts.MIN_FILE_SIZE, String.valueOf(plan.minFileSize()));
        try {
          Dataset<Row> out = RunConf.with(s, runConf, () -> s.sql(sql.toString()));
          Row row = out.head();
          int i = out.schema().fieldIndex("metrics");
          @SuppressWarnings("unchecked")
          Map<String, Object> metrics = (Map<String, Object>) RowValues.value(row.get(i), out.schema().fields()[i].dataType());
          long version = kernel().timeline(at).stream().filter(c -> c.version() > plan.version())
              .filter(c -> "OPTIMIZE".equals(c.operation())).mapToLong(KernelEngine.CommitRef::version)
              .findFirst().orElse(plan.version());
          return new OptimizeResult(OptimizeResult.Status.OPTIMIZED, plan, version, metrics, millis(t0), attempt);
        } catch (Exception e) {
          DeltactlException d = SparkErrors.optimizeFailure(e, what, r.table().display(), attempt, r.retries(),
              notices);
          if (d != null) {
            throw d;
          }
        }
      }
    });
  }

  private OptimizePlan plan(SparkSession s, OptimizeRequest r, TableRef at, TableDetail detail) {
    List<String> partitionColumns = detail.partitionColumns();
    Dataset<Row> table = s.read().format("delta").load(at.path());
    SparkChecks.checkPartitionPredicate(s, table.schema(), partitionColumns, r.where());
    ZOrderColumns.check(r.zOrderBy(), table.schema(), partitionColumns, detail.properties(), notices);
    Set<List<String>> matching = r.where() == null ? null : matchingPartitions(table, Sql.table(at), partitionColumns, r.where());
    var files = kernel().dataFiles(at.path(), detail.version()).orElseThrow(() -> new DeltactlException(
        ErrorCode.UNSUPPORTED_FEATURE, "cannot plan " + r.table().display() + " from its log here"));
    List<OptimizePlanner.FileEntry> entries = new ArrayList<>();
    for (var f : files) {
      List<String> partition = partition(f, partitionColumns);
      entries.add(new OptimizePlanner.FileEntry(partition, f.size(), f.numRecords(), f.deletedRows(),
          f.hasDeletionVector(), matching == null || matching.contains(partition)));
    }
    long maxFileSize = r.targetFileSize() != null ? r.targetFileSize() : Long.parseLong(
        s.conf().get(DeltaFacts.MAX_FILE_SIZE, String.valueOf(OptimizePlanner.DEFAULT_MAX_FILE_SIZE)));
    long minFileSize = r.minFileSize() != null ? r.minFileSize() : Long.parseLong(
        s.conf().get(DeltaFacts.MIN_FILE_SIZE, String.valueOf(OptimizePlanner.DEFAULT_MIN_FILE_SIZE)));
    double ratio = Double.parseDouble(s.conf().get(DeltaFacts.MAX_DELETED_ROWS_RATIO,
        String.valueOf(OptimizePlanner.DEFAULT_MAX_DELETED_ROWS_RATIO)));
    return OptimizePlanner.plan(r.table().display(), detail.version(), partitionColumns, r, maxFileSize,
        minFileSize, ratio, entries);
  }

  /**
   * The partitions (their values as strings, in partition column order) that satisfy {@code where}, a
   * predicate {@link SparkChecks#checkPartitionPredicate} accepted.
   */
  private static Set<List<String>> matchingPartitions(Dataset<Row> table, String tableSql,
      List<String> partitionColumns, String where) {
    // a subquery, so that the filter cannot reach the data columns behind the partition columns
    String columns = partitionColumns.isEmpty() ? "1 AS deltactl_no_partition" : Sql.idents(partitionColumns);
    List<Row> rows = table.sparkSession().sql("SELECT * FROM (SELECT DISTINCT " + columns + " FROM "
        + tableSql + ") AS deltactl_partitions WHERE " + where).collectAsList();
    Set<List<String>> out = new HashSet<>();
    for (Row row : rows) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < partitionColumns.size(); i++) {
        values.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
      }
      out.add(values);
    }
    return out;
  }

  // ---------------------------------------------------------------- vacuum

  @Override
  public VacuumResult vacuum(VacuumRequest r) {
    return run(s -> new SparkVacuum(s, new KernelTableLog(kernel(), atLocation(s, r.table()), hadoopConf()), r.table(), r)
        .run());
  }

  /** A Delta interval property ({@code interval 7 days}, {@code interval 1 week}) as a duration. */
  static Duration interval(String text) {
    Matcher m = INTERVAL.matcher(text);
    if (!m.matches()) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the interval '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "week" -> Duration.ofDays(7 * n);
      case "day" -> Duration.ofDays(n);
      case "hour" -> Duration.ofHours(n);
      case "minute" -> Duration.ofMinutes(n);
      case "second" -> Duration.ofSeconds(n);
      case "millisecond" -> Duration.ofMillis(n);
      default -> throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the interval '" + text + "'");
    };
  }

  private FileSystem fileSystem(Path root) {
    Configuration conf = hadoopConf();
    try {
      return root.getFileSystem(conf);
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot reach " + root + ": " + e.getMessage(), e);
    }
  }

  private static Long parse(String s) {
    return s == null ? null : Long.parseLong(s);
  }

  // ---------------------------------------------------------------- time travel

  @Override
  public ShowResult show(ShowRequest r) {
    // before any session; and the filter is pasted into SQL below: it must be one expression
    SparkChecks.predicate(r.where());
    return run(s -> {
      TableRef at = atLocation(s, r.table());
      long version = r.at().isLatest() ? kernel().describe(new DescribeRequest(at)).version()
          : kernel().resolve(at, r.at());
      Instant timestamp = kernel().timeline(at).stream().filter(c -> c.version() == version)
          .map(KernelEngine.CommitRef::timestamp).findFirst().orElse(null);
      String from = Sql.table(r.table().current()) + " VERSION AS OF " + version;
      String where = r.where() == null ? "" : " WHERE " + r.where();
      return reading(s, r.table(), at, () -> {
        if (r.countOnly()) {
          long count = s.sql("SELECT count(*) FROM " + from + where).head().getLong(0);
          // the count comes from the log's statistics: check that the version's files are there
          var missing = kernel().missingFile(at.path(), version);
          if (missing.isPresent()) {
            throw dev.deltactl.core.engine.Readability.notReadable(r.table().display(), version,
                kernel().versions(at).versions(), missing.get(), null);
          }
          return new ShowResult(r.table().display(), version, timestamp, count, null);
        }
        String select = r.columns().isEmpty() ? "*" : Sql.idents(r.columns());
        return new ShowResult(r.table().display(), version, timestamp, null,
            RowValues.result(s.sql("SELECT " + select + " FROM " + from + where), r.maxRows(), false));
      }, version);
    });
  }

  /** The data files the server reads for a version: its snapshot only (past Delta's retention refusal), no data. */
  private static List<String> inputFiles(SparkSession s, String table, long version) {
    return RunConf.with(s, DeltaFacts.timeTravelConf(true),
        () -> List.of(s.sql("SELECT * FROM " + table + " VERSION AS OF " + version).inputFiles()));
  }

  /** Whether Delta on the server refuses to time travel to a version (older than deletedFileRetentionDuration). */
  private static boolean deltaRefuses(SparkSession s, String table, long version) {
    try {
      s.sql("SELECT * FROM " + table + " VERSION AS OF " + version).schema();
      return false;
    } catch (Exception e) { // Delta's AnalysisException is a checked exception Scala throws unchecked
      if (DeltaFacts.TIME_TRAVEL_REFUSED.equals(SparkErrors.condition(e))) {
        return true;
      }
      throw SparkErrors.translate(e);
    }
  }

  /**
   * Runs a command that reads these versions of a table (at its location {@code at}), under the one readability
   * rule ({@link Readability}), as the classic engine does: a version older than the latest is read only when
   * every data file it reads is present (looked up from this process, or in one listing on the server when
   * this process cannot reach the storage), and then even past Delta's retention refusal, lifted for this body
   * only (a session setting, which a Connect client may set) and said as a note; a version whose files are gone
   * is not found, naming the oldest readable version. Missing files always fail the read, so a vacuum that
   * deletes files between the check and the read fails it, reported the same way.
   */
  private <T> T reading(SparkSession s, TableRef ref, TableRef at, java.util.function.Supplier<T> body,
      long... versions) {
    String table = Sql.table(ref.current());
    String name = ref.current().display();
    long latest = kernel().describe(new DescribeRequest(at)).version();
    java.util.function.Predicate<String> present = null;
    boolean lift = false;
    for (long v : versions) {
      if (v == latest) {
        continue;
      }
      present = present == null ? present(s, at) : present;
      if (Readability.whyNot(inputFiles(s, table, v), present) != null) {
        throw Readability.notReadable(name, v, versions(ref.current()).versions(), null);
      }
      if (deltaRefuses(s, table, v)) {
        lift = true;
        notices.accept(Readability.pastRetentionNote(name, v));
      }
    }
    try {
      return RunConf.with(s, DeltaFacts.timeTravelConf(lift), body);
    } catch (Exception e) {
      DeltactlException d = SparkErrors.translate(e);
      if (d.code() == ErrorCode.FILE_MISSING) {
        java.util.function.Predicate<String> now = present(s, at);
        for (long v : versions) {
          if (Readability.whyNot(inputFiles(s, table, v), now) != null) {
            throw Readability.notReadable(name, v, versions(ref.current()).versions(), e);
          }
        }
      }
      throw d;
    }
  }

  /** Whether a data file the server reads is on storage: asked from here when Kernel reads the table here. */
  private java.util.function.Predicate<String> present(SparkSession s, TableRef at) {
    if (!Routing.kernelReadsHere(facts, at)) {
      Set<String> listed = new HashSet<>(s.read().format("binaryFile").option("recursiveFileLookup", "true")
          .load(at.path()).select("path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
      return listed::contains;
    }
    FileSystem fs = fileSystem(new Path(at.path()));
    Map<String, Boolean> seen = new java.util.HashMap<>();
    return f -> seen.computeIfAbsent(f, p -> {
      try {
        return fs.exists(new Path(p));
      } catch (IOException e) {
        return false;
      }
    });
  }

  @Override
  public RestoreResult restore(RestoreRequest r) {
    return run(s -> {
      long t0 = System.nanoTime();
      TableRef at = atLocation(s, r.table());
      long target = kernel().resolve(at, r.to());
      long current = kernel().describe(new DescribeRequest(at)).version();
      String table = Sql.table(r.table().current());
      return reading(s, r.table(), at, () -> restore(s, r, t0, at, table, target, current), target);
    });
  }

  private RestoreResult restore(SparkSession s, RestoreRequest r, long t0, TableRef at, String table, long target,
      long current) {
    long rowsAfter = s.sql("SELECT count(*) FROM " + table + " VERSION AS OF " + target).head().getLong(0);
    long rowsBefore = s.sql("SELECT count(*) FROM " + table + " VERSION AS OF " + current).head().getLong(0);
    Map<String, Long> now = files(at, current);
    Map<String, Long> then = files(at, target);
    long[] add = DeltaFacts.onlyIn(then, now);
    long[] remove = DeltaFacts.onlyIn(now, then);
    var plan = new dev.deltactl.core.api.RestorePlan(r.table().display(), current, target, add[0], add[1],
        remove[0], remove[1], rowsBefore, rowsAfter);
    if (r.dryRun()) {
      return new RestoreResult(RestoreResult.Status.DRY_RUN, plan, current, Map.of(), millis(t0));
    }
    Map<String, String> conf = r.message() == null ? Map.of()
        : Map.of("spark.databricks.delta.commitInfo.userMetadata", r.message());
    Map<String, Object> metrics = RunConf.with(s, conf, () -> {
      Dataset<Row> out = s.sql("RESTORE TABLE " + table + " TO VERSION AS OF " + target);
      Row row = out.head();
      Map<String, Object> m = new LinkedHashMap<>();
      for (StructField f : out.schema().fields()) {
        m.put(DeltaFacts.camel(f.name()), RowValues.value(row.getAs(f.name()), f.dataType()));
      }
      return m;
    });
    long version = kernel().describe(new DescribeRequest(at)).version();
    return new RestoreResult(RestoreResult.Status.RESTORED, plan, version, metrics, millis(t0));
  }

  /** The data files of a version and their sizes, from the log. */
  private Map<String, Long> files(TableRef at, long version) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (var f : kernel().dataFiles(at.path(), version).orElseThrow(() -> new DeltactlException(
        ErrorCode.UNSUPPORTED_FEATURE, "cannot list the files of " + at.display() + " at version " + version))) {
      out.put(f.path(), f.size());
    }
    return out;
  }



  private long resolve(TableRef at, VersionSpec spec) {
    return spec.isLatest() ? kernel().describe(new DescribeRequest(at)).version() : kernel().resolve(at, spec);
  }

  @Override
  public DiffResult diff(DiffRequest r) {
    return run(s -> {
      TableRef at = atLocation(s, r.table());
      long from = resolve(at, r.from());
      long to = resolve(at, r.to());
      return reading(s, r.table(), at, () -> diff(s, r, at, from, to), from, to);
    });
  }

  private DiffResult diff(SparkSession s, DiffRequest r, TableRef at, long from, long to) {
    String table = Sql.table(r.table().current());
    Dataset<Row> a = s.sql("SELECT * FROM " + table + " VERSION AS OF " + from);
    Dataset<Row> b = s.sql("SELECT * FROM " + table + " VERSION AS OF " + to);
    Map<String, Long> filesFrom = files(at, from);
    Map<String, Long> filesTo = files(at, to);
    long[] added = DeltaFacts.onlyIn(filesTo, filesFrom);
    long[] removed = DeltaFacts.onlyIn(filesFrom, filesTo);
    long[] rows = Tables.rowChanges(a, b, r.key());
    List<DiffResult.Commit> between = kernel().timeline(at).stream()
        .filter(c -> c.version() > Math.min(from, to) && c.version() <= Math.max(from, to))
        .map(c -> new DiffResult.Commit(c.version(), c.timestamp(), c.operation()))
        .toList();
    return new DiffResult(r.table().display(), from, to, added[0], added[1], removed[0], removed[1], a.count(),
        b.count(), rows[0], rows[1], r.key(), between);
  }

  @Override
  public CloneResult cloneTable(CloneRequest r) {
    return run(s -> {
      TableRef at = atLocation(s, r.source());
      long version = resolve(at, r.at());
      boolean exists = exists(s, r.target());
      if (exists && !r.replace()) {
        throw new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS, "clone target " + r.target().display()
            + " already exists; use --replace to replace it");
      }
      if (!exists && r.target().isPath()) {
        Tables.refuseNonEmptyFolder(fileSystem(new Path(r.target().path())), r.target().path());
      }
      return reading(s, r.source(), at, () -> copy(s, r, at, version, exists), version);
    });
  }

  /** A clone of a version, shallow or deep; run inside {@link #reading}. */
  private CloneResult copy(SparkSession s, CloneRequest r, TableRef at, long version, boolean exists) {
    String source = Sql.table(r.source().current()) + " VERSION AS OF " + version;
    String create = (exists ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ") + Sql.table(r.target());
    if (r.shallow()) {
      s.sql(create + " SHALLOW CLONE " + source).collectAsList();
    } else {
      // a deep copy: the rows of the version in a new table with the same partitioning and bloom indexes
      TableDetail detail = kernel().describe(new DescribeRequest(at));
      Map<String, String> definitions = new LinkedHashMap<>();
      detail.properties().forEach((k, v) -> {
        if (k.startsWith(BloomDefinitions.PREFIX)) {
          definitions.put(k, v);
        }
      });
      StringBuilder sql = new StringBuilder(create).append(" USING delta");
      if (!detail.partitionColumns().isEmpty()) {
        sql.append(" PARTITIONED BY (").append(Sql.idents(detail.partitionColumns())).append(')');
      }
      if (!definitions.isEmpty()) {
        sql.append(" TBLPROPERTIES (").append(definitions.entrySet().stream()
            .map(e -> Sql.literal(e.getKey()) + " = " + Sql.literal(e.getValue()))
            .collect(Collectors.joining(", "))).append(')');
      }
      sql.append(" AS SELECT * FROM ").append(source);
      Map<String, String> conf = BloomDefinitions.writeConf(detail.properties(),
          s.sql("SELECT * FROM " + source).schema(), StructField::name);
      RunConf.with(s, conf, () -> s.sql(sql.toString()).collectAsList());
    }
    return new CloneResult(r.source().current().display(), version, r.shallow(),
        describe(new DescribeRequest(r.target())));
  }

  /** copy-into over Connect: each file its own commit ({@link ConnectCommits}). */
  @Override
  public CopyIntoResult copyInto(CopyIntoRequest r) {
    return run(s -> {
      Configuration conf = hadoopConf();
      if (!exists(s, r.table())) {
        if (!r.createIfMissing()) {
          describe(new DescribeRequest(r.table())); // fails as describe does: path not found, not a Delta table, ...
        }
        SparkCopyInto.createTable(s, conf, r, r.table());
      }
      TableRef at = atLocation(s, r.table());
      return new SparkCopyInto(s, conf, commits(s, at), at.path()).run(r);
    });
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private Configuration hadoopConf() {
    return KernelEngine.hadoopConf(config.conf());
  }

  // ---------------------------------------------------------------- bloom-index

  @Override
  public BloomIndexResult bloomIndex(BloomIndexRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(s -> new SparkBloomIndex(s, hadoopConf(), commits(s, atLocation(s, r.table()))).run(r));
  }

  /** What this engine commits differently, for the table at its location. */
  private ConnectCommits commits(SparkSession s, TableRef at) {
    return new ConnectCommits(s, kernel(), at, d -> writeConf(at, d), notices);
  }

  static List<String> partition(KernelEngine.DataFile f, List<String> partitionColumns) {
    List<String> values = new ArrayList<>(partitionColumns.size());
    for (String p : partitionColumns) {
      values.add(f.partitionValues().get(p));
    }
    return values;
  }

  /** The Parquet settings of a write into this table: its indexed columns by their names in the files. */
  private Map<String, String> writeConf(TableRef at, TableDetail detail) {
    if (detail.properties().keySet().stream().noneMatch(k -> k.startsWith(BloomDefinitions.PREFIX))) {
      return Map.of();
    }
    Map<String, String> names = kernel().fileColumnNames(at.path());
    return BloomDefinitions.writeConf(detail.properties(), session().read().format("delta").load(at.path()).schema(),
        f -> names.getOrDefault(f.name(), f.name()));
  }

  @Override
  public void cancel() {
    SparkSession s = spark;
    if (s != null) {
      s.interruptAll();
    }
  }

  @Override
  public synchronized void close() {
    if (spark != null) {
      try {
        spark.stop();
      } catch (RuntimeException e) {
        LOG.debug("closing the Spark Connect session", e);
      }
      spark = null;
    }
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** For messages: what a time-travel spec is. */
  static String display(VersionSpec v) {
    return v.version() != null ? "version " + v.version() : "timestamp " + v.timestamp();
  }
}
