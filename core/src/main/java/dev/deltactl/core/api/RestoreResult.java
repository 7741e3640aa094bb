package dev.deltactl.core.api;

import java.util.Map;

/**
 * What restore did.
 *
 * @param version the table version afterwards
 * @param metrics Delta's restore metrics ({@code tableSizeAfterRestore}, {@code numOfFilesAfterRestore},
 *     {@code numRemovedFiles}, {@code numRestoredFiles}, {@code removedFilesSize}, {@code restoredFilesSize});
 *     empty for a dry run
 */
public record RestoreResult(Status status, RestorePlan plan, long version, Map<String, Object> metrics,
    long elapsedMillis) {

  public enum Status {
    RESTORED,
    DRY_RUN
  }
}
