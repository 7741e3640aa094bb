package dev.deltactl.core.api;

import java.util.Objects;

/**
 * Write a version of a table as a new table.
 *
 * @param shallow reference the source's files instead of copying them (Delta's SHALLOW CLONE)
 * @param replace replace an existing target instead of refusing it
 */
public record CloneRequest(TableRef source, VersionSpec at, TableRef target, boolean shallow, boolean replace) {
  public CloneRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (target.hasTimeTravel()) {
      throw dev.deltactl.core.error.DeltactlException.invalid(
          "the clone target '" + target.display() + "' cannot name a version");
    }
    at = at == null ? VersionSpec.latest() : at;
  }
}
