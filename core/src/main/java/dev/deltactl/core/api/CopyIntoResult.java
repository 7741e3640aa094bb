package dev.deltactl.core.api;

import java.util.List;

/**
 * What copy-into did, or would do.
 *
 * @param version the table version that holds the load; null when nothing was committed
 * @param filesLoaded the files loaded (relative to the source)
 * @param filesRejected files that could not be parsed, with the reason (skip-file), not marked as loaded
 * @param preview for a validation: up to the requested number of rows as they would be loaded
 */
public record CopyIntoResult(
    Status status,
    String table,
    long numFilesLoaded,
    long numFilesSkipped,
    long numRowsInserted,
    long numBadRecords,
    long bytesRead,
    Long version,
    List<String> filesLoaded,
    List<Rejected> filesRejected,
    SqlResult preview,
    long elapsedMillis) {

  public enum Status {
    LOADED,
    NOTHING_TO_LOAD,
    VALIDATED
  }

  /** A file left unloaded and why. */
  public record Rejected(String file, String reason) {}
}
