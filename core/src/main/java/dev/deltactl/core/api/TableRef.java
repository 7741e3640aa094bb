package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as the user names it: a storage path ({@code /data/t}, {@code s3a://b/t}, {@code delta.`/data/t`})
 * or a catalog name ({@code sales}, {@code db.sales}, {@code `my db`.sales}), with an optional time-travel
 * suffix {@code @v12} or {@code @yyyyMMddHHmmssSSS} (UTC).
 *
 * <p>A bare word is a catalog name; write {@code ./t} for a folder named {@code t}.
 */
public final class TableRef {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  private static final Pattern DELTA_PATH = Pattern.compile("^delta\\.`(.+)`$", Pattern.DOTALL);
  private static final Pattern SUFFIX = Pattern.compile("^(.*)@(v\\d+|\\d{17})$", Pattern.DOTALL);
  private static final Pattern PLAIN_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final DateTimeFormatter SUFFIX_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

  private final String path;
  private final List<String> nameParts;
  private final Long version;
  private final Instant timestamp;

  private TableRef(String path, List<String> nameParts, Long version, Instant timestamp) {
    this.path = path;
    this.nameParts = nameParts;
    this.version = version;
    this.timestamp = timestamp;
  }

  public static TableRef ofPath(String path) {
    return new TableRef(normalizePath(path), null, null, null);
  }

  /** Parses what a user typed. Relative local paths are made absolute against the working directory. */
  public static TableRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DeltactlException(ErrorCode.INVALID_TABLE_REF, "table must not be empty");
    }
    String body = text.strip();
    Long version = null;
    Instant timestamp = null;
    Matcher suffix = SUFFIX.matcher(body);
    if (suffix.matches() && !suffix.group(1).isEmpty()) {
      body = suffix.group(1);
      String s = suffix.group(2);
      if (s.startsWith("v")) {
        try {
          version = Long.parseLong(s.substring(1));
        } catch (NumberFormatException e) {
          throw new DeltactlException(ErrorCode.INVALID_TABLE_REF, "version suffix out of range in '" + text + "'");
        }
      } else {
        try {
          timestamp = LocalDateTime.parse(s, SUFFIX_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new DeltactlException(
              ErrorCode.INVALID_TABLE_REF,
              "invalid timestamp suffix '@" + s + "' in '" + text + "': expected @yyyyMMddHHmmssSSS (UTC)");
        }
      }
    }
    Matcher deltaPath = DELTA_PATH.matcher(body);
    if (deltaPath.matches()) {
      return new TableRef(normalizePath(deltaPath.group(1).replace("``", "`")), null, version, timestamp);
    }
    if (looksLikePath(body)) {
      return new TableRef(normalizePath(body), null, version, timestamp);
    }
    return new TableRef(null, parseName(body, text), version, timestamp);
  }

  private static boolean looksLikePath(String s) {
    return s.startsWith("/") || s.startsWith(".") || s.startsWith("~") || SCHEME.matcher(s).matches()
        || (s.contains("/") && !s.contains("`"));
  }

  private static String normalizePath(String p) {
    if (p.isBlank()) {
      throw new DeltactlException(ErrorCode.INVALID_TABLE_REF, "table path must not be empty");
    }
    if (SCHEME.matcher(p).matches()) {
      return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
    }
    String expanded = p.equals("~") || p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
    return Path.of(expanded).toAbsolutePath().normalize().toString();
  }

  private static List<String> parseName(String body, String original) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < body.length()) {
      StringBuilder part = new StringBuilder();
      if (body.charAt(i) == '`') {
        i++;
        boolean closed = false;
        while (i < body.length()) {
          char c = body.charAt(i);
          if (c == '`') {
            if (i + 1 < body.length() && body.charAt(i + 1) == '`') {
              part.append('`');
              i += 2;
              continue;
            }
            closed = true;
            i++;
            break;
          }
          part.append(c);
          i++;
        }
        if (!closed || part.length() == 0) {
          throw badName(original);
        }
      } else {
        int end = body.indexOf('.', i);
        String plain = body.substring(i, end < 0 ? body.length() : end);
        if (!PLAIN_PART.matcher(plain).matches()) {
          throw badName(original);
        }
        part.append(plain);
        i += plain.length();
      }
      parts.add(part.toString());
      if (i < body.length()) {
        if (body.charAt(i) != '.' || i == body.length() - 1) {
          throw badName(original);
        }
        i++;
      }
    }
    if (parts.isEmpty() || parts.size() > 3) {
      throw badName(original);
    }
    return List.copyOf(parts);
  }

  private static DeltactlException badName(String text) {
    return new DeltactlException(
        ErrorCode.INVALID_TABLE_REF,
        "invalid table '" + text + "': expected a path (/data/t, ./t, s3a://bucket/t, delta.`/data/t`)"
            + " or a name ([catalog.][db.]table, `quoted name`)");
  }

  public boolean isPath() {
    return path != null;
  }

  /** The absolute path or URI; null for a catalog name. */
  public String path() {
    return path;
  }

  /** The parts of a catalog name; null for a path. */
  public List<String> nameParts() {
    return nameParts;
  }

  public Long version() {
    return version;
  }

  public Instant timestamp() {
    return timestamp;
  }

  public boolean hasTimeTravel() {
    return version != null || timestamp != null;
  }

  /**
   * Refuses a time-travel suffix where only the current table makes sense: every request that writes or
   * maintains a table, or describes the current one, calls it, so every engine refuses alike.
   *
   * @param what the command, as the user typed it: {@code vacuum}, {@code bloom-index}
   * @return this table, for use in a record's constructor
   */
  public TableRef requireCurrent(String what) {
    if (hasTimeTravel()) {
      throw dev.deltactl.core.error.DeltactlException.invalid(
          what + " works on the current table; drop the suffix of '" + display() + "'");
    }
    return this;
  }

  /** The same table without a time-travel suffix. */
  public TableRef current() {
    return new TableRef(path, nameParts, null, null);
  }

  /** How the table is shown to users: the path, or the dotted name. */
  public String display() {
    String base = isPath() ? path : String.join(".", nameParts);
    if (version != null) {
      return base + "@v" + version;
    }
    if (timestamp != null) {
      return base + "@" + SUFFIX_TIME.format(LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC));
    }
    return base;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableRef t
        && Objects.equals(path, t.path)
        && Objects.equals(nameParts, t.nameParts)
        && Objects.equals(version, t.version)
        && Objects.equals(timestamp, t.timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, nameParts, version, timestamp);
  }

  @Override
  public String toString() {
    return display();
  }
}
