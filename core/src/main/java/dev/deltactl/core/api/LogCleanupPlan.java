package dev.deltactl.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a log cleanup would delete ({@link LogCleanupPlanner}), from one listing of {@code _delta_log}.
 *
 * @param version the latest version of the table when planned
 * @param retention the retention used
 * @param tableRetention the table's {@code delta.logRetentionDuration}
 * @param cutoff files older than this (after Delta's monotonic adjustment) are expired
 * @param checkpointVersion the checkpoint kept as the oldest base of the log; null when none has expired
 * @param files the files to delete, in listing order
 * @param totalBytes their size
 * @param adjustedTimestamps files whose modification time was made monotonic for the decision
 * @param oldestReachableVersion the oldest version time travel reaches now
 * @param oldestReachableVersionAfter the oldest version time travel reaches after the cleanup
 * @param firstUnreachableVersion the first version that stops being reachable; null when none does
 * @param lastUnreachableVersion the last version that stops being reachable; null when none does
 */
public record LogCleanupPlan(
    String table,
    long version,
    Duration retention,
    Duration tableRetention,
    Instant cutoff,
    Long checkpointVersion,
    List<FileInfo> files,
    long totalBytes,
    int adjustedTimestamps,
    Long oldestReachableVersion,
    Long oldestReachableVersionAfter,
    Long firstUnreachableVersion,
    Long lastUnreachableVersion) {

  /** One file: its name in {@code _delta_log}, version, kind, size and modification time. */
  public record FileInfo(String name, long version, LogFile.Kind kind, long size, Instant modificationTime) {
    static FileInfo of(LogFile f) {
      return new FileInfo(f.name(), f.version(), f.kind(), f.size(), f.modificationTime());
    }
  }

  /** The plan of a decision. */
  public static LogCleanupPlan of(String table, long version, Duration retention, Duration tableRetention,
      LogCleanupPlanner.Decision d) {
    return new LogCleanupPlan(table, version, retention, tableRetention, d.cutoff(), d.checkpointKept(),
        d.toDelete().stream().map(FileInfo::of).toList(), d.totalBytes(), d.adjustedTimestamps(),
        d.oldestReachableBefore(), d.oldestReachableAfter(), d.firstUnreachable(), d.lastUnreachable());
  }

  public int numFiles() {
    return files.size();
  }
}
