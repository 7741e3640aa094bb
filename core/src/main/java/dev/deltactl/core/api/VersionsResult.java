package dev.deltactl.core.api;

import java.time.Instant;
import java.util.List;

/** The versions of a table that can be travelled to, newest first. */
public record VersionsResult(String table, long latest, List<Entry> versions) {

  /**
   * One version.
   *
   * @param readable whether its data can be read now
   * @param reason why not, when not readable
   */
  public record Entry(long version, Instant timestamp, String operation, boolean readable, String reason) {}
}
