package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.CloneRequest;
import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.CreateTableResult;
import dev.deltactl.core.api.DescribeRequest;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
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
    return run(s -> tables(s).describe(r.table()));
  }

  @Override
  public HistoryResult history(HistoryRequest r) {
    return run(s -> tables(s).history(r));
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
  private VersionsResult serverVersions(SparkSession s, TableRef table, TableRef at) {
    Set<String> present = new HashSet<>(s.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load(at.path()).select("path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    List<VersionsResult.Entry> out = new ArrayList<>();
    long latest = -1;
    for (HistoryResult.Entry e : tables(s).history(new HistoryRequest(table.current(), null)).entries()) {
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

  @Override
  public SqlResult sql(SqlRequest r) {
    return run(s -> tables(s).sql(r));
  }

  @Override
  public CreateTableResult create(CreateTableRequest r) {
    StructType schema = Tables.checkCreate(r);
    return run(s -> tables(s).create(r, schema));
  }

  /**
   * create, describe, history and sql as every Spark engine runs them: the server answers; what is read of
   * the storage here (whether a table is there, a folder to create in, --from) is read with Kernel's settings.
   */
  private SparkTables tables(SparkSession s) {
    return new SparkTables(s, new SparkTables.Store(path -> fileSystem(new Path(path)), path -> {
      try {
        kernel().describe(new DescribeRequest(TableRef.ofPath(path)));
        return true;
      } catch (DeltactlException e) {
        if (e.code() == ErrorCode.PATH_NOT_FOUND || e.code() == ErrorCode.NOT_A_DELTA_TABLE) {
          return false;
        }
        throw e;
      }
    }, false));
  }

  private boolean exists(SparkSession s, TableRef ref) {
    return tables(s).exists(ref);
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

  /**
   * copy-into over Connect, exactly once per file: each file is its own commit, an append that carries the
   * file's record as Delta's idempotent-write options ({@code txnAppId}, {@code txnVersion}), which write the
   * same {@code txn} action the classic engine writes. A run stopped midway leaves whole files loaded and
   * recorded, and the next run loads the rest; a file another run recorded meanwhile is skipped by Delta.
   * Since a run makes several commits, it first reads every file once to check it (records that do not
   * parse, files that do not read) and commits nothing when the check fails under {@code --on-error fail}.
   */
  @Override
  public CopyIntoResult copyInto(CopyIntoRequest r) {
    return run(s -> {
      long t0 = System.nanoTime();
      TableRef ref = r.table();
      Configuration conf = hadoopConf();
      CopyIntoFiles.Listing listing = CopyIntoFiles.listing(r, conf);
      List<CopyIntoFiles.SourceFile> candidates = listing.files();
      if (!exists(s, ref)) {
        if (!r.createIfMissing()) {
          describe(new DescribeRequest(ref)); // fails as describe does: path not found, not a Delta table, ...
        }
        if (candidates.isEmpty()) {
          throw DeltactlException.invalid("--create-if-missing needs source files to take the schema from; "
              + r.source() + " has none that match");
        }
        try (CopyIntoRows.Shaped shaped = CopyIntoRows.shape(s, r,
            CopyIntoRows.source(s, r, candidates, new StructType(), false))) {
          var writer = shaped.rows().limit(0).write().format("delta");
          if (ref.isPath()) {
            writer.save(ref.path());
          } else {
            writer.saveAsTable(Sql.table(ref));
          }
        }
      }
      TableRef at = atLocation(s, ref);
      TableDetail detail = kernel().describe(new DescribeRequest(at));
      if (detail.properties().containsKey("delta.setTransactionRetentionDuration")) {
        throw DeltactlException.invalid("the table sets delta.setTransactionRetentionDuration: copy-into's record of"
            + " loaded files would expire with it, and files would load twice; unset it to use copy-into");
      }
      Map<String, Long> ids = kernel().transactionVersions(at.path(), CopyIntoFiles.ids(candidates));
      Map<CopyIntoFiles.SourceFile, String> undecided = new LinkedHashMap<>();
      Map<CopyIntoFiles.SourceFile, Long> recorded = CopyIntoFiles.lookUp(listing.folder(), candidates, ids::get,
          legacy -> CopyIntoFiles.legacySources(at.path(), conf, legacy), undecided);
      List<CopyIntoFiles.SourceFile> toLoad = new ArrayList<>();
      List<CopyIntoResult.Rejected> rejected = new ArrayList<>();
      long skipped = 0;
      for (CopyIntoFiles.SourceFile f : candidates) {
        if (f.status().getLen() == 0) {
          rejected.add(new CopyIntoResult.Rejected(f.relative(), "empty file"));
          continue;
        }
        if (undecided.containsKey(f) && !r.force()) {
          rejected.add(new CopyIntoResult.Rejected(f.relative(), undecided.get(f)));
          continue;
        }
        Long version = recorded.get(f);
        long mtime = f.status().getModificationTime();
        boolean loaded = version != null && (!r.detectChanges() || version == mtime);
        if (loaded && !r.force()) {
          skipped++;
        } else if (version != null && mtime < version && !r.force()) {
          // Delta's record only moves forward: a file changed to an older time cannot be recorded again
          rejected.add(new CopyIntoResult.Rejected(f.relative(), "changed, with a modification time older than"
              + " when it was loaded; over Spark Connect its record cannot go back (use --force, or --master)"));
        } else {
          toLoad.add(f);
        }
      }
      if (toLoad.isEmpty()) {
        return new CopyIntoResult(r.validate() != null ? CopyIntoResult.Status.VALIDATED
            : CopyIntoResult.Status.NOTHING_TO_LOAD, ref.display(), 0, skipped, 0, 0, 0, null, List.of(), rejected,
            null, millis(t0));
      }
      StructType tableSchema = s.read().format("delta").load(at.path()).schema();
      List<Row> aside = new ArrayList<>();
      toLoad = check(s, r, toLoad, tableSchema, rejected, aside);
      if (toLoad.isEmpty() && r.validate() != null) {
        return new CopyIntoResult(CopyIntoResult.Status.VALIDATED, ref.display(), 0, skipped, 0, 0, 0, null,
            List.of(), rejected, null, millis(t0));
      }
      if (r.validate() != null) {
        long bytes = toLoad.stream().mapToLong(f -> f.status().getLen()).sum();
        try (CopyIntoRows.Shaped shaped = rowsOf(s, r, toLoad, tableSchema)) {
          CopyIntoRows.checkSchema(shaped.rows().schema(), tableSchema, r.mergeSchema());
          return CopyIntoRows.validate(r, shaped.rows(), toLoad, rejected, skipped, bytes, t0);
        } catch (DeltactlException e) {
          throw e;
        } catch (Exception e) {
          throw CopyIntoRows.parseFailure(e);
        }
      }
      if (!toLoad.isEmpty()) {
        try (CopyIntoRows.Shaped shaped = rowsOf(s, r, toLoad, tableSchema)) {
          CopyIntoRows.checkSchema(shaped.rows().schema(), tableSchema, r.mergeSchema());
        }
      }
      CopyIntoRows.setAside(s, r, aside, null);
      // each file is read on its own with the schema all of them have together, as the check read them
      StructType readSchema = null;
      if (!toLoad.isEmpty()) {
        readSchema = new StructType();
        for (StructField f : CopyIntoRows.source(s, r, toLoad, tableSchema,
            r.onError() == CopyIntoRequest.OnError.BAD_RECORDS && r.format().textual()).schema().fields()) {
          if (!f.name().equals("_metadata")) { // Spark's hidden file column, added to the source for --select
            readSchema = readSchema.add(f);
          }
        }
      }
      return load(s, r, listing.folder(), at, detail, toLoad, ids, tableSchema, readSchema, rejected, skipped, t0);
    });
  }

  /**
   * Reads the files once before anything is committed: under {@code fail} the whole run (a file that does not
   * read or a record that does not parse fails it, nothing loaded); under {@code skip-file} the files with
   * records that do not parse, and under both other modes the files that do not read, go to {@code rejected}
   * (and, under {@code bad-records}, to {@code aside}). Returns the files left to load.
   */
  private List<CopyIntoFiles.SourceFile> check(SparkSession s, CopyIntoRequest r, List<CopyIntoFiles.SourceFile> toLoad,
      StructType tableSchema, List<CopyIntoResult.Rejected> rejected, List<Row> aside) {
    Map<String, String> unreadable = new LinkedHashMap<>();
    Map<String, String> malformed = Map.of();
    List<CopyIntoFiles.SourceFile> readable = toLoad;
    while (true) {
      readable = toLoad.stream().filter(f -> !unreadable.containsKey(CopyIntoRows.path(f))).toList();
      if (readable.isEmpty()) {
        break;
      }
      try {
        if (r.onError() == CopyIntoRequest.OnError.SKIP_FILE && r.format().textual()) {
          malformed = CopyIntoRows.malformedFiles(s, r, readable, tableSchema);
          Map<String, String> bad = malformed;
          readable = readable.stream().filter(f -> !bad.containsKey(CopyIntoRows.path(f))).toList();
        }
        if (readable.isEmpty()) {
          break;
        }
        if (r.validate() == null || r.onError() != CopyIntoRequest.OnError.FAIL) {
          // the rows as they will load (--select included): a value --select cannot convert fails here
          try (CopyIntoRows.Shaped shaped = rowsOf(s, r, readable, tableSchema)) {
            shaped.rows().write().format("noop").mode("overwrite").save();
          }
        }
        break;
      } catch (DeltactlException e) {
        throw e;
      } catch (Exception e) {
        String file = CopyIntoRows.failedFile(e);
        String p = file == null ? null : new Path(file).toUri().getPath();
        if (r.onError() == CopyIntoRequest.OnError.FAIL || p == null || unreadable.containsKey(p)
            || readable.stream().noneMatch(f -> CopyIntoRows.path(f).equals(p))) {
          throw CopyIntoRows.parseFailure(e);
        }
        unreadable.put(p, CopyIntoRows.innermost(e));
      }
    }
    List<CopyIntoFiles.SourceFile> out = new ArrayList<>();
    for (CopyIntoFiles.SourceFile f : toLoad) {
      String why = unreadable.get(CopyIntoRows.path(f));
      if (why != null) {
        rejected.add(new CopyIntoResult.Rejected(f.relative(), why));
        aside.add(org.apache.spark.sql.RowFactory.create(f.status().getPath().toString(), null, why));
      } else if (malformed.containsKey(CopyIntoRows.path(f))) {
        rejected.add(new CopyIntoResult.Rejected(f.relative(), malformed.get(CopyIntoRows.path(f))));
      } else {
        out.add(f);
      }
    }
    return out;
  }

  /** The rows the table gets from these files: under {@code bad-records}, those that parse. */
  private static CopyIntoRows.Shaped rowsOf(SparkSession s, CopyIntoRequest r, List<CopyIntoFiles.SourceFile> files,
      StructType tableSchema) {
    if (r.onError() == CopyIntoRequest.OnError.BAD_RECORDS && r.format().textual()) {
      Dataset<Row> all = CopyIntoRows.source(s, r, files, tableSchema, true);
      return CopyIntoRows.shape(s, r, all.where(CopyIntoRows.CORRUPT + " IS NULL").drop(CopyIntoRows.CORRUPT));
    }
    return CopyIntoRows.shape(s, r, CopyIntoRows.source(s, r, files, tableSchema, false));
  }

  /** Loads the checked files, one commit each, in order; a file recorded by another run meanwhile is skipped. */
  private CopyIntoResult load(SparkSession s, CopyIntoRequest r, String folder, TableRef at, TableDetail detail,
      List<CopyIntoFiles.SourceFile> toLoad, Map<String, Long> ids, StructType tableSchema, StructType readSchema,
      List<CopyIntoResult.Rejected> rejected, long skipped, long t0) {
    Map<String, String> bloom = writeConf(at, detail);
    String runId = java.util.UUID.randomUUID().toString();
    long rowsInserted = 0;
    long badRecords = 0;
    long bytes = 0;
    Long version = null;
    List<String> loaded = new ArrayList<>();
    for (CopyIntoFiles.SourceFile f : toLoad) {
      String id = CopyIntoFiles.appId(f);
      long mtime = f.status().getModificationTime();
      // a forced reload of an unchanged file keeps its record: Delta skips a write whose txnVersion it has
      boolean record = ids.getOrDefault(id, -1L) < mtime;
      long bad = 0;
      Dataset<Row> all = null;
      try {
        Dataset<Row> source;
        if (r.onError() == CopyIntoRequest.OnError.BAD_RECORDS && r.format().textual()) {
          all = CopyIntoRows.source(s, r, List.of(f), tableSchema, true, readSchema).persist();
          Dataset<Row> malformed = all.where(CopyIntoRows.CORRUPT + " IS NOT NULL");
          bad = malformed.count();
          if (bad > 0) {
            // set aside before the rows are committed: a record that does not parse is never lost
            CopyIntoRows.setAside(s, r, List.of(), malformed);
          }
          source = all.where(CopyIntoRows.CORRUPT + " IS NULL").drop(CopyIntoRows.CORRUPT);
        } else {
          source = CopyIntoRows.source(s, r, List.of(f), tableSchema, false, readSchema);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("source", folder);
        metrics.put("format", r.format().sourceName());
        metrics.put("file", f.relative());
        metrics.put("numBadRecords", bad);
        metrics.put("bytesRead", f.status().getLen());
        metrics.put("runId", runId);
        String userMetadata = JSON.writeValueAsString(Map.of("copyInto", metrics));
        try (CopyIntoRows.Shaped shaped = CopyIntoRows.shape(s, r, source)) {
          var writer = shaped.rows().write().format("delta").mode("append").option("mergeSchema", r.mergeSchema())
              .option("userMetadata", userMetadata);
          if (record) {
            writer = writer.option("txnAppId", id).option("txnVersion", mtime);
          }
          var w = writer;
          RunConf.with(s, bloom, () -> {
            w.save(at.path());
            return null;
          });
        }
        HistoryResult.Entry commit = kernel().history(new HistoryRequest(at, 100)).entries().stream()
            .filter(e -> userMetadata.equals(e.userMetadata())).findFirst().orElse(null); // its file and run: unique
        if (commit == null) {
          skipped++; // recorded by another run meanwhile: Delta skipped this write
          continue;
        }
        version = version == null ? commit.version() : Math.max(version, commit.version());
        Long n = parse(commit.operationMetrics().get("numOutputRows"));
        rowsInserted += n == null ? 0 : n;
        badRecords += bad;
        bytes += f.status().getLen();
        loaded.add(f.relative());
      } catch (DeltactlException e) {
        throw e;
      } catch (Exception e) {
        // the check read this file; it changed or went since: what is loaded stays, each file its own commit
        String outcome = loaded.isEmpty() ? "nothing was loaded" : "loaded before it, each in a commit of its own"
            + " over Spark Connect: " + String.join(", ", loaded);
        DeltactlException d = CopyIntoRows.parseFailure(e, outcome);
        throw loaded.isEmpty() || d.getMessage().contains(outcome) ? d
            : new DeltactlException(d.code(), d.getMessage() + "; " + outcome, e);
      } finally {
        if (all != null) {
          all.unpersist();
        }
      }
    }
    return new CopyIntoResult(loaded.isEmpty() ? CopyIntoResult.Status.NOTHING_TO_LOAD : CopyIntoResult.Status.LOADED,
        r.table().display(), loaded.size(), skipped, rowsInserted, badRecords, bytes, version, loaded, rejected, null,
        millis(t0));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private Configuration hadoopConf() {
    return KernelEngine.hadoopConf(config.conf());
  }

  // ---------------------------------------------------------------- bloom-index

  /**
   * bloom-index over Connect: create and drop are the classic engine's statements; show and build read the
   * footers of the snapshot's files here, listed by Kernel. Delta's write options cannot replace single
   * files, so build rewrites, one file each and with {@code dataChange=false}, the partitions (all of an
   * unpartitioned table) that hold a file without filters: an overwrite with {@code replaceWhere} on those
   * partitions, whose scan Delta runs in the write's own transaction (a concurrent change to the files
   * conflicts, exit 4).
   */
  @Override
  public BloomIndexResult bloomIndex(BloomIndexRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(s -> {
      long t0 = System.nanoTime();
      TableRef at = atLocation(s, r.table());
      String display = r.table().display();
      TableDetail detail = kernel().describe(new DescribeRequest(at));
      StructType schema = s.read().format("delta").load(at.path()).schema();
      List<BloomIndexRequest.BloomColumn> defined = BloomDefinitions.definitions(detail.properties(),
          schema.fieldNames());
      switch (r.action()) {
        case CREATE, DROP -> {
          s.sql(r.action() == BloomIndexRequest.Action.CREATE
              ? BloomDefinitions.createStatement(r, schema, detail.partitionColumns(), Sql.table(r.table()))
              : BloomDefinitions.dropStatement(r, schema, defined, display, Sql.table(r.table()))).collectAsList();
          TableDetail after = kernel().describe(new DescribeRequest(at));
          return new BloomIndexResult(r.action() == BloomIndexRequest.Action.CREATE ? BloomIndexResult.Status.CREATED
              : BloomIndexResult.Status.DROPPED, display, after.version(), BloomDefinitions.definitionsOnly(
              BloomDefinitions.definitions(after.properties(), schema.fieldNames())), null, millis(t0));
        }
        case SHOW -> {
          List<BloomIndexResult.Coverage> coverage = defined.isEmpty() ? List.of() : BloomDefinitions.coverage(
              defined, footers(at, defined, files(at, detail, detail.version(), null)));
          return new BloomIndexResult(BloomIndexResult.Status.SHOWN, display, detail.version(), coverage, null,
              millis(t0));
        }
        default -> {
          return build(s, r, at, detail, defined, t0);
        }
      }
    });
  }

  private BloomIndexResult build(SparkSession s, BloomIndexRequest r, TableRef at, TableDetail detail,
      List<BloomIndexRequest.BloomColumn> defined, long t0) {
    String display = r.table().display();
    if (defined.isEmpty()) {
      throw BloomDefinitions.nothingDefined(display);
    }
    List<String> partitionColumns = detail.partitionColumns();
    Dataset<Row> table = s.read().format("delta").load(at.path());
    SparkChecks.checkPartitionPredicate(s, table.schema(), partitionColumns, r.where());
    Set<List<String>> matching = r.where() == null ? null
        : matchingPartitions(table, Sql.table(at), partitionColumns, r.where());
    List<KernelEngine.DataFile> files = files(at, detail, detail.version(), matching);
    List<BloomDefinitions.FileFilters> footers = footers(at, defined, files);
    Set<List<String>> partitions = new java.util.LinkedHashSet<>();
    long lacking = 0;
    for (int i = 0; i < files.size(); i++) {
      if (footers.get(i).lacksAny()) {
        lacking++;
        partitions.add(partition(files.get(i), partitionColumns));
      }
    }
    List<KernelEngine.DataFile> rewrite = files.stream()
        .filter(f -> partitions.contains(partition(f, partitionColumns))).toList();
    long bytes = rewrite.stream().mapToLong(KernelEngine.DataFile::size).sum();
    if (rewrite.size() > lacking) {
      notices.accept("over Spark Connect, build rewrites whole " + (partitionColumns.isEmpty() ? "tables"
          : "partitions") + ": " + rewrite.size() + " files, " + lacking + " of them without a filter");
    }
    if (r.dryRun() || lacking == 0) {
      return new BloomIndexResult(r.dryRun() ? BloomIndexResult.Status.DRY_RUN
          : BloomIndexResult.Status.NOTHING_TO_BUILD, display, detail.version(),
          BloomDefinitions.coverage(defined, footers), new BloomIndexResult.Rewrite(rewrite.size(),
          bytes, null, null), millis(t0));
    }
    Map<String, String> conf = new LinkedHashMap<>(writeConf(at, detail));
    // one task per file, never split nor packed with others: each file is rewritten as one file
    conf.put("spark.sql.files.maxPartitionBytes", String.valueOf(1L << 50));
    conf.put("spark.sql.files.openCostInBytes", String.valueOf(1L << 50));
    String predicate = partitionColumns.isEmpty() ? null : partitions.stream()
        .map(p -> partitionPredicate(table.schema(), partitionColumns, p))
        .collect(Collectors.joining(" OR "));
    Dataset<Row> rows = predicate == null ? table : table.where(predicate);
    String userMetadata;
    try {
      userMetadata = JSON.writeValueAsString(Map.of("bloomIndexBuild", Map.of("runId",
          java.util.UUID.randomUUID().toString())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var writer = rows.write().format("delta").mode("overwrite").option("dataChange", "false")
        .option("userMetadata", userMetadata);
    if (predicate != null) {
      writer = writer.option("replaceWhere", predicate);
    }
    var w = writer;
    try {
      RunConf.with(s, conf, () -> {
        w.save(at.path());
        return null;
      });
    } catch (Exception e) {
      DeltactlException d = SparkErrors.translate(e);
      if (d.code() == ErrorCode.CONCURRENT_MODIFICATION) {
        throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent commit changed files this"
            + " build rewrites; nothing was committed, run it again", e);
      }
      throw d;
    }
    // this build's commit, whatever else committed meanwhile
    long version = kernel().history(new HistoryRequest(at, 100)).entries().stream()
        .filter(e -> userMetadata.equals(e.userMetadata())).mapToLong(HistoryResult.Entry::version).findFirst()
        .orElseThrow(() -> new DeltactlException(ErrorCode.OPERATION_FAILED, "the build of " + display
            + " committed, but its commit is not among the table's last 100"));
    // files written are in the rewritten partitions: new ones are those the partitions did not have
    Set<String> kept = files.stream().map(KernelEngine.DataFile::path).collect(Collectors.toSet());
    List<KernelEngine.DataFile> afterFiles = files(at, detail, version, matching);
    List<KernelEngine.DataFile> added = afterFiles.stream()
        .filter(f -> !kept.contains(f.path())).toList();
    return new BloomIndexResult(BloomIndexResult.Status.BUILT, display, version,
        BloomDefinitions.coverage(defined, footers(at, defined, afterFiles)),
        new BloomIndexResult.Rewrite(rewrite.size(), bytes, (long) added.size(),
            added.stream().mapToLong(KernelEngine.DataFile::size).sum()), millis(t0));
  }

  /** The data files of a version, those in the {@code matching} partitions (all when null). */
  private List<KernelEngine.DataFile> files(TableRef at, TableDetail detail, long version,
      Set<List<String>> matching) {
    List<String> partitionColumns = detail.partitionColumns();
    return kernel().dataFiles(at.path(), version).orElseThrow(() -> new DeltactlException(
            ErrorCode.UNSUPPORTED_FEATURE, "cannot list the files of " + at.display() + " from its log here"))
        .stream().filter(f -> matching == null || matching.contains(partition(f, partitionColumns))).toList();
  }

  private static List<String> partition(KernelEngine.DataFile f, List<String> partitionColumns) {
    List<String> values = new ArrayList<>(partitionColumns.size());
    for (String p : partitionColumns) {
      values.add(f.partitionValues().get(p));
    }
    return values;
  }

  /** One partition as a predicate: its values, as the log holds them, cast to the columns' types. */
  private static String partitionPredicate(StructType schema, List<String> partitionColumns, List<String> values) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < partitionColumns.size(); i++) {
      String c = partitionColumns.get(i);
      String v = values.get(i);
      terms.add(v == null ? Sql.ident(c) + " IS NULL" : Sql.ident(c) + " = CAST(" + Sql.literal(v) + " AS "
          + schema.apply(schema.fieldIndex(c)).dataType().sql() + ")");
    }
    return "(" + String.join(" AND ", terms) + ")";
  }

  private List<BloomDefinitions.FileFilters> footers(TableRef at, List<BloomIndexRequest.BloomColumn> defined,
      List<KernelEngine.DataFile> files) {
    Map<String, String> names = kernel().fileColumnNames(at.path());
    Map<String, String> physical = new LinkedHashMap<>();
    defined.forEach(c -> physical.put(c.name(), names.getOrDefault(c.name(), c.name())));
    return BloomDefinitions.footers(hadoopConf(), files.stream().map(KernelEngine.DataFile::path).toList(), physical);
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
