package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Which version of a table: a version number or an instant (the commit in effect then), or null parts for
 * the latest.
 */
public record VersionSpec(Long version, Instant timestamp) {
  public VersionSpec {
    if (version != null && timestamp != null) {
      throw DeltactlException.invalid("give either a version or a timestamp, not both");
    }
    if (version != null && version < 0) {
      throw DeltactlException.invalid("--version must not be negative, got " + version);
    }
  }

  public static VersionSpec latest() {
    return new VersionSpec(null, null);
  }

  public boolean isLatest() {
    return version == null && timestamp == null;
  }

  /**
   * The version given by options or by the table's {@code @} suffix; giving both is an error.
   */
  public static VersionSpec of(TableRef table, Long version, String timestamp) {
    Instant ts = timestamp == null ? null : parseTimestamp(timestamp);
    if (table.hasTimeTravel()) {
      if (version != null || ts != null) {
        throw DeltactlException.invalid("'" + table.display() + "' already names a version; drop the suffix or"
            + " the --version/--timestamp option");
      }
      return new VersionSpec(table.version(), table.timestamp());
    }
    return new VersionSpec(version, ts);
  }

  /**
   * Accepts {@code 2026-11-20}, {@code 2026-11-20T16:30:00}, {@code 2026-11-20 16:30:00} (UTC) and the same with
   * an offset or {@code Z}.
   */
  public static Instant parseTimestamp(String text) {
    return parseTimestamp("--timestamp", text);
  }

  /** A version number or a timestamp given to {@code option}, as {@link #parseTimestamp} reads timestamps. */
  public static VersionSpec parse(String option, String text) {
    if (text.strip().matches("\\d+")) {
      try {
        return new VersionSpec(Long.parseLong(text.strip()), null);
      } catch (NumberFormatException e) {
        throw DeltactlException.invalid("invalid " + option + " '" + text + "': not a version number");
      }
    }
    return new VersionSpec(null, parseTimestamp(option, text));
  }

  private static Instant parseTimestamp(String option, String text) {
    String t = text.strip().replace(' ', 'T');
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw DeltactlException.invalid("invalid " + option + " '" + text + "': expected "
          + (option.equals("--timestamp") ? "" : "a version number, or ") + "2026-11-20, 2026-11-20T16:30:00"
          + " or 2026-11-20 16:30:00, in UTC unless an offset such as +01:00 or Z is given");
    }
  }
}
