package dev.deltactl.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The figures {@code health} reads from a table's log, in groups; printed flat, each under a stable name. */
public final class HealthFigures {
  private HealthFigures() {}

  /**
   * The data files of the current version and how their sizes spread. Percentiles are nearest-rank (the
   * smallest size with at least p% of the files at or under it); all are 0 for a table without files.
   *
   * @param smallFileThreshold a file under this many bytes is small (the policy's smallFileSize)
   */
  public record Files(long numFiles, long sizeInBytes, long minFileSize, long p10FileSize, long medianFileSize,
      long meanFileSize, long p95FileSize, long maxFileSize, long smallFileThreshold, long numSmallFiles,
      double smallFileShare, long smallFilesBytes) {

    /** The figures of these sizes (in any order). */
    public static Files of(long[] sizes, long smallFileThreshold) {
      long[] s = sizes.clone();
      Arrays.sort(s);
      long total = 0;
      long small = 0;
      long smallBytes = 0;
      for (long x : s) {
        total += x;
        if (x < smallFileThreshold) {
          small++;
          smallBytes += x;
        }
      }
      int n = s.length;
      return new Files(n, total, n == 0 ? 0 : s[0], rank(s, 10), rank(s, 50), n == 0 ? 0 : total / n, rank(s, 95),
          n == 0 ? 0 : s[n - 1], smallFileThreshold, small, n == 0 ? 0 : (double) small / n, smallBytes);
    }

    /** Nearest rank: the value at position ceil(p/100 * n), counted from 1. */
    static long rank(long[] sorted, int p) {
      if (sorted.length == 0) {
        return 0;
      }
      int r = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, r - 1)];
    }
  }

  /**
   * Rows, from the files' statistics and deletion vectors.
   *
   * @param numRecords rows in the files that have statistics (deleted rows included)
   * @param numDeletedRows rows their deletion vectors hide
   * @param deletedRowShare numDeletedRows / numRecords (0 without rows)
   * @param filesOverDeletedThreshold files with more than 5% of their rows deleted: those OPTIMIZE rewrites
   * @param filesWithoutStats files whose add action has no numRecords statistics
   */
  public record Rows(long numRecords, long numDeletedRows, double deletedRowShare, long filesWithDeletionVectors,
      long filesOverDeletedThreshold, long filesWithoutStats) {
    /** Delta's optimize.maxDeletedRowsRatio: OPTIMIZE rewrites a file with more of its rows deleted. */
    public static final double REWRITE_RATIO = 0.05;
  }

  /**
   * The log, from one listing of {@code _delta_log}.
   *
   * @param commitsSinceCheckpoint commits after the last checkpoint (all commits, from 0, when there is none)
   * @param lastCheckpointKind {@code classic}, {@code multi-part} or {@code v2}; null without a checkpoint
   * @param lastCheckpointAgeSeconds how long ago the last checkpoint was written; null without one
   * @param numCommitFiles JSON commit files in {@code _delta_log}
   * @param logFiles every file in {@code _delta_log} (commits, checkpoints, checksums, the rest)
   * @param logRetention {@code delta.logRetentionDuration}, read as {@code log-cleanup} reads it
   * @param logFilesPastRetention the commit, checkpoint and checksum files {@code log-cleanup} would delete now:
   *     those of versions before the newest complete checkpoint older than the cutoff ({@link LogCleanupPlanner});
   *     0 when no checkpoint is that old, however old the commits are
   * @param logBytesPastRetention their size
   * @param lastOptimizeVersion the last commit whose operation is OPTIMIZE; null when none is in the log
   * @param commitsSinceOptimize commits after it (all commits in the log when there is none)
   * @param bytesWrittenSinceOptimize the sum of those commits' numOutputBytes metric (0 for commits without it)
   */
  public record Log(long version, Long lastCheckpointVersion, String lastCheckpointKind, Instant lastCheckpointTime,
      Long lastCheckpointAgeSeconds, long commitsSinceCheckpoint, int checkpointInterval, long numCommitFiles,
      long commitFilesBytes, long logFiles, long logBytes, Duration logRetention, long logFilesPastRetention,
      long logBytesPastRetention, Long lastOptimizeVersion, long commitsSinceOptimize,
      long bytesWrittenSinceOptimize) {}

  /**
   * The files the log says were removed (its remove actions, the tombstones: the last checkpoint's and those of the
   * commits after it), that no file of the current version still uses; no listing, so a file vacuum already
   * deleted is still counted until a checkpoint drops its tombstone.
   *
   * @param deletedFileRetention {@code delta.deletedFileRetentionDuration} (Delta's default: 1 week)
   * @param removedFiles the tombstones of files not in the current version
   * @param removedBytes their size (0 for a tombstone without one)
   * @param reclaimableFiles those removed longer ago than {@code deletedFileRetention}: what vacuum would delete,
   *     as far as the log knows
   * @param reclaimableBytes their size
   */
  public record Tombstones(Duration deletedFileRetention, long removedFiles, long removedBytes,
      long reclaimableFiles, long reclaimableBytes) {
    public static final Tombstones NONE = new Tombstones(Duration.ofDays(7), 0, 0, 0, 0);
  }

  /**
   * The columns deltactl's maintenance names, from the table's properties and schema ({@link StatsColumns}).
   *
   * @param columnsWithoutStats the columns {@code deltactl.zorder.by} or a {@code deltactl.bloomFilter.<column>}
   *     names that Delta collects no statistics for
   * @param statsAdvice which property to set to collect them (not a figure: the statistics check's reason says it)
   * @param bloomIndexedColumns the columns of the {@code deltactl.bloomFilter.<column>} properties
   */
  public record Columns(List<String> columnsWithoutStats,
      @com.fasterxml.jackson.annotation.JsonIgnore String statsAdvice, List<String> bloomIndexedColumns) {
    public static final Columns NONE = new Columns(List.of(), null, List.of());
  }

  /**
   * The protocol and the maintenance properties in effect (set on the table, or Delta's default).
   */
  public record Protocol(int minReaderVersion, int minWriterVersion, List<String> tableFeatures,
      Map<String, String> maintenanceProperties) {}

  /** Files in a size range: at least {@code from} bytes, under {@code to}. */
  public record Bucket(long from, long to, long files, long bytes) {}

  /**
   * Size buckets by powers of 2: the first holds files under 1 MiB, then [1, 2) MiB, [2, 4) MiB ... up to the
   * bucket of the largest file; empty buckets between are kept so the histogram reads as a scale.
   */
  public static List<Bucket> histogram(long[] sizes) {
    long max = 0;
    for (long s : sizes) {
      max = Math.max(max, s);
    }
    List<long[]> edges = new java.util.ArrayList<>();
    long from = 0;
    long to = 1L << 20;
    while (true) {
      edges.add(new long[] {from, to});
      if (max < to) {
        break;
      }
      from = to;
      to = to * 2;
    }
    long[] files = new long[edges.size()];
    long[] bytes = new long[edges.size()];
    for (long s : sizes) {
      int i = s < (1L << 20) ? 0 : 64 - Long.numberOfLeadingZeros(s) - 20;
      files[i]++;
      bytes[i] += s;
    }
    List<Bucket> out = new java.util.ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      out.add(new Bucket(edges.get(i)[0], edges.get(i)[1], files[i], bytes[i]));
    }
    return out;
  }

  /** One partition's figures ({@code --by-partition}). */
  public record Partition(String partition, long numFiles, long sizeInBytes, long medianFileSize, long numSmallFiles,
      double smallFileShare, long numDeletedRows) {}
}
