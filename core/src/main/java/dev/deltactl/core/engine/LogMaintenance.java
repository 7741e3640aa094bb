package dev.deltactl.core.engine;

import dev.deltactl.core.api.CheckpointPlan;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.LogCleanupPlan;
import dev.deltactl.core.api.LogCleanupPlanner;
import dev.deltactl.core.api.LogCleanupRequest;
import dev.deltactl.core.api.LogCleanupResult;
import dev.deltactl.core.api.LogFile;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoint planning and log cleanup on a table's {@code _delta_log} through Hadoop's {@link FileSystem}: the same
 * code for a local disk, {@code s3a://} and {@code abfss://}, and for every engine (they only say which version and
 * properties the table has).
 *
 * @param fs the file system of the table
 * @param table the table's root
 * @param display the table as the user wrote it, for messages
 */
public record LogMaintenance(FileSystem fs, Path table, String display) {

  /** The Delta key of the log retention. */
  public static final String LOG_RETENTION = "delta.logRetentionDuration";
  private static final String CLEANUP_ENABLED = "delta.enableExpiredLogCleanup";

  /** Whether the table lets its expired log files go ({@code delta.enableExpiredLogCleanup}, true by default). */
  public static boolean cleanupEnabled(java.util.Map<String, String> properties) {
    return !"false".equalsIgnoreCase(properties.getOrDefault(CLEANUP_ENABLED, "true").strip());
  }

  Path logPath() {
    return new Path(table, "_delta_log");
  }

  /** One listing of {@code _delta_log}: its commit, checkpoint and checksum files. */
  public List<LogFile> list() {
    try {
      List<LogFile> out = new ArrayList<>();
      for (FileStatus st : fs.listStatus(logPath())) {
        if (st.isFile()) {
          LogFile.parse(st.getPath().getName(), st.getLen(), Instant.ofEpochMilli(st.getModificationTime()))
              .ifPresent(out::add);
        }
      }
      return out;
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED,
          "cannot list the log of " + display + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- checkpoint

  /** The checkpoint plan of the latest {@code version}, from one listing. */
  public CheckpointPlan checkpointPlan(long version, String kind) {
    List<LogFile> files = list();
    TreeSet<Long> complete = LogCleanupPlanner.completeCheckpoints(files);
    Long last = complete.isEmpty() ? null : complete.last();
    String lastKind = null;
    Instant lastTime = null;
    long commits = 0;
    for (LogFile f : files) {
      if (last != null && f.version() == last && f.kind().isCheckpoint()) {
        lastKind = switch (f.kind()) {
          case CHECKPOINT_PART -> "multi-part";
          case CHECKPOINT_V2 -> "v2";
          default -> lastKind == null ? "classic" : lastKind;
        };
        lastTime = lastTime == null || f.modificationTime().isAfter(lastTime) ? f.modificationTime() : lastTime;
      }
      if (f.kind() == LogFile.Kind.COMMIT && f.version() <= version && (last == null || f.version() > last)) {
        commits++;
      }
    }
    return new CheckpointPlan(display, version, last, lastKind, lastTime, commits, kind);
  }

  /** The checkpoint files of a version now in the log, and their total size. */
  public Written written(long version) {
    List<String> names = new ArrayList<>();
    long bytes = 0;
    for (LogFile f : list()) {
      if (f.version() == version && f.kind().isCheckpoint()) {
        names.add(f.name());
        bytes += f.size();
      }
    }
    names.sort(null);
    return new Written(names, bytes);
  }

  /** Files written by a checkpoint. */
  public record Written(List<String> files, long bytes) {}

  // ---------------------------------------------------------------- log cleanup

  /**
   * Plans, and unless a dry run deletes, the expired log files.
   *
   * @param version the latest version, as the engine read it
   * @param properties the table's properties
   */
  public LogCleanupResult cleanUp(LogCleanupRequest request, long version, Map<String, String> properties) {
    long t0 = System.nanoTime();
    Duration tableRetention = logRetention(properties);
    Duration retain = request.retain() == null ? tableRetention : request.retain();
    if (retain.compareTo(tableRetention) < 0 && !request.force()) {
      throw new DeltactlException(ErrorCode.SAFETY_CHECK, "log-cleanup refused: retention "
          + Durations.display(retain) + " is below the table's log retention " + Durations.display(tableRetention)
          + " (" + LOG_RETENTION + "); use --force to override");
    }
    if (!cleanupEnabled(properties) && !request.force()) {
      throw new DeltactlException(ErrorCode.SAFETY_CHECK, "log-cleanup refused: the table sets "
          + CLEANUP_ENABLED + "=false; use --force to clean its log anyway");
    }
    List<LogFile> listed = list();
    LogCleanupPlanner.Decision d = LogCleanupPlanner.plan(listed, retain, Instant.now());
    LogCleanupPlan plan = LogCleanupPlan.of(display, version, retain, tableRetention, d);
    if (request.dryRun()) {
      return new LogCleanupResult(LogCleanupResult.Status.DRY_RUN, plan, null, null, millis(t0));
    }
    if (d.toDelete().isEmpty()) {
      return new LogCleanupResult(LogCleanupResult.Status.NOTHING_TO_DELETE, plan, 0L, 0L, millis(t0));
    }
    verifyUnchanged(d);
    long deleted = 0;
    long bytes = 0;
    try {
      for (LogFile f : d.toDelete()) {
        if (fs.delete(new Path(logPath(), f.name()), false)) {
          deleted++;
          bytes += f.size();
        }
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "log-cleanup of " + display + " stopped after "
          + deleted + " of " + d.toDelete().size() + " files: " + e.getMessage()
          + "; the files left are still valid, run log-cleanup again", e);
    }
    return new LogCleanupResult(LogCleanupResult.Status.CLEANED, plan, deleted, bytes, millis(t0));
  }

  /**
   * Lists the log again right before deleting: every planned file must be the same (size and time) and the kept
   * checkpoint still there. New commits are fine (a writer needs nothing before the latest checkpoint); a log
   * that was rewritten (the table deleted and created again at the same path) is not, and nothing is deleted.
   */
  private void verifyUnchanged(LogCleanupPlanner.Decision d) {
    Map<String, LogFile> now = new HashMap<>();
    for (LogFile f : list()) {
      now.put(f.name(), f);
    }
    boolean same = LogCleanupPlanner.completeCheckpoints(new ArrayList<>(now.values())).contains(d.checkpointKept());
    for (LogFile f : d.toDelete()) {
      LogFile n = now.get(f.name());
      same &= n == null || (n.size() == f.size() && n.modificationTime().equals(f.modificationTime()));
    }
    if (!same) {
      throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "the log of " + display
          + " changed while log-cleanup was planning; nothing was deleted; run log-cleanup again");
    }
  }

  /** {@code delta.logRetentionDuration} (Delta's interval format), else Delta's default of 30 days. */
  public static Duration logRetention(Map<String, String> properties) {
    return dev.deltactl.core.api.TableProperties.interval(properties, LOG_RETENTION);
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
