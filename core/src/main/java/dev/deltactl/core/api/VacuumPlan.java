package dev.deltactl.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a vacuum would delete, found by Delta's own vacuum (dry run) on the current snapshot.
 *
 * @param version the table version the plan was made from
 * @param retention the retention used
 * @param tableMinimum the table's {@code delta.deletedFileRetentionDuration}
 * @param deleteBefore files removed (or, for untracked files, modified) before this instant are deleted
 * @param files the files to delete
 * @param totalBytes their total size
 * @param oldestReadableVersion the oldest version that stays readable afterwards
 */
public record VacuumPlan(
    String table,
    long version,
    VacuumRequest.Mode mode,
    Duration retention,
    Duration tableMinimum,
    Instant deleteBefore,
    List<FileInfo> files,
    long totalBytes,
    long oldestReadableVersion) {

  /** One file: its path relative to the table, its size and modification time. */
  public record FileInfo(String path, long size, Instant modificationTime) {}

  public int numFiles() {
    return files.size();
  }
}
