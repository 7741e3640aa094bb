package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.VersionsRequest;
import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.ChangesRequest;
import dev.deltactl.core.api.ChangesResult;
import dev.deltactl.core.api.CloneRequest;
import dev.deltactl.core.api.ConvertRequest;
import dev.deltactl.core.api.ConvertResult;
import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.CreateTableResult;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineSession;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.ProgressListener;
import dev.deltactl.core.api.SqlRequest;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.RestoreRequest;
import dev.deltactl.core.api.RestoreResult;
import dev.deltactl.core.api.ShowRequest;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.api.VacuumResult;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.engine.Routing;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs operations with Delta Lake on a Spark session, embedded ({@code local[*]}) or on a cluster master. */
public final class SparkEngine implements Engine, EngineSession {
  private static final Logger LOG = LoggerFactory.getLogger(SparkEngine.class);

  private final EngineConfig config;
  private final Consumer<String> notices;
  private final boolean ownsSession;
  private volatile SparkSession spark;
  private boolean catalogEnabled;
  private MetastoreLock metastoreLock;
  private ProgressListener progress;
  private KernelEngine kernel;

  /**
   * An engine that opens its session on first use, with the metastore only if that first operation names a
   * table.
   *
   * @param notices where to tell the user something while they wait (on the terminal: stderr)
   */
  public SparkEngine(EngineConfig config, Consumer<String> notices) {
    this.config = config;
    this.notices = notices;
    this.ownsSession = true;
  }

  private SparkEngine(SparkSession spark, EngineConfig config, Consumer<String> notices) {
    this.config = config;
    this.notices = notices;
    this.ownsSession = false;
    this.spark = spark;
    this.catalogEnabled = "hive".equals(spark.conf().get("spark.sql.catalogImplementation", "in-memory"));
  }

  /**
   * Opens a session with the metastore right away, for long-lived processes (a shell, a test run) that will
   * use both paths and names. Closing the engine stops the session.
   */
  public static SparkEngine withCatalog(EngineConfig config, Consumer<String> notices) {
    SparkEngine e = new SparkEngine(config, notices);
    e.session(true);
    return e;
  }

  /** An engine on a session someone else owns; closing the engine leaves the session running. */
  public static SparkEngine attach(SparkSession spark, Consumer<String> notices) {
    return new SparkEngine(spark, EngineConfig.local(), notices);
  }

  /** The same, with settings: {@code deltactl.kernel=false} keeps every metadata question in Spark. */
  public static SparkEngine attach(SparkSession spark, EngineConfig config, Consumer<String> notices) {
    return new SparkEngine(spark, config, notices);
  }

  @Override
  public String name() {
    return "spark(" + config.master() + ")";
  }

  synchronized SparkSession session(boolean needCatalog) {
    if (spark == null) {
      Map<String, String> settings = SparkSessionFactory.settings(config, needCatalog);
      // before the metastore's lock: an unreachable master must not leave it held
      Endpoints.requireReachable(config.master(), config.connectTimeout());
      if (SparkSessionFactory.usesEmbeddedMetastore(settings)) {
        metastoreLock = MetastoreLock.acquire(
            config.dataDir().resolve("metastore.lock"), config.metastoreWait(), config.invocation(), notices);
      }
      try {
        spark = SparkSessionFactory.open(config, settings);
      } catch (RuntimeException | LinkageError e) {
        if (metastoreLock != null) {
          metastoreLock.close();
          metastoreLock = null;
        }
        throw e;
      }
      catalogEnabled = "hive".equals(settings.get("spark.sql.catalogImplementation"));
    } else if (needCatalog && !catalogEnabled && ownsSession) {
      // a long-lived process (the shell) that used paths first, and now a name
      notices.accept("starting the Spark session again, with the metastore, for table names");
      spark.stop();
      spark = null;
      return session(true);
    } else if (needCatalog && !catalogEnabled) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED,
          "this Spark session was started without a metastore, so it cannot resolve table names;"
              + " address the table by its path, or start a new session");
    }
    return spark;
  }

  /**
   * Whether a SQL statement names a table, view, database or function of the metastore, so that statements on
   * paths run without its lock. A running session without the metastore answers with its parser and knows its
   * temporary views and functions.
   */
  synchronized boolean needsMetastore(String statement) {
    if (spark != null && catalogEnabled) {
      return true;
    }
    try {
      return spark != null
          ? MetastoreNeed.needed(statement, spark)
          : MetastoreNeed.needed(statement, SparkSessionFactory.settings(config, false));
    } catch (Exception | LinkageError | AssertionError e) { // Spark asserts its internal invariants
      LOG.debug("cannot tell which names a statement uses; opening the metastore", e);
      return true;
    }
  }

  /** The session, opened if needed, for callers in this package and tests. */
  public SparkSession sparkSession() {
    return session(false);
  }

  private <T> T run(boolean needCatalog, java.util.function.Function<SparkSession, T> body) {
    try {
      return body.apply(session(needCatalog));
    } catch (Exception | LinkageError e) {
      // Scala code throws checked exceptions (SparkException) undeclared
      throw withClusterHint(SparkErrors.translate(e));
    }
  }

  /**
   * A failure on a master on another host: local paths (no scheme, {@code file:}) are read and written by
   * its executors, on their own disks, so a "missing" file or table may well be there, but on this machine.
   */
  private DeltactlException withClusterHint(DeltactlException e) {
    boolean pathError = switch (e.code()) {
      case PATH_NOT_FOUND, NOT_A_DELTA_TABLE, OPERATION_FAILED -> true;
      default -> false;
    };
    if (!pathError || Routing.EngineKind.of(config.master()) == Routing.EngineKind.EMBEDDED
        || !Endpoints.onAnotherHost(config.master())) {
      return e;
    }
    return new DeltactlException(e.code(), e.getMessage() + " (the master " + config.master()
        + " runs on another host: table and source paths must be storage its executors reach, such as hdfs://,"
        + " s3a:// or abfss://, or a shared folder mounted at the same path on every machine; a path on this"
        + " machine's disk is not)", e.getCause() == null ? e : e.getCause());
  }

  // ---------------------------------------------------------------- create

  @Override
  public CreateTableResult create(CreateTableRequest r) {
    StructType schema = Tables.checkCreate(r);
    boolean needCatalog = !r.table().isPath()
        || r.source() instanceof CreateTableRequest.AsSelect q && needsMetastore(q.query());
    return run(needCatalog, spark -> tables(spark).create(r, schema));
  }

  /** create, describe, history and sql as every Spark engine runs them, on this driver's storage. */
  private static SparkTables tables(SparkSession spark) {
    return new SparkTables(spark, new SparkTables.Store(path -> fileSystem(spark, path),
        path -> DeltaTable.isDeltaTable(spark, path), true));
  }

  private static boolean exists(SparkSession spark, TableRef ref) {
    return tables(spark).exists(ref);
  }

  private static FileSystem fileSystem(SparkSession spark, String path) {
    try {
      return new Path(path).getFileSystem(spark.sessionState().newHadoopConf());
    } catch (IOException e) {
      throw SparkErrors.cannotRead(path, e);
    }
  }

  /** The Kernel engine, for metadata questions that need no Spark job; null when turned off. */
  private synchronized KernelEngine kernel() {
    if (kernel == null && Routing.kernelEnabled(config.conf())) {
      kernel = new KernelEngine(config);
    }
    return kernel;
  }

  // ---------------------------------------------------------------- describe

  @Override
  public TableDetail describe(DescribeRequest r) {
    return run(!r.table().isPath(), spark -> tables(spark).describe(r.table()));
  }

  private DeltaTable deltaTable(SparkSession spark, TableRef ref) {
    tables(spark).require(ref);
    return ref.isPath() ? DeltaTable.forPath(spark, ref.path()) : DeltaTable.forName(spark, Sql.table(ref));
  }

  private TableDetail detail(SparkSession spark, TableRef ref) {
    return tables(spark).describe(ref);
  }

  // ---------------------------------------------------------------- history

  @Override
  public HistoryResult history(HistoryRequest r) {
    return run(!r.table().isPath(), spark -> tables(spark).history(r));
  }

  // ---------------------------------------------------------------- copy-into

  @Override
  public CopyIntoResult copyInto(CopyIntoRequest r) {
    return run(!r.table().isPath(), spark -> {
      var conf = spark.sessionState().newHadoopConf();
      if (r.createIfMissing() && !exists(spark, r.table())) {
        SparkCopyInto.createTable(spark, conf, r, r.table());
      }
      DeltaTable table = deltaTable(spark, r.table());
      // a path is its own location: no DESCRIBE DETAIL job for it
      String location = r.table().isPath() ? r.table().path() : table.detail().head().getAs("location");
      try {
        return new SparkCopyInto(spark, conf, new ClassicCommits(spark, location, progress), location).run(r);
      } catch (DeltactlException e) {
        throw e;
      } catch (RuntimeException e) {
        throw SparkErrors.translate(e);
      }
    });
  }

  // ---------------------------------------------------------------- bloom-index

  @Override
  public BloomIndexResult bloomIndex(BloomIndexRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(!r.table().isPath(), spark -> {
      DeltaTable table = deltaTable(spark, r.table());
      String location = r.table().isPath() ? r.table().path() : table.detail().head().getAs("location");
      return new SparkBloomIndex(spark, spark.sessionState().newHadoopConf(),
          new ClassicCommits(spark, location, progress)).run(r);
    });
  }

  // ---------------------------------------------------------------- optimize

  @Override
  public OptimizeResult optimize(OptimizeRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(!r.table().isPath(), spark ->
        new SparkOptimize(spark, new ClassicTableLog.Optimize(spark, deltaTable(spark, r.table()).deltaLog(), kernel(),
            progress), r.table(), r, notices).run());
  }

  @Override
  public VacuumResult vacuum(VacuumRequest r) {
    return run(!r.table().isPath(), spark ->
        new SparkVacuum(spark, new ClassicTableLog(spark, deltaTable(spark, r.table()), progress), r.table(), r).run());
  }

  /** Time travel on a table: the shared executor on this engine's session and its log. */
  private SparkTimeTravel travel(SparkSession spark, TableRef table) {
    return new SparkTimeTravel(spark, new ClassicVersionLog(spark, deltaTable(spark, table.current()), table, kernel(),
        progress), table, notices);
  }

  @Override
  public VersionsResult versions(VersionsRequest request) {
    TableRef table = request.table();
    return run(!table.isPath(), spark -> travel(spark, table).versions());
  }

  @Override
  public ShowResult show(ShowRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(!r.table().isPath(), spark -> travel(spark, r.table()).show(r));
  }

  @Override
  public ChangesResult changes(ChangesRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(!r.table().isPath(), spark -> travel(spark, r.table()).changes(r));
  }

  @Override
  public ConvertResult convert(ConvertRequest r) {
    return run(!r.table().isPath(), spark -> new SparkConvert(spark, p -> fileSystem(spark, p)).run(r));
  }

  @Override
  public RestoreResult restore(RestoreRequest r) {
    return run(!r.table().isPath(), spark -> travel(spark, r.table()).restore(r));
  }

  @Override
  public DiffResult diff(DiffRequest r) {
    return run(!r.table().isPath(), spark -> travel(spark, r.table()).diff(r));
  }

  @Override
  public CloneResult cloneTable(CloneRequest r) {
    return run(!r.source().isPath() || !r.target().isPath(), spark -> travel(spark, r.source())
        .cloneTo(r, t -> exists(spark, t), p -> fileSystem(spark, p), t -> detail(spark, t)));
  }

  /** What the session had before the shell changed a setting: put back when the shell unsets it. */
  private final Map<String, java.util.Optional<String>> beforeReconfigure = new java.util.HashMap<>();

  /** Settings Spark can change at run time (SQL settings), applied to the live session; others need a new one. */
  @Override
  public synchronized boolean reconfigure(Map<String, String> previous, Map<String, String> next) {
    if (spark == null) {
      return false;
    }
    java.util.Set<String> keys = new java.util.TreeSet<>(previous.keySet());
    keys.addAll(next.keySet());
    keys.removeIf(k -> java.util.Objects.equals(previous.get(k), next.get(k)));
    for (String k : keys) {
      if (!spark.conf().isModifiable(k)) {
        return false;
      }
    }
    for (String k : keys) {
      beforeReconfigure.computeIfAbsent(k, key -> spark.conf().getOption(key).isDefined()
          ? java.util.Optional.of(spark.conf().get(key)) : java.util.Optional.empty());
      String v = next.get(k);
      java.util.Optional<String> before = beforeReconfigure.get(k);
      if (v != null) {
        spark.conf().set(k, v);
      } else if (before.isPresent()) {
        spark.conf().set(k, before.get());
      } else {
        spark.conf().unset(k);
      }
    }
    return true;
  }

  @Override
  public synchronized List<String> tableNames() {
    if (spark == null || !catalogEnabled) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try {
      for (org.apache.spark.sql.catalog.Database db : spark.catalog().listDatabases().collectAsList()) {
        for (org.apache.spark.sql.catalog.Table t : spark.catalog().listTables(db.name()).collectAsList()) {
          if (!t.isTemporary()) {
            names.add(db.name() + "." + t.name());
            if (db.name().equals(spark.catalog().currentDatabase())) {
              names.add(t.name());
            }
          }
        }
      }
    } catch (Exception e) { // AnalysisException is checked: a database dropped meanwhile
      LOG.debug("cannot list the metastore's tables", e);
    }
    return names;
  }

  /** The scratch folders of warm-up rounds: {@code deltactl-warmup-PID-...} in the temporary folder. */
  static final String WARM_UP_PREFIX = "deltactl-warmup-";

  /**
   * Writes a scratch table of 10,000 rows in 10 files, compacts it with this engine's optimize (Kernel's
   * plan included) and reads it with a filter, then deletes it: what most commands run, compiled by the
   * JVM before the user's next command needs it. Only an embedded session, already open; on that session
   * (a session of its own warms less: measured), its jobs interrupted when cancelled; the caller runs
   * nothing beside it. Also deletes the scratch folders of processes that ended without deleting theirs.
   */
  @Override
  public boolean warmUp(java.util.function.BooleanSupplier stop) {
    SparkSession s = spark;
    if (s == null || Routing.EngineKind.of(config.master()) != Routing.EngineKind.EMBEDDED) {
      return false;
    }
    java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    deleteOrphanedWarmUps(tmp);
    java.nio.file.Path dir;
    try {
      dir = java.nio.file.Files.createTempDirectory(tmp, WARM_UP_PREFIX + WARM_UP_OWNER + "-");
    } catch (java.io.IOException e) {
      return false;
    }
    String path = dir.resolve("t").toUri().toString();
    GroupTasks tasks = GroupTasks.on(s.sparkContext(), WARM_UP_GROUP); // before the group's first job
    s.sparkContext().setJobGroup(WARM_UP_GROUP, "deltactl warm-up", true);
    try {
      s.range(0, 10000, 1, 10).selectExpr("id", "id % 10 AS a", "CAST(id AS STRING) AS b")
          .write().format("delta").save(path);
      if (stop.getAsBoolean()) {
        return false;
      }
      new SparkOptimize(s, new ClassicTableLog.Optimize(s, DeltaTable.forPath(s, path).deltaLog(), kernel(), null),
          TableRef.ofPath(path), new OptimizeRequest(TableRef.ofPath(path), null, null, null, null, false, 0),
          n -> { }).run();
      if (stop.getAsBoolean()) {
        return false;
      }
      s.read().format("delta").load(path).where("a = 3").count();
      return !stop.getAsBoolean();
    } finally {
      s.sparkContext().clearJobGroup();
      try {
        // a cancelled job's tasks end after the job has failed: none may write in the folder once deleted
        tasks.awaitNone(s.sparkContext(), 30_000);
        org.apache.spark.sql.delta.DeltaLog.invalidateCache(s, new org.apache.hadoop.fs.Path(path));
      } finally {
        deleteScratch(dir);
      }
    }
  }

  /**
   * Deletes a warm-up's scratch folder; a task of a cancelled job that the status tracker no longer counted
   * may still be closing a file in it, so a deletion that leaves the folder is tried again for a while.
   */
  @Override
  public void endWarmUps() {
    deleteOrphanedWarmUps(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static void deleteScratch(java.nio.file.Path dir) {
    long end = System.nanoTime() + 10_000_000_000L;
    while (true) {
      org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
      if (!java.nio.file.Files.exists(dir) || System.nanoTime() > end) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static final String WARM_UP_GROUP = "deltactl-warm-up";

  private static final String WARM_UP_OWNER = ProcessHandle.current().pid() + "-"
      + ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);

  /**
   * Scratch folders this process left (a round whose folder a killed task wrote again; none runs beside
   * this one), and those of processes that are gone, over an hour old (a round takes seconds; another
   * container sharing the folder numbers its processes its own way).
   */
  private static void deleteOrphanedWarmUps(java.nio.file.Path tmp) {
    long hourAgo = System.currentTimeMillis() - 3_600_000L;
    try (var entries = java.nio.file.Files.newDirectoryStream(tmp, WARM_UP_PREFIX + "*")) {
      for (java.nio.file.Path p : entries) {
        String[] parts = p.getFileName().toString().substring(WARM_UP_PREFIX.length()).split("-");
        boolean ours = parts.length >= 3 && WARM_UP_OWNER.equals(parts[0] + "-" + parts[1]);
        boolean orphan = false;
        if (!ours && parts.length >= 3) {
          try {
            long pid = Long.parseLong(parts[0]);
            long started = Long.parseLong(parts[1]);
            var process = ProcessHandle.of(pid);
            boolean gone = process.isEmpty() || process.get().info().startInstant()
                .map(i -> i.toEpochMilli() != started).orElse(false);
            orphan = gone && java.nio.file.Files.getLastModifiedTime(p).toMillis() < hourAgo;
          } catch (NumberFormatException e) {
            // not one of ours
          }
        }
        if (ours || orphan) {
          org.apache.commons.io.FileUtils.deleteQuietly(p.toFile());
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.debug("cannot list old warm-up folders", e);
    }
  }

  @Override
  public void cancel() {
    SparkSession s = spark;
    if (s != null && !s.sparkContext().isStopped()) {
      try {
        s.sparkContext().cancelAllJobs();
      } catch (RuntimeException e) { // stopped meanwhile: nothing runs
        LOG.debug("cannot cancel", e);
      }
    }
  }

  @Override
  public void onProgress(ProgressListener listener) {
    this.progress = listener;
  }

  // ---------------------------------------------------------------- sql

  @Override
  public SqlResult sql(SqlRequest r) {
    return run(needsMetastore(r.statement()), spark -> tables(spark).sql(r));
  }

  @Override
  public synchronized void close() {
    if (ownsSession && spark != null) {
      spark.stop();
      spark = null;
    }
    if (metastoreLock != null) {
      metastoreLock.close();
      metastoreLock = null;
    }
  }

  // ---------------------------------------------------------------- checkpoint and log cleanup

  /** Delta's own checkpoint writer ({@code DeltaLog.checkpoint}): classic or v2 as the table's features say. */
  @Override
  public dev.deltactl.core.api.CheckpointResult checkpoint(dev.deltactl.core.api.CheckpointRequest r) {
    return run(!r.table().isPath(), spark -> {
      long t0 = System.nanoTime();
      DeltaTable table = deltaTable(spark, r.table());
      org.apache.spark.sql.delta.DeltaLog deltaLog = table.deltaLog();
      org.apache.spark.sql.delta.Snapshot snapshot = deltaLog.update(false, scala.Option.empty(), scala.Option.empty());
      dev.deltactl.core.engine.LogMaintenance log = logMaintenance(spark, deltaLog, r.table());
      boolean v2 = scala.jdk.javaapi.CollectionConverters.asJava(snapshot.protocol().writerFeatureNames())
          .contains("v2Checkpoint")
          && "v2".equalsIgnoreCase(snapshot.metadata().configuration().getOrElse("delta.checkpointPolicy",
              () -> "classic"));
      dev.deltactl.core.api.CheckpointPlan plan = log.checkpointPlan(snapshot.version(), v2 ? "v2" : "classic");
      if (plan.upToDate() || r.dryRun()) {
        return new dev.deltactl.core.api.CheckpointResult(plan.upToDate()
            ? dev.deltactl.core.api.CheckpointResult.Status.UP_TO_DATE
            : dev.deltactl.core.api.CheckpointResult.Status.DRY_RUN, plan, null, List.of(), 0,
            (System.nanoTime() - t0) / 1_000_000);
      }
      deltaLog.checkpoint(snapshot, scala.Option.empty());
      dev.deltactl.core.engine.LogMaintenance.Written w = log.written(snapshot.version());
      return new dev.deltactl.core.api.CheckpointResult(dev.deltactl.core.api.CheckpointResult.Status.CHECKPOINTED,
          plan, "delta", w.files(), w.bytes(), (System.nanoTime() - t0) / 1_000_000);
    });
  }

  /** Log cleanup with the version and properties of Delta's snapshot, through the session's Hadoop settings. */
  @Override
  public dev.deltactl.core.api.LogCleanupResult logCleanup(dev.deltactl.core.api.LogCleanupRequest r) {
    return run(!r.table().isPath(), spark -> {
      org.apache.spark.sql.delta.DeltaLog deltaLog = deltaTable(spark, r.table()).deltaLog();
      org.apache.spark.sql.delta.Snapshot snapshot = deltaLog.update(false, scala.Option.empty(), scala.Option.empty());
      return logMaintenance(spark, deltaLog, r.table()).cleanUp(r, snapshot.version(),
          scala.jdk.javaapi.CollectionConverters.asJava(snapshot.metadata().configuration()));
    });
  }

  private static dev.deltactl.core.engine.LogMaintenance logMaintenance(SparkSession spark,
      org.apache.spark.sql.delta.DeltaLog deltaLog, TableRef ref) {
    try {
      org.apache.hadoop.fs.Path root = deltaLog.dataPath();
      return new dev.deltactl.core.engine.LogMaintenance(root.getFileSystem(deltaLog.newDeltaHadoopConf()), root,
          ref.display());
    } catch (java.io.IOException e) {
      throw new dev.deltactl.core.error.DeltactlException(dev.deltactl.core.error.ErrorCode.OPERATION_FAILED,
          "cannot open the file system of " + ref.display() + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- properties

  @Override
  public dev.deltactl.core.api.PropertiesResult properties(dev.deltactl.core.api.PropertiesRequest r) {
    return run(!r.table().isPath(), spark -> new SparkProperties(spark, tables(spark)).run(r));
  }

  // ---------------------------------------------------------------- cluster-by

  @Override
  public dev.deltactl.core.api.ClusterByResult clusterBy(dev.deltactl.core.api.ClusterByRequest r) {
    return run(!r.table().isPath(), spark -> new SparkClustering(spark, tables(spark)).run(r));
  }

  // ---------------------------------------------------------------- feature and purge

  @Override
  public dev.deltactl.core.api.FeatureResult feature(dev.deltactl.core.api.FeatureRequest r) {
    return run(!r.table().isPath(), spark -> features(spark, r.table()).feature(r));
  }

  /**
   * Rewrites the files that carry deletion vectors (REORG TABLE ... APPLY (PURGE)); the result has Delta's
   * metrics and the version committed, not the files (the routing engine plans them with Kernel before).
   */
  @Override
  public dev.deltactl.core.api.PurgeResult purge(dev.deltactl.core.api.PurgeRequest r) {
    if (r.dryRun()) {
      throw unsupported("purge --dry-run");
    }
    return run(!r.table().isPath(), spark -> features(spark, r.table()).purge(r));
  }

  /**
   * Where tasks run in executors of their own (not {@code local}), a purge rewrites the files itself: Delta Lake
   * 4.4's REORG ... APPLY (PURGE) fails there ({@link SparkFeatures}). The rewrite's table is opened only by a
   * purge that needs it (a metastore name is described for its location then).
   */
  private SparkFeatures features(SparkSession spark, dev.deltactl.core.api.TableRef t) {
    return new SparkFeatures(spark, tables(spark), !spark.sparkContext().isLocal(), () -> new ClassicCommits(spark,
        t.isPath() ? t.path() : tables(spark).describe(t).location(), progress));
  }
}
