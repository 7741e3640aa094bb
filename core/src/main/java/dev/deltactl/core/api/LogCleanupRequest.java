package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.time.Duration;
import java.util.Objects;

/**
 * Delete the {@code _delta_log} files older than the log retention that no kept version needs.
 *
 * @param retain how long log files are kept; null for the table's {@code delta.logRetentionDuration} (30 days by
 *     default). It may only lengthen the table's retention unless {@code force}
 * @param force allow a retention below the table's (for this run only)
 */
public record LogCleanupRequest(TableRef table, Duration retain, boolean dryRun, boolean force) {
  public LogCleanupRequest {
    Objects.requireNonNull(table, "table").requireCurrent("log-cleanup");
    if (retain != null && retain.isNegative()) {
      throw DeltactlException.invalid("--retain must not be negative, got " + retain);
    }
  }
}
