package dev.deltactl.core.engine;

import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.time.Instant;
import java.util.List;

/** Which version a version or timestamp spec means, given a table's commits; the same rules for every engine. */
public final class VersionResolver {
  private VersionResolver() {}

  /**
   * @param commits (version, timestamp in ms) of every commit in the log, ascending, timestamps as history
   *     shows them
   * @return the version the spec means: a version in the log, or the last commit at or before a timestamp
   * @throws DeltactlException {@link ErrorCode#VERSION_NOT_FOUND} naming the valid range otherwise
   */
  public static long resolve(TableRef ref, VersionSpec spec, List<long[]> commits) {
    long first = commits.get(0)[0];
    long latest = commits.get(commits.size() - 1)[0];
    if (spec.isLatest()) {
      return latest;
    }
    if (spec.version() != null) {
      long v = spec.version();
      if (v > latest) {
        throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "version " + v + " of " + ref.display()
            + " does not exist: the latest version is " + latest);
      }
      if (v < first) {
        throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "version " + v + " of " + ref.display()
            + " is no longer in the log: the oldest version is " + first);
      }
      return v;
    }
    long t = spec.timestamp().toEpochMilli();
    long firstTs = commits.get(0)[1];
    long latestTs = commits.get(commits.size() - 1)[1];
    if (t < firstTs || t > latestTs) {
      throw new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "no version of " + ref.display() + " at "
          + spec.timestamp() + ": the valid range is " + Instant.ofEpochMilli(firstTs) + " (version " + first
          + ") to " + Instant.ofEpochMilli(latestTs) + " (version " + latest + ")");
    }
    long v = first;
    for (long[] c : commits) {
      if (c[1] <= t) {
        v = c[0];
      }
    }
    return v;
  }
}
