package dev.deltactl.core.engine;

import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.List;
import java.util.function.Predicate;

/**
 * What time travel can read, for every engine and every command (versions, show, diff, restore, clone): a
 * version is readable when every data file it reads is present on storage, however old it is. Delta's own
 * refusal to travel past {@code delta.deletedFileRetentionDuration} is a guess at that (files older than the
 * retention may have been vacuumed); deltactl checks the files instead, and lifts Delta's refusal for a
 * version whose files are all there.
 */
public final class Readability {
  private Readability() {}

  /** Why a version whose data files are not all present cannot be read. */
  public static final String FILES_MISSING = "data files missing (deleted by vacuum or otherwise)";

  /**
   * The rule: null when every one of a version's data files is present, else why the version cannot be
   * read.
   */
  public static String whyNot(Iterable<String> files, Predicate<String> present) {
    for (String f : files) {
      if (!present.test(f)) {
        return FILES_MISSING;
      }
    }
    return null;
  }

  /**
   * The oldest version still readable: the last of the newest run of readable versions, from the latest
   * back ({@code versions} newest first), or -1 when the latest is not readable either.
   */
  public static long oldestReadable(List<VersionsResult.Entry> versions) {
    long oldest = -1;
    for (VersionsResult.Entry v : versions) {
      if (!v.readable()) {
        break;
      }
      oldest = v.version();
    }
    return oldest;
  }

  /** A version whose data files are gone: not found (exit 3), naming the oldest version still readable. */
  public static DeltactlException notReadable(String table, long version, List<VersionsResult.Entry> versions,
      Throwable cause) {
    return notReadable(table, version, versions, null, cause);
  }

  /** The same, naming a file found missing ({@code missing}, or null when not known). */
  public static DeltactlException notReadable(String table, long version, List<VersionsResult.Entry> versions,
      String missing, Throwable cause) {
    long oldest = oldestReadable(versions);
    return new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "version " + version + " of " + table
        + " is not readable: " + (missing == null ? "data files it needs are gone" : "the file " + missing
            + " it needs is gone") + " (deleted by vacuum or otherwise); the oldest readable"
        + " version is " + (oldest < 0 ? "none" : String.valueOf(oldest)), cause);
  }

  /** What the user is told when a version is read past Delta's retention because its files are all present. */
  public static String pastRetentionNote(String table, long version) {
    return "version " + version + " of " + table + " is older than the table's delta.deletedFileRetentionDuration,"
        + " past which Delta refuses time travel; every data file it reads is present, so it is read with that"
        + " check lifted for this read only";
  }
}
