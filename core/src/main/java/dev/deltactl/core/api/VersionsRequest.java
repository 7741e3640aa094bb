package dev.deltactl.core.api;

import java.util.Objects;

/** The versions in a table's log, newest first, and whether each can be read now. */
public record VersionsRequest(TableRef table) {
  public VersionsRequest {
    Objects.requireNonNull(table, "table");
  }
}
