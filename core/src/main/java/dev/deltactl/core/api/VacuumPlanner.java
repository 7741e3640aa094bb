package dev.deltactl.core.api;

import java.time.Instant;
import java.util.List;

/** The parts of a vacuum plan that need no engine: computed from the log's commits alone. */
public final class VacuumPlanner {
  private VacuumPlanner() {}

  /** A commit: its version and the timestamp history shows. */
  public record Commit(long version, Instant timestamp) {}

  /**
   * The oldest version readable after a vacuum that deletes files removed before {@code deleteBefore}.
   * Files-wise, the newest commit made at or before the cutoff keeps all its files (those removed at or before
   * it are not part of it); without such a commit, the oldest version in the log. And Delta refuses to travel
   * to a commit older than the table's minimum retention ({@code travelLimit}): the oldest commit at or after
   * it, or the latest when none is.
   */
  public static long oldestReadable(List<Commit> commits, Instant deleteBefore, Instant travelLimit) {
    long oldest = Long.MAX_VALUE;
    long latest = -1;
    long newestBefore = -1;
    long oldestAllowed = Long.MAX_VALUE;
    for (Commit c : commits) {
      oldest = Math.min(oldest, c.version());
      latest = Math.max(latest, c.version());
      if (!c.timestamp().isAfter(deleteBefore)) {
        newestBefore = Math.max(newestBefore, c.version());
      }
      if (!c.timestamp().isBefore(travelLimit)) {
        oldestAllowed = Math.min(oldestAllowed, c.version());
      }
    }
    long filesWise = newestBefore >= 0 ? newestBefore : oldest;
    return Math.max(filesWise, oldestAllowed == Long.MAX_VALUE ? latest : oldestAllowed);
  }
}
