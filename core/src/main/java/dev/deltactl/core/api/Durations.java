package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 500ms}, {@code 30s}, {@code 30m}, {@code 168h}, {@code 7d}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param what the option or setting it came from, for the error message
   */
  public static Duration parse(String text, String what) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw DeltactlException.invalid(
          "invalid " + what + " '" + text + "': expected a number and a unit (ms, s, m, h, d), e.g. 30s or 168h");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw DeltactlException.invalid("invalid " + what + " '" + text + "': too large");
    }
  }

  /** A short form in the largest whole unit up to hours: {@code 168h}, {@code 30m}, {@code 45s}, {@code 0h}. */
  public static String display(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
