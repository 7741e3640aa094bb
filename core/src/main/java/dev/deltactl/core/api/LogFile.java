package dev.deltactl.core.api;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of a table's {@code _delta_log} as a listing shows it: its name, the version it belongs to, its kind,
 * size and modification time. Names follow the Delta protocol: {@code 00000000000000000010.json},
 * {@code ...10.checkpoint.parquet}, {@code ...10.checkpoint.0000000001.0000000003.parquet},
 * {@code ...10.checkpoint.<uuid>.parquet|json} (v2), {@code ...10.crc}.
 *
 * @param part the part number of a multi-part checkpoint (1-based), else 0
 * @param parts the number of parts of a multi-part checkpoint, else 0
 */
public record LogFile(String name, long version, Kind kind, int part, int parts, long size, Instant modificationTime) {

  /** What a log file is. */
  public enum Kind {
    /** A commit: {@code N.json}. */
    COMMIT,
    /** A classic single-file checkpoint: {@code N.checkpoint.parquet}. */
    CHECKPOINT,
    /** One part of a multi-part checkpoint. */
    CHECKPOINT_PART,
    /** The top-level file of a v2 checkpoint (its sidecars are apart, in {@code _sidecars}). */
    CHECKPOINT_V2,
    /** A version checksum: {@code N.crc}. */
    CHECKSUM;

    public boolean isCheckpoint() {
      return this == CHECKPOINT || this == CHECKPOINT_PART || this == CHECKPOINT_V2;
    }
  }

  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKSUM = Pattern.compile("(\\d{20})\\.crc");
  private static final Pattern CLASSIC = Pattern.compile("(\\d{20})\\.checkpoint\\.parquet");
  private static final Pattern PART = Pattern.compile("(\\d{20})\\.checkpoint\\.(\\d{10})\\.(\\d{10})\\.parquet");
  private static final Pattern V2 = Pattern.compile("(\\d{20})\\.checkpoint\\.[0-9a-fA-F-]{36}\\.(parquet|json)");

  /**
   * The log file a name denotes; empty for every other file of {@code _delta_log} (temporary files,
   * {@code _last_checkpoint}, compacted logs, folders), which log cleanup never touches.
   */
  public static Optional<LogFile> parse(String name, long size, Instant modificationTime) {
    Matcher m;
    if ((m = COMMIT.matcher(name)).matches()) {
      return Optional.of(new LogFile(name, Long.parseLong(m.group(1)), Kind.COMMIT, 0, 0, size, modificationTime));
    }
    if ((m = CHECKSUM.matcher(name)).matches()) {
      return Optional.of(new LogFile(name, Long.parseLong(m.group(1)), Kind.CHECKSUM, 0, 0, size, modificationTime));
    }
    if ((m = CLASSIC.matcher(name)).matches()) {
      return Optional.of(new LogFile(name, Long.parseLong(m.group(1)), Kind.CHECKPOINT, 0, 0, size,
          modificationTime));
    }
    if ((m = PART.matcher(name)).matches()) {
      int part = Integer.parseInt(m.group(2));
      int parts = Integer.parseInt(m.group(3));
      if (part < 1 || part > parts) {
        return Optional.empty();
      }
      return Optional.of(new LogFile(name, Long.parseLong(m.group(1)), Kind.CHECKPOINT_PART, part, parts, size,
          modificationTime));
    }
    if ((m = V2.matcher(name)).matches()) {
      return Optional.of(new LogFile(name, Long.parseLong(m.group(1)), Kind.CHECKPOINT_V2, 0, 0, size,
          modificationTime));
    }
    return Optional.empty();
  }

  /** The same file with another modification time (the planner's monotonic adjustment). */
  LogFile withModificationTime(Instant t) {
    return new LogFile(name, version, kind, part, parts, size, t);
  }
}
