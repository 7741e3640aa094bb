package dev.deltactl.core.api;

/**
 * What log cleanup did.
 *
 * @param numDeletedFiles files deleted; null for a dry run
 * @param bytesDeleted their size; null for a dry run
 */
public record LogCleanupResult(
    Status status, LogCleanupPlan plan, Long numDeletedFiles, Long bytesDeleted, long elapsedMillis) {

  public enum Status {
    /** Files were deleted. */
    CLEANED,
    /** Nothing has expired, or no checkpoint lets expired files go. */
    NOTHING_TO_DELETE,
    DRY_RUN
  }
}
