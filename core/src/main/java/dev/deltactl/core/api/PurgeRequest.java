package dev.deltactl.core.api;

import java.util.Objects;

/**
 * Rewrite the data files that carry deletion vectors so that the rows they mark deleted are physically gone
 * ({@code REORG TABLE ... APPLY (PURGE)}).
 *
 * @param dryRun plan and print, commit nothing
 */
public record PurgeRequest(TableRef table, boolean dryRun) {
  public PurgeRequest {
    Objects.requireNonNull(table, "table").requireCurrent("purge");
  }

  /** The same purge, planned only. */
  public PurgeRequest asDryRun() {
    return new PurgeRequest(table, true);
  }
}
