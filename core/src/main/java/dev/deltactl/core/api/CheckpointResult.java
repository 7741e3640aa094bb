package dev.deltactl.core.api;

import java.util.List;

/**
 * What checkpoint did.
 *
 * @param writer who wrote it: {@code kernel} (Delta Kernel in this process) or {@code delta} (Delta on Spark);
 *     null when nothing was written
 * @param files the files written in {@code _delta_log} (checkpoint files; {@code _last_checkpoint} is rewritten
 *     too and not counted)
 * @param bytes their size
 */
public record CheckpointResult(
    Status status, CheckpointPlan plan, String writer, List<String> files, long bytes, long elapsedMillis) {

  public enum Status {
    CHECKPOINTED,
    /** The latest version has a checkpoint already: nothing was written. */
    UP_TO_DATE,
    DRY_RUN
  }
}
