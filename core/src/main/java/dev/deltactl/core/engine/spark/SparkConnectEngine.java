package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ColumnInfo;
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
import dev.deltactl.core.engine.Endpoints;
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
 * the table's storage. Delta's own Java API does not work over Connect, so the operations built on it
 * (copy-into's exactly-once record, bloom-index build) say so instead of running.
 */
public final class SparkConnectEngine implements Engine {
  private static final Logger LOG = LoggerFactory.getLogger(SparkConnectEngine.class);
  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  private static final Pattern INTERVAL = Pattern.compile("(?i)\\s*(?:interval\\s+)?(\\d+)\\s*(\\w+?)s?\\s*");

  private final EngineConfig config;
  private final Consumer<String> notices;
  private volatile SparkSession spark;
  private KernelEngine kernel;

  public SparkConnectEngine(EngineConfig config, Consumer<String> notices) {
    this.config = config;
    this.notices = notices;
  }

  @Override
  public String name() {
    return "spark-connect(" + Endpoints.displayUrl(config.master()) + ")";
  }

  private synchronized SparkSession session() {
    if (spark == null) {
      String url = config.master();
      Endpoints.requireReachable(url, config.connectTimeout());
      long t0 = System.nanoTime();
      SparkSession s;
      try {
        s = org.apache.spark.sql.connect.SparkSession.builder().remote(url).getOrCreate();
      } catch (RuntimeException e) {
        throw new DeltactlException(ErrorCode.ENGINE_UNREACHABLE, "cannot open a session on the Spark Connect server "
            + Endpoints.displayUrl(url) + ": " + SparkErrors.firstLine(e), e);
      }
      String extensions = s.conf().get("spark.sql.extensions", "");
      String catalog = s.conf().get("spark.sql.catalog.spark_catalog", "");
      if (!extensions.contains(DELTA_EXTENSION) || !catalog.equals(DELTA_CATALOG)) {
        s.stop();
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
      LOG.info("Spark Connect session on {} ready in {} ms (server Spark {})", Endpoints.displayUrl(url),
          (System.nanoTime() - t0) / 1_000_000, s.version());
      spark = s;
    }
    return spark;
  }

  private <T> T run(Function<SparkSession, T> body) {
    try {
      return body.apply(session());
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

  @Override
  public TableDetail describe(DescribeRequest r) {
    if (r.table().isPath()) {
      return kernel().describe(r);
    }
    return run(s -> kernel().describe(new DescribeRequest(atLocation(s, r.table()))));
  }

  @Override
  public HistoryResult history(HistoryRequest r) {
    if (r.table().isPath()) {
      return kernel().history(r);
    }
    return run(s -> kernel().history(new HistoryRequest(atLocation(s, r.table()), r.limit())));
  }

  @Override
  public VersionsResult versions(TableRef table) {
    return table.isPath() ? kernel().versions(table) : run(s -> kernel().versions(atLocation(s, table)));
  }

  // ---------------------------------------------------------------- sql

  @Override
  public SqlResult sql(SqlRequest r) {
    return run(s -> rows(s.sql(r.statement()), r.maxRows()));
  }

  private static SqlResult rows(Dataset<Row> df, int maxRows) {
    StructType schema = df.schema();
    List<Row> rows = maxRows == 0 ? df.collectAsList() : df.limit(maxRows + 1).collectAsList();
    boolean truncated = maxRows > 0 && rows.size() > maxRows;
    List<List<Object>> out = new ArrayList<>();
    for (Row row : truncated ? rows.subList(0, maxRows) : rows) {
      out.add(RowValues.row(row, schema));
    }
    List<ColumnInfo> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(new ColumnInfo(f.name(), f.dataType().sql(), f.nullable(), null));
    }
    return new SqlResult(columns, out, truncated);
  }

  // ---------------------------------------------------------------- create

  @Override
  public CreateTableResult create(CreateTableRequest r) {
    TableRef ref = r.table();
    if (ref.hasTimeTravel()) {
      throw DeltactlException.invalid("cannot create '" + ref.display() + "': drop the @version suffix");
    }
    if (r.source() == null && r.schemaDdl() == null) {
      throw DeltactlException.invalid("create needs columns: give --schema, --as-select or --from");
    }
    if (r.source() instanceof CreateTableRequest.FromFiles) {
      throw new DeltactlException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "create --from is not available on Spark"
          + " Connect yet; use --as-select \"SELECT * FROM parquet.`PATH`\" (or csv., json.)");
    }
    return run(s -> {
      boolean exists = exists(s, ref);
      if (exists && r.mode() == CreateTableRequest.Mode.CREATE) {
        throw new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS,
            "table " + ref.display() + " already exists; use --replace to replace it (its history is kept)"
                + " or --if-not-exists to leave it as it is");
      }
      if (exists && r.mode() == CreateTableRequest.Mode.IF_NOT_EXISTS) {
        return new CreateTableResult(CreateTableResult.Action.ALREADY_EXISTS, describe(new DescribeRequest(ref)));
      }
      StringBuilder sql = new StringBuilder(exists ? "REPLACE TABLE " : "CREATE TABLE ").append(Sql.table(ref));
      if (r.schemaDdl() != null) {
        sql.append(" (").append(r.schemaDdl()).append(')');
      }
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
      if (r.source() instanceof CreateTableRequest.AsSelect q) {
        sql.append(" AS ").append(q.query());
      }
      LOG.info("running: {}", sql);
      s.sql(sql.toString()).collectAsList();
      return new CreateTableResult(exists ? CreateTableResult.Action.REPLACED : CreateTableResult.Action.CREATED,
          describe(new DescribeRequest(ref)));
    });
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
    if (r.table().hasTimeTravel()) {
      throw DeltactlException.invalid("cannot optimize a past version: drop the @version suffix");
    }
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
        Map<String, String> runConf = Map.of(SparkOptimize.MAX_FILE_SIZE, String.valueOf(plan.targetFileSize()),
            SparkOptimize.MIN_FILE_SIZE, String.valueOf(plan.minFileSize()));
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
          DeltactlException d = SparkErrors.translate(e);
          if (d.code() != ErrorCode.CONCURRENT_MODIFICATION) {
            throw d;
          }
          if (attempt <= r.retries()) {
            notices.accept("a concurrent commit conflicted with " + what + " (attempt " + attempt + " of "
                + (r.retries() + 1) + "); planning again");
            continue;
          }
          throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, what + " of " + r.table().display()
              + " conflicted with a concurrent commit and changed nothing; it is safe to run again. Delta said: "
              + d.getMessage(), e);
        }
      }
    });
  }

  private OptimizePlan plan(SparkSession s, OptimizeRequest r, TableRef at, TableDetail detail) {
    List<String> partitionColumns = detail.partitionColumns();
    Set<String> columns = detail.schema().stream().map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    for (String z : r.zOrderBy()) {
      if (!columns.contains(z.toLowerCase(Locale.ROOT))) {
        throw DeltactlException.invalid("zorder column '" + z + "' is not a column of " + r.table().display());
      }
      if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(z))) {
        throw DeltactlException.invalid("zorder column '" + z + "' is a partition column; Z-order clusters data"
            + " within partitions, so choose non-partition columns");
      }
    }
    Set<List<String>> matching = null;
    if (r.where() != null) {
      if (partitionColumns.isEmpty()) {
        throw DeltactlException.invalid("--where needs a partitioned table: " + r.table().display() + " has no"
            + " partition columns");
      }
      matching = new HashSet<>();
      for (Row row : s.sql("SELECT DISTINCT " + Sql.idents(partitionColumns) + " FROM " + Sql.table(at)
          + " WHERE " + r.where()).collectAsList()) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          values.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
        }
        matching.add(values);
      }
    }
    var files = kernel().dataFiles(at.path(), detail.version()).orElseThrow(() -> new DeltactlException(
        ErrorCode.UNSUPPORTED_FEATURE, "cannot plan " + r.table().display() + " from its log here"));
    List<OptimizePlanner.FileEntry> entries = new ArrayList<>();
    for (var f : files) {
      List<String> partition = new ArrayList<>(partitionColumns.size());
      for (String p : partitionColumns) {
        partition.add(f.partitionValues().get(p));
      }
      entries.add(new OptimizePlanner.FileEntry(partition, f.size(), f.numRecords(), f.deletedRows(),
          f.hasDeletionVector(), matching == null || matching.contains(partition)));
    }
    long maxFileSize = r.targetFileSize() != null ? r.targetFileSize() : Long.parseLong(
        s.conf().get(SparkOptimize.MAX_FILE_SIZE, String.valueOf(OptimizePlanner.DEFAULT_MAX_FILE_SIZE)));
    long minFileSize = r.minFileSize() != null ? r.minFileSize() : Long.parseLong(
        s.conf().get(SparkOptimize.MIN_FILE_SIZE, String.valueOf(OptimizePlanner.DEFAULT_MIN_FILE_SIZE)));
    double ratio = Double.parseDouble(s.conf().get(SparkOptimize.MAX_DELETED_ROWS_RATIO,
        String.valueOf(OptimizePlanner.DEFAULT_MAX_DELETED_ROWS_RATIO)));
    return OptimizePlanner.plan(r.table().display(), detail.version(), partitionColumns, r, maxFileSize,
        minFileSize, ratio, entries);
  }

  // ---------------------------------------------------------------- vacuum

  @Override
  public VacuumResult vacuum(VacuumRequest r) {
    return run(s -> {
      long t0 = System.nanoTime();
      TableRef at = atLocation(s, r.table());
      TableDetail detail = kernel().describe(new DescribeRequest(at));
      Set<String> unknown = new TreeSet<>(detail.tableFeatures());
      unknown.removeAll(SparkVacuum.KNOWN_WRITER_FEATURES);
      if (!unknown.isEmpty()) {
        throw new DeltactlException(ErrorCode.SAFETY_CHECK, "vacuum refused: the table uses writer feature"
            + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
            + " that deltactl does not know; vacuuming could delete files that feature still needs");
      }
      Duration minimum = interval(detail.properties().getOrDefault("delta.deletedFileRetentionDuration",
          "interval 1 week"));
      Duration retain = r.retain() == null ? minimum : r.retain();
      boolean belowMinimum = retain.compareTo(minimum) < 0;
      if (belowMinimum && !r.force()) {
        throw new DeltactlException(ErrorCode.SAFETY_CHECK, "vacuum refused: retention " + Durations.display(retain)
            + " is below the table minimum " + Durations.display(minimum)
            + " (delta.deletedFileRetentionDuration); use --force to override");
      }
      String sql = "VACUUM " + Sql.table(r.table()) + " " + r.mode().name() + " RETAIN " + SparkVacuum.hours(retain)
          + " HOURS";
      Map<String, String> runConf = belowMinimum ? Map.of(SparkVacuum.RETENTION_CHECK, "false") : Map.of();
      return RunConf.with(s, runConf, () -> {
        Instant deleteBefore = Instant.now().minus(retain);
        List<VacuumPlan.FileInfo> files = new ArrayList<>();
        long bytes = 0;
        Path root = new Path(at.path());
        FileSystem fs = fileSystem(root);
        String prefix = fs.makeQualified(root).toUri().getPath();
        try {
          for (Row row : s.sql(sql + " DRY RUN").collectAsList()) {
            Path p = new Path(row.getString(0));
            FileStatus st = fs.getFileStatus(p);
            String abs = fs.makeQualified(p).toUri().getPath();
            files.add(new VacuumPlan.FileInfo(abs.startsWith(prefix + "/") ? abs.substring(prefix.length() + 1) : abs,
                st.getLen(), Instant.ofEpochMilli(st.getModificationTime())));
            bytes += st.getLen();
          }
        } catch (IOException e) {
          throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read the files to delete: " + e.getMessage()
              + " (the client reads the table's storage for sizes)", e);
        }
        files.sort(Comparator.comparing(VacuumPlan.FileInfo::path));
        List<KernelEngine.CommitRef> timeline = kernel().timeline(at);
        VacuumPlan plan = new VacuumPlan(r.table().display(), detail.version(), r.mode(), retain, minimum, deleteBefore,
            files, bytes, oldestReadable(timeline, deleteBefore, Instant.now().minus(minimum)));
        if (r.dryRun()) {
          return new VacuumResult(VacuumResult.Status.DRY_RUN, plan, plan.version(), null, null, null, millis(t0));
        }
        s.sql(sql).collectAsList();
        Long deleted = null;
        Long directories = null;
        long version = plan.version();
        for (HistoryResult.Entry e : kernel().history(new HistoryRequest(at, 10)).entries()) {
          if ("VACUUM END".equals(e.operation()) && e.version() > plan.version()) {
            deleted = parse(e.operationMetrics().get("numDeletedFiles"));
            directories = parse(e.operationMetrics().get("numVacuumedDirectories"));
            version = e.version();
            break;
          }
        }
        long goneFiles = 0;
        long goneBytes = 0;
        try {
          for (VacuumPlan.FileInfo f : files) {
            if (!fs.exists(new Path(root, f.path()))) {
              goneFiles++;
              goneBytes += f.size();
            }
          }
        } catch (IOException e) {
          throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot check the deleted files: " + e.getMessage(), e);
        }
        return new VacuumResult(VacuumResult.Status.VACUUMED, plan, version, deleted == null ? goneFiles : deleted,
            directories, goneBytes, millis(t0));
      });
    });
  }

  private static long oldestReadable(List<KernelEngine.CommitRef> timeline, Instant deleteBefore, Instant travelLimit) {
    long oldest = Long.MAX_VALUE;
    long latest = -1;
    long newestBefore = -1;
    long oldestAllowed = Long.MAX_VALUE;
    for (KernelEngine.CommitRef c : timeline) {
      oldest = Math.min(oldest, c.version());
      latest = Math.max(latest, c.version());
      if (!c.timestamp().isAfter(deleteBefore)) {
        newestBefore = Math.max(newestBefore, c.version());
      }
      if (!c.timestamp().isBefore(travelLimit)) {
        oldestAllowed = Math.min(oldestAllowed, c.version());
      }
    }
    long filesWise = newestBefore >= 0 ? newestBefore : oldest;
    return Math.max(filesWise, oldestAllowed == Long.MAX_VALUE ? latest : oldestAllowed);
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
    Configuration conf = new Configuration();
    config.conf().forEach((k, v) -> {
      if (!k.startsWith("deltactl.") && !k.startsWith("spark.")) {
        conf.set(k, v);
      } else if (k.startsWith(SparkSessionFactory.HADOOP_PREFIX)) {
        conf.set(k.substring(SparkSessionFactory.HADOOP_PREFIX.length()), v);
      }
    });
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
    return run(s -> {
      TableRef at = atLocation(s, r.table());
      long version = r.at().isLatest() ? kernel().describe(new DescribeRequest(at)).version()
          : kernel().resolve(at, r.at());
      Instant timestamp = kernel().timeline(at).stream().filter(c -> c.version() == version)
          .map(KernelEngine.CommitRef::timestamp).findFirst().orElse(null);
      String from = Sql.table(r.table().current()) + " VERSION AS OF " + version;
      String where = r.where() == null ? "" : " WHERE " + r.where();
      if (r.countOnly()) {
        long count = s.sql("SELECT count(*) FROM " + from + where).head().getLong(0);
        return new ShowResult(r.table().display(), version, timestamp, count, null);
      }
      String select = r.columns().isEmpty() ? "*" : Sql.idents(r.columns());
      return new ShowResult(r.table().display(), version, timestamp, null,
          rows(s.sql("SELECT " + select + " FROM " + from + where), r.maxRows()));
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
      long rowsAfter = s.sql("SELECT count(*) FROM " + table + " VERSION AS OF " + target).head().getLong(0);
      long rowsBefore = s.sql("SELECT count(*) FROM " + table + " VERSION AS OF " + current).head().getLong(0);
      Map<String, Long> now = files(s, table, current);
      Map<String, Long> then = files(s, table, target);
      long[] add = onlyIn(then, now);
      long[] remove = onlyIn(now, then);
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
          m.put(SparkTimeTravel.camel(f.name()), RowValues.value(row.getAs(f.name()), f.dataType()));
        }
        return m;
      });
      long version = kernel().describe(new DescribeRequest(at)).version();
      return new RestoreResult(RestoreResult.Status.RESTORED, plan, version, metrics, millis(t0));
    });
  }

  /** The data files of a version with rows in them, and their sizes, as the server reads them. */
  private static Map<String, Long> files(SparkSession s, String table, long version) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (Row row : s.sql("SELECT _metadata.file_path, max(_metadata.file_size) FROM " + table + " VERSION AS OF "
        + version + " GROUP BY 1").collectAsList()) {
      out.put(row.getString(0), row.getLong(1));
    }
    return out;
  }

  private static long[] onlyIn(Map<String, Long> a, Map<String, Long> b) {
    long files = 0;
    long bytes = 0;
    for (var e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) {
        files++;
        bytes += e.getValue();
      }
    }
    return new long[] {files, bytes};
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
