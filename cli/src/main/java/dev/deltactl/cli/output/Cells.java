package dev.deltactl.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Text forms of cell values shared by the printers. */
final class Cells {
  private Cells() {}

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** ISO-8601 in UTC with milliseconds: {@code 2026-11-20T16:30:00.000Z}. */
  static String instant(Instant i) {
    return ISO_MILLIS.format(i);
  }

  /** The full text of a scalar value; null for null. */
  static String scalar(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return instant(i);
    }
    if (v instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    return String.valueOf(v);
  }

  /** A compact human form: lists as {@code a, b}, maps as {@code k=v, k=v}, nested as needed. */
  static String human(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Map<?, ?> m) {
      return m.entrySet().stream().map(e -> e.getKey() + "=" + nested(e.getValue())).collect(Collectors.joining(", "));
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Cells::nested).collect(Collectors.joining(", "));
    }
    return scalar(v);
  }

  private static String nested(Object v) {
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      String inner = human(v);
      return v instanceof Map<?, ?> ? "{" + inner + "}" : "[" + inner + "]";
    }
    return v == null ? "null" : scalar(v);
  }
}
