package dev.deltactl.core.api;

import java.util.Objects;

/**
 * How healthy a table is: its figures read from the log (no data file is opened), and a verdict per check from
 * the policy. One table per request, so that a caller over many tables ({@code health A B C}, {@code maintain})
 * gets each table's failure as that table's error and goes on with the next.
 *
 * @param policy the run's policy overrides; the table's own {@code deltactl.policy.*} properties are applied
 *     between the file's and the options'
 * @param byPartition also give the figures of each partition
 */
public record HealthRequest(TableRef table, HealthPolicy.Overrides policy, boolean byPartition) {
  public HealthRequest {
    Objects.requireNonNull(table, "table").requireCurrent("health");
    policy = policy == null ? HealthPolicy.Overrides.NONE : policy;
  }
}
