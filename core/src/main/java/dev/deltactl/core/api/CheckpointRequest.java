package dev.deltactl.core.api;

import java.util.Objects;

/** Write a checkpoint of the table's current version now. */
public record CheckpointRequest(TableRef table, boolean dryRun) {
  public CheckpointRequest {
    Objects.requireNonNull(table, "table").requireCurrent("checkpoint");
  }
}
