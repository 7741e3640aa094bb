package dev.deltactl.core.api;

import java.time.Instant;

/**
 * What a checkpoint would do.
 *
 * @param version the version that would be checkpointed (the latest)
 * @param lastCheckpointVersion the newest complete checkpoint in the log; null when none
 * @param lastCheckpointKind {@code classic}, {@code multi-part} or {@code v2}; null when none
 * @param lastCheckpointTime when it was written (its file's modification time); null when none
 * @param commitsSinceLastCheckpoint commits after it (all commits when none)
 * @param kind the kind of checkpoint that would be written: {@code classic} or {@code v2}
 */
public record CheckpointPlan(
    String table,
    long version,
    Long lastCheckpointVersion,
    String lastCheckpointKind,
    Instant lastCheckpointTime,
    long commitsSinceLastCheckpoint,
    String kind) {

  /** The latest version has a checkpoint already. */
  public boolean upToDate() {
    return lastCheckpointVersion != null && lastCheckpointVersion == version;
  }
}
