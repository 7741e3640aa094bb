package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as users write them: {@code 1048576}, {@code 512k}, {@code 128m}, {@code 1g}, {@code 1gb} (powers of 1024). */
public final class Sizes {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(b|k|kb|m|mb|g|gb|t|tb)?");

  private Sizes() {}

  public static long parse(String text, String what) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw DeltactlException.invalid(
          "invalid " + what + " '" + text + "': expected a number of bytes with an optional unit, e.g. 128m or 1g");
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw DeltactlException.invalid("invalid " + what + " '" + text + "': too large");
    }
  }

  /** A short human form: {@code 1.5 MiB}, {@code 812 B}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[i]);
  }
}
