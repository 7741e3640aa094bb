package dev.deltactl.core.api;

import java.util.List;

/**
 * What purge planned or did.
 *
 * @param readVersion the version planned from
 * @param version the version afterwards: the version committed, else {@code readVersion}
 * @param files the data files that carry deletion vectors at {@code readVersion}, by path
 * @param deletedRows the rows those deletion vectors mark deleted (their cardinality), all files
 * @param bytes the bytes of those files
 * @param numFilesRemoved files the rewrite removed (Delta's metric); 0 unless purged
 * @param numFilesAdded files the rewrite wrote (Delta's metric); 0 unless purged
 * @param numDeletionVectorsRemoved deletion vectors the rewrite removed (Delta's metric); 0 unless purged
 */
public record PurgeResult(Status status, String table, long readVersion, long version, List<DvFile> files,
    long deletedRows, long bytes, long numFilesRemoved, long numFilesAdded, long numDeletionVectorsRemoved,
    long elapsedMillis) {

  public enum Status {
    PURGED,
    /** No file carries a deletion vector: nothing was committed. */
    NOTHING_TO_PURGE,
    DRY_RUN
  }

  /** One data file with a deletion vector: its path relative to the table, size, records and deleted rows. */
  public record DvFile(String path, long sizeBytes, Long numRecords, long deletedRows) {}

  /** The plan of a table at a version: a dry run, or nothing to purge when no file carries a deletion vector. */
  public static PurgeResult plan(String table, long version, List<DvFile> files, boolean dryRun, long elapsedMillis) {
    long deleted = files.stream().mapToLong(DvFile::deletedRows).sum();
    long bytes = files.stream().mapToLong(DvFile::sizeBytes).sum();
    return new PurgeResult(files.isEmpty() ? Status.NOTHING_TO_PURGE : dryRun ? Status.DRY_RUN : Status.PURGED,
        table, version, version, List.copyOf(files), deleted, bytes, 0, 0, 0, elapsedMillis);
  }

  /** The plan, purged: the version committed and Delta's metrics. */
  public PurgeResult purged(long newVersion, long removed, long added, long dvsRemoved, long elapsed) {
    return new PurgeResult(Status.PURGED, table, readVersion, newVersion, files, deletedRows, bytes, removed, added,
        dvsRemoved, elapsed);
  }
}
