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
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
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
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.CannotAnswer;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.engine.Routing;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.engine.kernel.KernelOptimize;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
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
public final class SparkConnectEngine implements Engine, EngineSession {
  private static final Logger LOG = LoggerFactory.getLogger(SparkConnectEngine.class);
  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

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
  public VersionsResult versions(VersionsRequest request) {
    TableRef table = request.table();
    return run(s -> {
      TableRef at = table.isPath() ? table : atLocation(s, table);
      VersionsResult v = metadata(at, k -> k.versions(new VersionsRequest(at)), x -> travel(x, table, at).versions());
      return new VersionsResult(table.current().display(), v.latest(), v.versions());
    });
  }

  // ---------------------------------------------------------------- sql

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
    return run(s -> {
      TableRef at = atLocation(s, r.table());
      return new SparkOptimize(s, new SparkOptimize.Log() {
        private KernelOptimize.Latest latest;

        @Override
        public SparkOptimize.Table latest() {
          latest = KernelOptimize.latest(kernel(), at, r.zOrder() ? "zorder" : "optimize");
          return new SparkOptimize.Table(latest.version(), s.read().format("delta").load(at.path()).schema(),
              latest.partitionColumns(), latest.properties(), latest.clusteringColumns());
        }

        @Override
        public List<OptimizePlanner.FileEntry> files(SparkOptimize.Table t) {
          Optional<List<OptimizePlanner.FileEntry>> files = latest != null && latest.version() == t.version()
              ? latest.files()
              : kernel().dataFiles(at.path(), t.version()).map(f -> KernelOptimize.entries(f, t.partitionColumns()));
          return files.orElseThrow(() -> new DeltactlException(ErrorCode.UNSUPPORTED_FEATURE, "cannot plan "
              + r.table().display() + " from its log here"));
        }

        @Override
        public Map<String, String> runConf(SparkOptimize.Table t, boolean zOrder) {
          return writeConf(at, t.properties()); // the files optimize writes carry the table's bloom filters
        }

        @Override
        public long optimizeCommit(long after) {
          List<KernelEngine.CommitRef> commits = kernel().timeline(at);
          return commits.stream().filter(c -> c.version() > after && "OPTIMIZE".equals(c.operation()))
              .mapToLong(KernelEngine.CommitRef::version).findFirst()
              .orElse(commits.get(commits.size() - 1).version());
        }
      }, r.table(), r, notices).run();
    });
  }

  // ---------------------------------------------------------------- vacuum

  @Override
  public VacuumResult vacuum(VacuumRequest r) {
    return run(s -> new SparkVacuum(s, new KernelTableLog(kernel(), atLocation(s, r.table()), hadoopConf()), r.table(), r)
        .run());
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

  /** Time travel on a table (at its location {@code at}): the shared executor on this session and Kernel. */
  private SparkTimeTravel travel(SparkSession s, TableRef table, TableRef at) {
    return new SparkTimeTravel(s, new ConnectVersionLog(s, kernel(), facts, at, hadoopConf()), table, notices);
  }

  @Override
  public ShowResult show(ShowRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(s -> travel(s, r.table(), atLocation(s, r.table())).show(r));
  }

  @Override
  public ChangesResult changes(ChangesRequest r) {
    SparkChecks.predicate(r.where()); // before any session: the same words on every Spark engine
    return run(s -> travel(s, r.table(), atLocation(s, r.table())).changes(r));
  }

  @Override
  public ConvertResult convert(ConvertRequest r) {
    return run(s -> new SparkConvert(s, p -> fileSystem(new Path(p))).run(r));
  }

  @Override
  public RestoreResult restore(RestoreRequest r) {
    return run(s -> travel(s, r.table(), atLocation(s, r.table())).restore(r));
  }

  @Override
  public DiffResult diff(DiffRequest r) {
    return run(s -> travel(s, r.table(), atLocation(s, r.table())).diff(r));
  }

  @Override
  public CloneResult cloneTable(CloneRequest r) {
    return run(s -> travel(s, r.source(), atLocation(s, r.source())).cloneTo(r, t -> exists(s, t),
        p -> fileSystem(new Path(p)), t -> describe(new DescribeRequest(t))));
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
    return new ConnectCommits(s, kernel(), at, d -> writeConf(at, d.properties()), notices);
  }

  static List<String> partition(KernelEngine.DataFile f, List<String> partitionColumns) {
    List<String> values = new ArrayList<>(partitionColumns.size());
    for (String p : partitionColumns) {
      values.add(f.partitionValues().get(p));
    }
    return values;
  }

  /** The Parquet settings of a write into this table: its indexed columns by their names in the files. */
  private Map<String, String> writeConf(TableRef at, Map<String, String> properties) {
    if (properties.keySet().stream().noneMatch(k -> k.startsWith(dev.deltactl.core.api.TableProperties.BLOOM_FILTER_PREFIX))) {
      return Map.of();
    }
    Map<String, String> names = kernel().fileColumnNames(at.path());
    return BloomDefinitions.writeConf(properties, session().read().format("delta").load(at.path()).schema(),
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

  /** Delta has no SQL for a checkpoint, and a Connect client cannot reach Delta's log API on the server. */
  @Override
  public dev.deltactl.core.api.CheckpointResult checkpoint(dev.deltactl.core.api.CheckpointRequest r) {
    throw new dev.deltactl.core.error.DeltactlException(dev.deltactl.core.error.ErrorCode.NOT_SUPPORTED_BY_ENGINE,
        "checkpoint is not available over Spark Connect for " + r.table().display()
            + ": Delta has no SQL statement for it; run it with a path Delta Kernel reads here, or with --master"
            + " local[*] or a cluster master");
  }

  // ---------------------------------------------------------------- properties

  @Override
  public dev.deltactl.core.api.PropertiesResult properties(dev.deltactl.core.api.PropertiesRequest r) {
    return run(s -> new SparkProperties(s, tables(s)).run(r));
  }

  // ---------------------------------------------------------------- cluster-by

  @Override
  public dev.deltactl.core.api.ClusterByResult clusterBy(dev.deltactl.core.api.ClusterByRequest r) {
    return run(s -> new SparkClustering(s, tables(s)).run(r));
  }

  // ---------------------------------------------------------------- feature and purge

  @Override
  public dev.deltactl.core.api.FeatureResult feature(dev.deltactl.core.api.FeatureRequest r) {
    return run(s -> new SparkFeatures(s, tables(s)).feature(r));
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
    return run(s -> new SparkFeatures(s, tables(s)).purge(r));
  }
}
