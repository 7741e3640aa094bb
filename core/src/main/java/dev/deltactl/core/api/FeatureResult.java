package dev.deltactl.core.api;

import java.util.List;

/**
 * What feature list or drop found or did.
 *
 * @param readVersion the version the protocol was read (and the drop planned) from
 * @param version the version afterwards: the last version committed, else {@code readVersion}
 * @param minReaderVersion the protocol's minimum reader version afterwards (planned, for a dry run)
 * @param minWriterVersion the protocol's minimum writer version afterwards (planned, for a dry run)
 * @param features every feature of the protocol afterwards (planned, for a dry run), sorted by name
 * @param drop for drop: the plan and what was done; null for list
 */
public record FeatureResult(Status status, String table, long readVersion, long version, int minReaderVersion,
    int minWriterVersion, List<Feature> features, Drop drop, long elapsedMillis) {

  public enum Status {
    LISTED,
    DROPPED,
    DRY_RUN
  }

  /**
   * One feature of the protocol.
   *
   * @param type {@code reader-writer} or {@code writer}
   * @param legacy implied by the protocol's versions (a protocol below reader 3 / writer 7 names no features)
   * @param enabledBy the property that turns it on, as {@code key=value}; null if none is set
   * @param inUse what of the table uses it, when known from the log (deletion vectors: the files carrying one);
   *     null if not known
   * @param droppable whether Delta Lake 4.4 can drop it ({@code DROP FEATURE})
   * @param dropMode how a drop goes: {@code immediate}, {@code checkpoint-protection} (Delta protects the history
   *     with the checkpointProtection feature), {@code truncate-history-only}, or {@code no}
   */
  public record Feature(String name, String type, boolean legacy, String enabledBy, String inUse, boolean droppable,
      String dropMode) {}

  /**
   * A drop's plan and outcome.
   *
   * @param feature the feature dropped
   * @param truncateHistory whether the TRUNCATE HISTORY way was asked
   * @param steps what Delta does, in order, in words
   * @param retention for the TRUNCATE HISTORY way: how long to wait before the second run, and the property that
   *     sets it; null otherwise
   * @param versionsCommitted how many versions the drop committed (rewrites, barrier checkpoints' commits, the
   *     protocol change); 0 for a dry run
   */
  public record Drop(String feature, boolean truncateHistory, List<String> steps, String retention,
      long versionsCommitted) {}
}
