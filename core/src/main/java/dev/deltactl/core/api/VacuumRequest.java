package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.time.Duration;
import java.util.Objects;

/**
 * Delete the files a table no longer references and that are older than the retention.
 *
 * @param retain how long removed files are kept; null for the table's {@code delta.deletedFileRetentionDuration}
 * @param force allow a retention below the table's minimum (the safety check is lifted for this run only)
 * @param mode how to find the files: {@code FULL} lists the table's folders, {@code LITE} reads the log
 */
public record VacuumRequest(TableRef table, Duration retain, boolean dryRun, boolean force, Mode mode) {

  public enum Mode {
    FULL,
    LITE
  }

  public VacuumRequest {
    Objects.requireNonNull(table, "table").requireCurrent("vacuum");
    mode = mode == null ? Mode.FULL : mode;
    if (retain != null && retain.isNegative()) {
      throw DeltactlException.invalid("--retain must not be negative, got " + retain);
    }
  }
}
