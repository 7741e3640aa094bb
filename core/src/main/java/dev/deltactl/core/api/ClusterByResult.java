package dev.deltactl.core.api;

import java.util.List;

/**
 * What cluster-by did.
 *
 * @param status {@code CHANGED}, {@code DRY_RUN} (what would change) or {@code UNCHANGED} (the columns are already
 *     those; no commit)
 * @param before the clustering columns before; empty when the table was not clustered
 * @param after the clustering columns after (planned, for a dry run); empty for {@code --none}
 * @param readVersion the version the change was planned from
 * @param version the version afterwards (the new commit when changed)
 */
public record ClusterByResult(
    String table, Status status, List<String> before, List<String> after, long readVersion, long version,
    long elapsedMillis) {

  public enum Status {
    CHANGED,
    DRY_RUN,
    UNCHANGED
  }
}
