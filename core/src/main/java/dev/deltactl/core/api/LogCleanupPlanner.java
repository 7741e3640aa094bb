package dev.deltactl.core.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which {@code _delta_log} files an expired-log cleanup deletes, decided from one listing alone (no engine).
 *
 * <p>The rule is Delta's, in the safe form Delta Kernel's {@code MetadataCleanup} uses:
 *
 * <ol>
 *   <li>The cutoff is now minus the retention, truncated to midnight UTC, as delta-spark's
 *       {@code cleanUpExpiredLogs} does (files are kept up to a day longer, never shorter).
 *   <li>Modification times are made monotonic first, as delta-spark's {@code BufferingLogDeletionIterator}
 *       does: a file of a higher version whose time is not after the previous file's gets that time plus 1 ms,
 *       so that a file written late or copied cannot make an older one look newer.
 *   <li>Files are walked in listing order and the walk stops at the first file newer than the cutoff: the expired
 *       files are a prefix of the log.
 *   <li>The kept checkpoint is the newest complete checkpoint (a classic or v2 file, or every part of a
 *       multi-part one) among the expired files. Commit, checkpoint and checksum files of versions before it are
 *       deleted; it and everything after it stay. So the latest checkpoint is never deleted, no file that a kept
 *       version needs is deleted, and without an expired checkpoint nothing is.
 * </ol>
 *
 * <p>delta-spark 4.4 deletes more: every expired file below the latest checkpoint ({@code _last_checkpoint}),
 * which can delete the checkpoint that versions between the cutoff and the latest checkpoint need. This planner
 * never does; what it deletes is always a subset of what delta-spark would delete. v2 sidecars
 * ({@code _delta_log/_sidecars}), compacted logs and {@code _last_checkpoint} are never deleted.
 */
public final class LogCleanupPlanner {
  private LogCleanupPlanner() {}

  /**
   * The decision.
   *
   * @param cutoff files whose (adjusted) modification time is at or before this instant are expired
   * @param checkpointKept the version of the kept checkpoint, every file before which is deleted; null when no
   *     complete checkpoint has expired (then nothing is deleted)
   * @param toDelete the files to delete, in listing order, with their real modification times
   * @param totalBytes their size
   * @param adjustedTimestamps how many files had their modification time made monotonic
   * @param oldestReachableBefore the oldest version the log can rebuild now; null when none
   * @param oldestReachableAfter the oldest version the log can rebuild after the cleanup; null when none
   */
  public record Decision(
      Instant cutoff,
      Long checkpointKept,
      List<LogFile> toDelete,
      long totalBytes,
      int adjustedTimestamps,
      Long oldestReachableBefore,
      Long oldestReachableAfter) {

    /** The first version that stops being reachable by time travel; null when none does. */
    public Long firstUnreachable() {
      return oldestReachableBefore != null && oldestReachableAfter != null
          && oldestReachableAfter > oldestReachableBefore ? oldestReachableBefore : null;
    }

    /** The last version that stops being reachable by time travel; null when none does. */
    public Long lastUnreachable() {
      return firstUnreachable() == null ? null : oldestReachableAfter - 1;
    }
  }

  /** Delta's cutoff: {@code now - retention}, truncated to midnight UTC. */
  public static Instant cutoff(Instant now, Duration retention) {
    return now.minus(retention).truncatedTo(ChronoUnit.DAYS);
  }

  /**
   * Decides.
   *
   * @param files every commit, checkpoint and checksum file of the log (any order)
   * @param retention {@code delta.logRetentionDuration} or the longer one asked for
   * @param now the current time
   */
  public static Decision plan(List<LogFile> files, Duration retention, Instant now) {
    Instant cutoff = cutoff(now, retention);
    List<LogFile> listed = new ArrayList<>(files);
    listed.sort(Comparator.comparing(LogFile::name));

    // delta-spark's monotonic timestamps: only across versions, never within one
    List<LogFile> adjusted = new ArrayList<>(listed.size());
    int numAdjusted = 0;
    LogFile last = null;
    for (LogFile f : listed) {
      LogFile a = f;
      if (last != null && last.version() < f.version() && !last.modificationTime().isBefore(f.modificationTime())) {
        a = f.withModificationTime(last.modificationTime().plusMillis(1));
        numAdjusted++;
      }
      adjusted.add(a);
      last = a;
    }

    // the expired prefix, and the newest complete checkpoint in it
    List<Integer> expired = new ArrayList<>();
    for (int i = 0; i < adjusted.size(); i++) {
      if (adjusted.get(i).modificationTime().isAfter(cutoff)) {
        break;
      }
      expired.add(i);
    }
    List<LogFile> expiredFiles = expired.stream().map(listed::get).toList();
    Long kept = completeCheckpoints(expiredFiles).stream().max(Long::compare).orElse(null);

    List<LogFile> toDelete = new ArrayList<>();
    long bytes = 0;
    if (kept != null) {
      for (LogFile f : expiredFiles) {
        if (f.version() < kept) {
          toDelete.add(f);
          bytes += f.size();
        }
      }
    }
    Set<String> deleted = new HashSet<>();
    toDelete.forEach(f -> deleted.add(f.name()));
    List<LogFile> remaining = listed.stream().filter(f -> !deleted.contains(f.name())).toList();
    return new Decision(cutoff, kept, List.copyOf(toDelete), bytes, numAdjusted, oldestReachable(listed),
        oldestReachable(remaining));
  }

  /** The versions that have a complete checkpoint among these files. */
  public static TreeSet<Long> completeCheckpoints(List<LogFile> files) {
    TreeSet<Long> complete = new TreeSet<>();
    // version -> number of parts -> parts seen
    Map<Long, Map<Integer, Set<Integer>>> parts = new HashMap<>();
    for (LogFile f : files) {
      switch (f.kind()) {
        case CHECKPOINT, CHECKPOINT_V2 -> complete.add(f.version());
        case CHECKPOINT_PART -> {
          Set<Integer> seen = parts.computeIfAbsent(f.version(), v -> new HashMap<>())
              .computeIfAbsent(f.parts(), n -> new HashSet<>());
          seen.add(f.part());
          if (seen.size() == f.parts()) {
            complete.add(f.version());
          }
        }
        default -> { }
      }
    }
    return complete;
  }

  /**
   * The oldest version these log files can rebuild: a version {@code v} is reachable when the commits up to the
   * latest are contiguous from {@code v + 1} (or from 0) and {@code v} has a complete checkpoint (or is reached from
   * commit 0). Null when the files rebuild no version.
   */
  public static Long oldestReachable(List<LogFile> files) {
    TreeSet<Long> commits = new TreeSet<>();
    for (LogFile f : files) {
      if (f.kind() == LogFile.Kind.COMMIT) {
        commits.add(f.version());
      }
    }
    TreeSet<Long> checkpoints = completeCheckpoints(files);
    if (commits.isEmpty()) {
      return checkpoints.isEmpty() ? null : checkpoints.last();
    }
    long latest = Math.max(commits.last(), checkpoints.isEmpty() ? -1 : checkpoints.last());
    // the oldest commit from which the commits run without a gap up to the latest one
    long tail = commits.last();
    while (commits.contains(tail - 1)) {
      tail--;
    }
    if (tail == 0) {
      return 0L;
    }
    Long base = checkpoints.ceiling(tail - 1);
    if (base == null || base > latest) {
      return null;
    }
    return base;
  }
}
