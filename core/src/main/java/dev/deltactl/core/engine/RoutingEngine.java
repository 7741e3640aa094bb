package dev.deltactl.core.engine;

import dev.deltactl.core.api.VersionsRequest;
import dev.deltactl.core.api.ChangesRequest;
import dev.deltactl.core.api.ChangesResult;
import dev.deltactl.core.api.CloneRequest;
import dev.deltactl.core.api.ConvertRequest;
import dev.deltactl.core.api.ConvertResult;
import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.CreateTableResult;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineSession;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.ProgressListener;
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
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.engine.kernel.KernelEngine;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine a command gets: metadata questions go to Delta Kernel in this process when {@link Routing} says it
 * may read the table, and to the data engine (Spark) otherwise or when Kernel declines; everything else goes
 * to the data engine, which is only started when first needed.
 */
public final class RoutingEngine implements Engine, EngineSession {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingEngine.class);

  private final Routing.Facts facts;
  private final Supplier<Engine> metadataFactory;
  private final Supplier<Engine> dataFactory;
  private Engine metadata;
  private volatile Engine data;
  private ProgressListener progress;

  /**
   * @param facts what decides who answers
   * @param metadata opens the engine for what the log answers (Delta Kernel): describe, history, versions,
   *     files, health, a count, optimize's dry run, bloom-index show and such
   * @param data opens the engine for everything else, on first use
   */
  public RoutingEngine(Routing.Facts facts, Supplier<Engine> metadata, Supplier<Engine> data) {
    this.facts = facts;
    this.metadataFactory = metadata;
    this.dataFactory = data;
  }

  /** Kernel for metadata, as the configuration's facts allow, and {@code data} for the rest. */
  public static RoutingEngine open(EngineConfig config, Supplier<Engine> data) {
    return new RoutingEngine(Routing.Facts.of(config), () -> new KernelEngine(config), data);
  }

  /** On this machine with Kernel allowed: the engines the caller gives (tests). */
  public RoutingEngine(Supplier<Engine> metadata, Supplier<Engine> data) {
    this(new Routing.Facts(Routing.EngineKind.EMBEDDED, false, true), metadata, data);
  }

  @Override
  public String name() {
    return data != null ? data.name() : metadata != null ? metadata.name() : "none yet";
  }

  private synchronized Engine data() {
    if (data == null) {
      data = dataFactory.get();
      if (progress != null) {
        data.onProgress(progress);
      }
    }
    return data;
  }

  private synchronized Engine metadata() {
    if (metadata == null) {
      metadata = metadataFactory.get();
    }
    return metadata;
  }

  /** Asks Kernel when it may read the table, and the data engine when it may not or declines (said with -v). */
  private <T> T metadataFirst(String question, TableRef table, java.util.function.Function<Engine, T> ask) {
    String whyNot = Routing.whyNotKernel(facts, table);
    if (whyNot != null) {
      LOG.info("{} of {}: {}; asking Spark", question, table.display(), whyNot);
      return ask.apply(data());
    }
    return Routing.ask(() -> ask.apply(metadata()), "Spark").orElse(() -> ask.apply(data()));
  }

  @Override
  public TableDetail describe(DescribeRequest request) {
    return metadataFirst("describe", request.table(), e -> e.describe(request));
  }

  @Override
  public HistoryResult history(HistoryRequest request) {
    return metadataFirst("history", request.table(), e -> e.history(request));
  }

  @Override
  public VersionsResult versions(VersionsRequest request) {
    // the newest N whichever engine answers (Kernel reads only those; a Spark engine's answer is cut to them)
    return request.limited(metadataFirst("time-travel versions", request.table(), e -> e.versions(request)));
  }

  @Override
  public CreateTableResult create(CreateTableRequest request) {
    return data().create(request);
  }

  @Override
  public SqlResult sql(SqlRequest request) {
    return data().sql(request);
  }

  @Override
  public OptimizeResult optimize(OptimizeRequest request) {
    // a dry run's plan is read from the log, with the sizes of the settings given here; once Spark is open
    // (the shell), its session's settings are the ones in effect (a 'set conf' or a SQL SET changes them),
    // and a Spark Connect server's session has settings of its own: then Spark plans
    if (request.dryRun() && facts.kind() != Routing.EngineKind.CONNECT && data == null) {
      return metadataFirst(request.zOrder() ? "zorder --dry-run" : "optimize --dry-run", request.table(),
          e -> e.optimize(request));
    }
    return data().optimize(request);
  }

  @Override
  public VacuumResult vacuum(VacuumRequest request) {
    return data().vacuum(request);
  }

  /** Spark: the columns are checked against Spark's types, and the change is an ALTER TABLE. */
  @Override
  public dev.deltactl.core.api.ClusterByResult clusterBy(dev.deltactl.core.api.ClusterByRequest request) {
    return data().clusterBy(request);
  }

  @Override
  public ShowResult show(ShowRequest request) {
    // a count is summed from the log's statistics by Kernel when every file has them; rows need Spark
    return request.countOnly() && request.where() == null && request.columns().isEmpty()
        ? metadataFirst("time-travel show --count", request.table(), e -> e.show(request))
        : data().show(request);
  }

  @Override
  public ChangesResult changes(ChangesRequest request) {
    return data().changes(request);
  }

  @Override
  public ConvertResult convert(ConvertRequest request) {
    return data().convert(request);
  }

  @Override
  public RestoreResult restore(RestoreRequest request) {
    return data().restore(request);
  }

  @Override
  public DiffResult diff(DiffRequest request) {
    return data().diff(request);
  }

  @Override
  public CloneResult cloneTable(CloneRequest request) {
    return data().cloneTable(request);
  }

  @Override
  public CopyIntoResult copyInto(CopyIntoRequest request) {
    return data().copyInto(request);
  }

  @Override
  public BloomIndexResult bloomIndex(BloomIndexRequest request) {
    // show reads the definitions and the files' footers, here whichever engine answers
    if (request.action() == BloomIndexRequest.Action.SHOW) {
      return metadataFirst("bloom-index show", request.table(), e -> e.bloomIndex(request));
    }
    return data().bloomIndex(request);
  }

  @Override
  public synchronized void onProgress(ProgressListener listener) {
    this.progress = listener;
    if (data != null) {
      data.onProgress(listener);
    }
  }

  /**
   * Only Spark settings, only on an open Spark engine: one still to open would start with the old ones. The
   * metadata engine keeps its settings: of the Spark ones it reads only optimize's sizes, and only while
   * Spark is not open (see {@link #optimize}).
   */
  @Override
  public boolean reconfigure(java.util.Map<String, String> previous, java.util.Map<String, String> next) {
    Engine d = data;
    java.util.Set<String> keys = new java.util.HashSet<>(previous.keySet());
    keys.addAll(next.keySet());
    for (String k : keys) {
      if (!java.util.Objects.equals(previous.get(k), next.get(k))
          && (!k.startsWith("spark.") || k.startsWith("spark.hadoop."))) {
        return false;
      }
    }
    return d != null && EngineSession.of(d).reconfigure(previous, next);
  }

  @Override
  public java.util.List<String> tableNames() {
    Engine d = data;
    return d == null ? java.util.List.of() : EngineSession.of(d).tableNames();
  }

  @Override
  public boolean warmUp(java.util.function.BooleanSupplier stop) {
    Engine d = data; // never opens it: a session not started needs no warming
    return d != null && EngineSession.of(d).warmUp(stop);
  }

  @Override
  public void endWarmUps() {
    Engine d = data;
    if (d != null) {
      EngineSession.of(d).endWarmUps();
    }
  }

  @Override
  public void cancel() {
    Engine d = data; // never opens it: nothing runs on an engine not yet opened
    if (d != null) {
      EngineSession.of(d).cancel();
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (metadata != null) {
        metadata.close();
      }
    } finally {
      if (data != null) {
        data.close();
      }
    }
  }

  /** Kernel's own checkpoint writer when Kernel reads the table here; Delta on Spark otherwise or when it declines. */
  @Override
  public dev.deltactl.core.api.CheckpointResult checkpoint(dev.deltactl.core.api.CheckpointRequest request) {
    return metadataFirst("checkpoint", request.table(), e -> e.checkpoint(request));
  }

  /** The log read with Kernel and cleaned through Hadoop here when Kernel reads the table; Spark otherwise. */
  @Override
  public dev.deltactl.core.api.LogCleanupResult logCleanup(dev.deltactl.core.api.LogCleanupRequest request) {
    return metadataFirst("log-cleanup", request.table(), e -> e.logCleanup(request));
  }

  /**
   * Kernel in this process only: health reads the log, and Spark has no cheaper way to it. A table Kernel may
   * not read here (a metastore name, deltactl.kernel=false, a path of a remote Connect server's disk) is refused.
   */
  @Override
  public dev.deltactl.core.api.HealthResult health(dev.deltactl.core.api.HealthRequest request) {
    requireKernelHere("health", request.table());
    return metadata().health(request);
  }

  /**
   * list and dry runs: Kernel when it reads the table here. A change: planned by Kernel first when it reads the
   * table here (a missing table, a bad value or nothing to change is answered without starting Spark), then
   * committed by the data engine, which plans again on the table as it finds it.
   */
  @Override
  public dev.deltactl.core.api.PropertiesResult properties(dev.deltactl.core.api.PropertiesRequest request) {
    if (request.action() == dev.deltactl.core.api.PropertiesRequest.Action.LIST || request.dryRun()) {
      return metadataFirst("properties", request.table(), e -> e.properties(request));
    }
    if (Routing.whyNotKernel(facts, request.table()) == null) {
      dev.deltactl.core.api.PropertiesResult planned =
          Routing.ask(() -> metadata().properties(request.asDryRun()), "Spark").orElse(() -> null);
      if (planned != null && planned.status() == dev.deltactl.core.api.PropertiesResult.Status.UNCHANGED) {
        return planned;
      }
    }
    return data().properties(request);
  }

  /**
   * Kernel in this process only: the files come from the log, streamed, without a Spark job. A table Kernel may
   * not read here (a metastore name, deltactl.kernel=false, a path of a remote Connect server's disk) is refused.
   */
  @Override
  public dev.deltactl.core.api.FilesResult files(dev.deltactl.core.api.FilesRequest request) {
    requireKernelHere("files", request.table());
    try {
      return metadata().files(request);
    } catch (CannotAnswer e) {
      throw new dev.deltactl.core.error.DeltactlException(dev.deltactl.core.error.ErrorCode.NOT_SUPPORTED_BY_ENGINE,
          "files reads the log with Delta Kernel, which cannot read " + e.table() + ": " + e.reason(), e);
    }
  }

  /**
   * Kernel in this process only, on every engine: it streams the log, lists the table's folders and commits a
   * repair with its own transaction. A table Kernel may not read here is refused, saying why.
   */
  @Override
  public dev.deltactl.core.api.FsckResult fsck(dev.deltactl.core.api.FsckRequest request) {
    requireKernelHere("fsck", request.table());
    try {
      return metadata().fsck(request);
    } catch (CannotAnswer e) {
      throw new dev.deltactl.core.error.DeltactlException(dev.deltactl.core.error.ErrorCode.NOT_SUPPORTED_BY_ENGINE,
          "fsck reads the log with Delta Kernel, which cannot read " + e.table() + ": " + e.reason(), e);
    }
  }

  /**
   * list and dry runs: Kernel when it reads the table here, Spark otherwise. A drop: checked and planned by Kernel
   * first when it reads the table here (a bad name is refused without starting Spark), then run by the data
   * engine, which checks again on the table as it finds it.
   */
  @Override
  public dev.deltactl.core.api.FeatureResult feature(dev.deltactl.core.api.FeatureRequest request) {
    if (request.action() == dev.deltactl.core.api.FeatureRequest.Action.LIST || request.dryRun()) {
      return metadataFirst("feature " + request.action().name().toLowerCase(java.util.Locale.ROOT), request.table(),
          e -> e.feature(request));
    }
    if (Routing.whyNotKernel(facts, request.table()) == null) {
      Routing.ask(() -> metadata().feature(request.asDryRun()), "Spark").orElse(() -> null);
    }
    return data().feature(request);
  }

  /**
   * Planned with Kernel in this process (the files that carry deletion vectors, from the log); then, unless a dry
   * run or none carries one, rewritten by the data engine. A table Kernel may not read here is refused.
   */
  @Override
  public dev.deltactl.core.api.PurgeResult purge(dev.deltactl.core.api.PurgeRequest request) {
    requireKernelHere("purge", request.table());
    dev.deltactl.core.api.PurgeResult plan;
    try {
      plan = metadata().purge(request.asDryRun());
    } catch (CannotAnswer e) {
      throw new dev.deltactl.core.error.DeltactlException(dev.deltactl.core.error.ErrorCode.NOT_SUPPORTED_BY_ENGINE,
          "purge plans with Delta Kernel, which cannot read " + e.table() + ": " + e.reason(), e);
    }
    if (request.dryRun() || plan.status() == dev.deltactl.core.api.PurgeResult.Status.NOTHING_TO_PURGE) {
      return plan;
    }
    dev.deltactl.core.api.PurgeResult done = data().purge(request);
    return plan.purged(done.version(), done.numFilesRemoved(), done.numFilesAdded(), done.numDeletionVectorsRemoved(),
        plan.elapsedMillis() + done.elapsedMillis());
  }

  /** For the commands only Kernel answers: a table it may not read here is refused, saying why and what to give. */
  private void requireKernelHere(String command, TableRef table) {
    String whyNot = Routing.whyNotKernel(facts, table);
    if (whyNot != null) {
      throw new dev.deltactl.core.error.DeltactlException(dev.deltactl.core.error.ErrorCode.NOT_SUPPORTED_BY_ENGINE,
          command + " reads the log with Delta Kernel in this process and cannot read " + table.display() + " here: "
              + whyNot + (table.isPath() ? "" : "; give the table's location (describe shows it)"));
    }
  }
}
