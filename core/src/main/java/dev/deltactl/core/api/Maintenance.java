package dev.deltactl.core.api;

import dev.deltactl.core.api.MaintainResult.Status;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code maintain} over an engine: per table, health (Kernel), the plan, then each due operation through the
 * same engine calls as the one-shot commands, so Spark starts only when an operation needs it, once for all
 * tables. A table's failure ends that table's operations (the later ones are skipped, so nothing runs on a
 * table in a state nobody planned for) and the next table goes on.
 */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private Maintenance() {}

  /**
   * @param done told of each table as soon as it is finished (progress for long runs)
   */
  public static MaintainResult run(Engine engine, MaintainRequest request, Consumer<MaintainResult.Table> done) {
    long t0 = System.nanoTime();
    List<MaintainResult.Table> tables = new ArrayList<>();
    for (TableRef ref : request.tables()) {
      MaintainResult.Table t = table(engine, request, ref);
      tables.add(t);
      done.accept(t);
    }
    return new MaintainResult(request.dryRun(), tables, millisSince(t0));
  }

  private static MaintainResult.Table table(Engine engine, MaintainRequest request, TableRef ref) {
    long t0 = System.nanoTime();
    HealthResult before;
    MaintainPlan plan;
    try {
      before = engine.health(new HealthRequest(ref, request.policy(), false));
      Map<String, String> properties = new LinkedHashMap<>();
      engine.properties(PropertiesRequest.list(ref, false)).properties()
          .forEach(p -> properties.put(p.key(), p.value()));
      // a clustered table is clustered by optimize, never Z-ordered (Delta refuses ZORDER BY on it)
      List<String> clustering = properties.containsKey(TableProperties.ZORDER_BY)
          ? engine.describe(new DescribeRequest(ref)).clusteringColumns() : List.of();
      plan = MaintainPlanner.plan(before, properties, clustering, request.operations(), request.vacuumMode());
    } catch (RuntimeException e) {
      DeltactlException d = asDeltactl(e);
      return new MaintainResult.Table(ref.display(), Status.FAILED, List.of(), null, null, millisSince(t0),
          d.getMessage(), d.code());
    }
    List<MaintainResult.Step> steps = new ArrayList<>();
    MaintainResult.Step failed = null;
    boolean changed = false;
    for (MaintainPlan.Step s : plan.steps()) {
      if (failed != null) {
        steps.add(new MaintainResult.Step(s.operation(), s.form(), s.reasons(), Status.SKIPPED,
            "not run: " + failed.form() + " failed", Map.of(), 0, 0, null, null));
        continue;
      }
      MaintainResult.Step step = step(engine, request, ref, s);
      steps.add(step);
      changed |= step.status() == Status.DONE;
      failed = step.status() == Status.FAILED ? step : null;
    }
    MaintainResult.Figures after = request.dryRun() ? null : MaintainResult.Figures.of(before);
    String error = failed == null ? null : failed.form() + ": " + failed.error();
    ErrorCode code = failed == null ? null : failed.errorCode();
    if (changed) {
      try {
        after = MaintainResult.Figures.of(engine.health(new HealthRequest(ref, request.policy(), false)));
      } catch (RuntimeException e) {
        DeltactlException d = asDeltactl(e);
        after = null;
        error = error != null ? error : "health after the operations: " + d.getMessage();
        code = code != null ? code : d.code();
      }
    }
    Status status = error != null ? Status.FAILED : request.dryRun() && !steps.isEmpty() ? Status.PLANNED
        : changed ? Status.DONE : Status.NOTHING_TO_DO;
    return new MaintainResult.Table(ref.display(), status, steps, MaintainResult.Figures.of(before), after,
        millisSince(t0), error, code);
  }

  /** Runs one operation, retrying after conflicting commits (optimize retries itself). */
  private static MaintainResult.Step step(Engine engine, MaintainRequest request, TableRef ref, MaintainPlan.Step s) {
    long t0 = System.nanoTime();
    boolean dry = request.dryRun();
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        Outcome o = switch (s.operation()) {
          case OPTIMIZE -> optimize(engine.optimize(
              new OptimizeRequest(ref, null, s.zOrderBy(), null, null, dry, request.retries())));
          case BLOOM_INDEX -> bloom(engine.bloomIndex(
              new BloomIndexRequest(BloomIndexRequest.Action.BUILD, ref, List.of(), null, dry)));
          case CHECKPOINT -> checkpoint(engine.checkpoint(new CheckpointRequest(ref, dry)));
          case VACUUM -> vacuum(engine.vacuum(new VacuumRequest(ref, null, dry, false, request.vacuumMode())));
          case LOG_CLEANUP -> logCleanup(engine.logCleanup(new LogCleanupRequest(ref, null, dry, false)));
        };
        int attempts = o.attempts() > 0 ? o.attempts() : attempt;
        return new MaintainResult.Step(s.operation(), s.form(), s.reasons(), o.status(), o.summary(), o.metrics(),
            attempts, millisSince(t0), null, null);
      } catch (RuntimeException e) {
        DeltactlException d = asDeltactl(e);
        boolean conflict = d.code().category() == ErrorCode.Category.CONFLICT;
        if (conflict && s.operation() != MaintainOperation.OPTIMIZE && attempt <= request.retries()) {
          LOG.info("{} of {}: a concurrent commit conflicted ({}); retrying ({} of {})", s.form(), ref.display(),
              d.getMessage(), attempt, request.retries());
          continue;
        }
        return new MaintainResult.Step(s.operation(), s.form(), s.reasons(), Status.FAILED, null, Map.of(), attempt,
            millisSince(t0), oneLine(d.getMessage()), d.code());
      }
    }
  }

  /** What an operation's result says, in maintain's terms. */
  private record Outcome(Status status, String summary, Map<String, Object> metrics, int attempts) {}

  private static Outcome optimize(OptimizeResult r) {
    OptimizePlan p = r.plan();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", r.version());
    m.put("candidateFiles", p.candidateFiles());
    m.put("candidateBytes", p.candidateBytes());
    return switch (r.status()) {
      case DRY_RUN -> new Outcome(Status.PLANNED, "would rewrite " + p.candidateFiles() + " of " + p.totalFiles()
          + " files (" + Sizes.human(p.candidateBytes()) + ") in " + p.bins() + (p.bins() == 1 ? " bin" : " bins") + ", about "
          + p.expectedFilesAfter() + (p.expectedFilesAfter() == 1 ? " file after" : " files after"), m, r.attempts());
      case NOTHING_TO_DO -> new Outcome(Status.NOTHING_TO_DO, "nothing to rewrite", m, r.attempts());
      case OPTIMIZED -> {
        Object removed = r.metrics().get("numFilesRemoved");
        Object added = r.metrics().get("numFilesAdded");
        m.put("numFilesRemoved", removed);
        m.put("numFilesAdded", added);
        yield new Outcome(Status.DONE, "rewrote " + removed + " files into " + added + ", version " + r.version(), m,
            r.attempts());
      }
    };
  }

  private static Outcome bloom(BloomIndexResult r) {
    BloomIndexResult.Rewrite w = r.rewrite();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", r.version());
    if (w != null) {
      m.put("filesToRewrite", w.filesToRewrite());
      m.put("bytesToRewrite", w.bytesToRewrite());
      m.put("filesAdded", w.filesAdded());
    }
    long files = w == null ? 0 : w.filesToRewrite();
    return switch (r.status()) {
      case DRY_RUN -> new Outcome(files == 0 ? Status.NOTHING_TO_DO : Status.PLANNED,
          files == 0 ? "every file has its filters" : "would rewrite " + files + " files without filters ("
              + Sizes.human(w.bytesToRewrite()) + ")", m, 0);
      case BUILT -> new Outcome(Status.DONE, "rewrote " + files + " files with their filters, version " + r.version(),
          m, 0);
      default -> new Outcome(Status.NOTHING_TO_DO, "every file has its filters", m, 0);
    };
  }

  private static Outcome checkpoint(CheckpointResult r) {
    CheckpointPlan p = r.plan();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", p.version());
    m.put("kind", p.kind());
    m.put("commitsSinceLastCheckpoint", p.commitsSinceLastCheckpoint());
    return switch (r.status()) {
      case DRY_RUN -> new Outcome(p.upToDate() ? Status.NOTHING_TO_DO : Status.PLANNED, p.upToDate()
          ? "version " + p.version() + " has a checkpoint"
          : "would write a " + p.kind() + " checkpoint of version " + p.version(), m, 0);
      case UP_TO_DATE -> new Outcome(Status.NOTHING_TO_DO, "version " + p.version() + " has a checkpoint", m, 0);
      case CHECKPOINTED -> {
        m.put("files", r.files().size());
        m.put("bytes", r.bytes());
        m.put("writer", r.writer());
        yield new Outcome(Status.DONE, "wrote a " + p.kind() + " checkpoint of version " + p.version() + " ("
            + Sizes.human(r.bytes()) + ")", m, 0);
      }
    };
  }

  private static Outcome vacuum(VacuumResult r) {
    VacuumPlan p = r.plan();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", r.version());
    m.put("numFilesToDelete", p.numFiles());
    m.put("bytesToDelete", p.totalBytes());
    if (r.status() == VacuumResult.Status.DRY_RUN) {
      return new Outcome(p.numFiles() == 0 ? Status.NOTHING_TO_DO : Status.PLANNED, "would delete " + p.numFiles()
          + " files (" + Sizes.human(p.totalBytes()) + ") removed before " + p.deleteBefore(), m, 0);
    }
    m.put("numDeletedFiles", r.numDeletedFiles());
    m.put("bytesReclaimed", r.bytesReclaimed());
    long deleted = r.numDeletedFiles() == null ? 0 : r.numDeletedFiles();
    return new Outcome(deleted == 0 ? Status.NOTHING_TO_DO : Status.DONE, deleted == 0 ? "nothing to delete"
        : "deleted " + deleted + " files (" + Sizes.human(r.bytesReclaimed() == null ? 0 : r.bytesReclaimed())
            + ")", m, 0);
  }

  private static Outcome logCleanup(LogCleanupResult r) {
    LogCleanupPlan p = r.plan();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("numFilesToDelete", p.files().size());
    m.put("bytesToDelete", p.totalBytes());
    m.put("firstUnreachableVersion", p.firstUnreachableVersion());
    m.put("lastUnreachableVersion", p.lastUnreachableVersion());
    String versions = p.firstUnreachableVersion() == null ? ""
        : "; versions " + p.firstUnreachableVersion() + "-" + p.lastUnreachableVersion() + " stop being reachable";
    return switch (r.status()) {
      case DRY_RUN -> new Outcome(p.files().isEmpty() ? Status.NOTHING_TO_DO : Status.PLANNED, "would delete "
          + p.files().size() + " log files (" + Sizes.human(p.totalBytes()) + ")" + versions, m, 0);
      case NOTHING_TO_DELETE -> new Outcome(Status.NOTHING_TO_DO, "no expired log file can go", m, 0);
      case CLEANED -> {
        m.put("numDeletedFiles", r.numDeletedFiles());
        m.put("bytesDeleted", r.bytesDeleted());
        yield new Outcome(Status.DONE, "deleted " + r.numDeletedFiles() + " log files ("
            + Sizes.human(r.bytesDeleted() == null ? 0 : r.bytesDeleted()) + ")" + versions, m, 0);
      }
    };
  }

  /** Engines raise DeltactlException; anything else is a defect, reported for this table without its class. */
  private static DeltactlException asDeltactl(RuntimeException e) {
    if (e instanceof DeltactlException d) {
      return d;
    }
    LOG.warn("unexpected failure", e);
    return new DeltactlException(ErrorCode.OPERATION_FAILED, "unexpected failure: "
        + (e.getMessage() == null ? "no message (run with --debug for the stack trace)" : oneLine(e.getMessage())), e);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
