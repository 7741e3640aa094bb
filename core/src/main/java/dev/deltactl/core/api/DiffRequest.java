package dev.deltactl.core.api;

import java.util.List;
import java.util.Objects;

/**
 * What changed between two versions.
 *
 * @param key columns that identify a row; empty to compare whole rows (as multisets)
 */
public record DiffRequest(TableRef table, VersionSpec from, VersionSpec to, List<String> key) {
  public DiffRequest {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(from, "from");
    to = to == null ? VersionSpec.latest() : to;
    key = List.copyOf(key == null ? List.of() : key);
  }
}
