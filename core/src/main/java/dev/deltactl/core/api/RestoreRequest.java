package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.Objects;

/**
 * Restore a table to an earlier version through Delta's RESTORE.
 *
 * @param message stored as the commit's {@code userMetadata}; null for none
 */
public record RestoreRequest(TableRef table, VersionSpec to, boolean dryRun, String message) {
  public RestoreRequest {
    Objects.requireNonNull(table, "table");
    if (to == null || to.isLatest()) {
      throw DeltactlException.invalid("restore needs the version to go back to: --version N, --timestamp TS or TABLE@vN");
    }
  }
}
