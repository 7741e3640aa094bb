package dev.deltactl.core.api;

import java.time.Instant;
import java.util.List;

/**
 * The changes between two versions: data files, rows at both ends, rows added and removed, and the commits in
 * between.
 *
 * @param rowsAdded rows in {@code to} and not in {@code from} (by key when one was given)
 * @param rowsRemoved rows in {@code from} and not in {@code to}
 */
public record DiffResult(String table, long fromVersion, long toVersion, long filesAdded, long bytesAdded,
    long filesRemoved, long bytesRemoved, long rowsFrom, long rowsTo, long rowsAdded, long rowsRemoved,
    List<String> key, List<Commit> commits) {

  /** A commit after {@code from}, up to {@code to}. */
  public record Commit(long version, Instant timestamp, String operation) {}
}
