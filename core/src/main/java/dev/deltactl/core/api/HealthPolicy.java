package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The thresholds {@code health} judges a table by. Each has a documented default; they are overridden, from
 * weakest to strongest, by a policy file (the fleet's defaults), by the table's own properties
 * {@code deltactl.policy.<key>=<value>} (a table carries its rules), and by {@code --policy key=value} (this run).
 * A check is {@code due} when its figure is at or above the due threshold, {@code bad} at or above the bad one.
 */
public final class HealthPolicy {
  /** The prefix of the table properties that override a key for that table. */
  public static final String TABLE_PREFIX = "deltactl.policy.";
  /**
   * The target file size health assumes when the table sets no {@code delta.targetFileSize}. That key is not one
   * of OSS Delta 4.4's table properties (not in {@link TableProperties}; Databricks writes it), so there is no
   * Delta default to take: this is deltactl's choice, 128 MiB.
   */
  public static final long DEFAULT_TARGET_FILE_SIZE = 128L << 20;
  /** Delta's default {@code delta.checkpointInterval}, from {@link TableProperties}. */
  public static final int DEFAULT_CHECKPOINT_INTERVAL =
      Integer.parseInt(TableProperties.deltaDefault("delta.checkpointInterval").orElseThrow());

  /** What a key's value is. */
  public enum Kind {
    /** A number of files or commits. */
    COUNT,
    /** A fraction: 0.25 or 25%. */
    SHARE,
    /** Bytes: 67108864, 64m, 1g. */
    SIZE
  }

  /** The policy's keys, as written in files, options and table properties. */
  public enum Key {
    SMALL_FILE_SIZE("smallFileSize", Kind.SIZE,
        "a data file under this size is small (default: half the table's delta.targetFileSize, else 64m)"),
    SMALL_FILES_DUE("smallFilesDue", Kind.COUNT,
        "optimize is due from this many small files (default 50, Delta auto compaction's minNumFiles)..."),
    SMALL_FILE_SHARE_DUE("smallFileShareDue", Kind.SHARE,
        "...when they are also at least this share of the files (default 0.25)"),
    SMALL_FILES_BAD("smallFilesBad", Kind.COUNT, "optimize is bad from this many small files (default 10000)"),
    DELETED_ROW_SHARE_DUE("deletedRowShareDue", Kind.SHARE,
        "optimize is due when deletion vectors hide this share of the rows (default 0.05)"),
    DELETED_ROW_SHARE_BAD("deletedRowShareBad", Kind.SHARE, "and bad from this share (default 0.30)"),
    CHECKPOINT_COMMITS_DUE("checkpointCommitsDue", Kind.COUNT,
        "checkpoint is due from this many commits since the last one (default 2 x delta.checkpointInterval, 20)"),
    CHECKPOINT_COMMITS_BAD("checkpointCommitsBad", Kind.COUNT, "and bad from this many (default 1000)"),
    LOG_FILES_PAST_RETENTION_DUE("logFilesPastRetentionDue", Kind.COUNT,
        "log-cleanup is due from this many _delta_log files older than delta.logRetentionDuration (default 100)"),
    LOG_FILES_PAST_RETENTION_BAD("logFilesPastRetentionBad", Kind.COUNT, "and bad from this many (default 10000)"),
    FILES_WITHOUT_STATS_DUE("filesWithoutStatsDue", Kind.COUNT,
        "statistics are due from this many data files without statistics (default 1)"),
    RECLAIMABLE_FILES_DUE("reclaimableFilesDue", Kind.COUNT,
        "vacuum is due from this many files removed longer ago than delta.deletedFileRetentionDuration (default 1;"
            + " 0 turns the check off)"),
    RECLAIMABLE_BYTES_BAD("reclaimableBytesBad", Kind.SIZE, "and bad from this many bytes of them (default 100g)");

    private final String key;
    private final Kind kind;
    private final String description;

    Key(String key, Kind kind, String description) {
      this.key = key;
      this.kind = kind;
      this.description = description;
    }

    public String key() {
      return key;
    }

    public Kind kind() {
      return kind;
    }

    public String description() {
      return description;
    }

    /** The key of a name, exact; an unknown name is exit 2 naming the nearest known key. */
    public static Key of(String name, String where) {
      for (Key k : values()) {
        if (k.key.equals(name)) {
          return k;
        }
      }
      throw DeltactlException.invalid("unknown policy key '" + name + "' in " + where + ": did you mean "
          + nearest(name) + "? (known keys: " + String.join(", ", keys()) + ")");
    }

    static java.util.List<String> keys() {
      return java.util.Arrays.stream(values()).map(Key::key).toList();
    }

    /** The known key closest to {@code name} by edit distance, case ignored. */
    static String nearest(String name) {
      return TableProperties.nearest(name, keys());
    }
  }

  /**
   * The policy a run was given, not yet applied to a table: the file's keys (under the table's properties) and
   * the options' keys (over them). Both are checked on construction, so a bad key fails before any table is read.
   */
  public record Overrides(Map<Key, Number> file, Map<Key, Number> options) {
    public static final Overrides NONE = new Overrides(Map.of(), Map.of());

    public Overrides {
      file = copy(file);
      options = copy(options);
    }

    private static Map<Key, Number> copy(Map<Key, Number> m) {
      Map<Key, Number> out = new EnumMap<>(Key.class);
      out.putAll(m);
      return Collections.unmodifiableMap(out);
    }

    /**
     * @param file the policy file's {@code key=value} lines, or null
     * @param options the {@code --policy key=value} options, in order
     */
    public static Overrides of(Path file, Map<String, String> options) {
      return new Overrides(file == null ? Map.of() : parse(read(file), "policy file " + file),
          parse(options, "--policy"));
    }
  }

  private final Map<Key, Number> values;

  private HealthPolicy(Map<Key, Number> values) {
    this.values = values;
  }

  /**
   * The policy for one table: the defaults (some from the table's {@code delta.targetFileSize} and
   * {@code delta.checkpointInterval}), then the file, then the table's {@code deltactl.policy.*} properties,
   * then the options.
   */
  public static HealthPolicy forTable(Map<String, String> tableProperties, Overrides overrides) {
    Map<Key, Number> v = new EnumMap<>(Key.class);
    long target = targetFileSize(tableProperties);
    v.put(Key.SMALL_FILE_SIZE, target / 2);
    v.put(Key.SMALL_FILES_DUE, 50L);
    v.put(Key.SMALL_FILE_SHARE_DUE, 0.25);
    v.put(Key.SMALL_FILES_BAD, 10_000L);
    v.put(Key.DELETED_ROW_SHARE_DUE, 0.05);
    v.put(Key.DELETED_ROW_SHARE_BAD, 0.30);
    v.put(Key.CHECKPOINT_COMMITS_DUE, 2L * checkpointInterval(tableProperties));
    v.put(Key.CHECKPOINT_COMMITS_BAD, 1000L);
    v.put(Key.LOG_FILES_PAST_RETENTION_DUE, 100L);
    v.put(Key.LOG_FILES_PAST_RETENTION_BAD, 10_000L);
    v.put(Key.FILES_WITHOUT_STATS_DUE, 1L);
    v.put(Key.RECLAIMABLE_FILES_DUE, 1L);
    v.put(Key.RECLAIMABLE_BYTES_BAD, 100L << 30);
    v.putAll(overrides.file());
    Map<String, String> own = new LinkedHashMap<>();
    tableProperties.forEach((k, val) -> {
      if (k.startsWith(TABLE_PREFIX)) {
        own.put(k.substring(TABLE_PREFIX.length()), val);
      }
    });
    v.putAll(parse(own, "the table's " + TABLE_PREFIX + "* properties"));
    v.putAll(overrides.options());
    return new HealthPolicy(Collections.unmodifiableMap(v));
  }

  /** The policy with the defaults only, for a table with no properties. */
  public static HealthPolicy defaults() {
    return forTable(Map.of(), Overrides.NONE);
  }

  /** {@code delta.targetFileSize} in bytes (a number, or 128m/128mb), else 128 MiB. */
  public static long targetFileSize(Map<String, String> tableProperties) {
    String t = tableProperties.get("delta.targetFileSize");
    if (t == null) {
      return DEFAULT_TARGET_FILE_SIZE;
    }
    try {
      return Sizes.parse(t, "delta.targetFileSize");
    } catch (DeltactlException e) {
      return DEFAULT_TARGET_FILE_SIZE;
    }
  }

  /** {@code delta.checkpointInterval}, else Delta's default (10). */
  public static int checkpointInterval(Map<String, String> tableProperties) {
    String t = tableProperties.get("delta.checkpointInterval");
    try {
      return t == null ? DEFAULT_CHECKPOINT_INTERVAL : Math.max(1, Integer.parseInt(t.strip()));
    } catch (NumberFormatException e) {
      return DEFAULT_CHECKPOINT_INTERVAL;
    }
  }

  public long count(Key key) {
    if (key.kind() == Kind.SHARE) {
      throw new IllegalArgumentException(key.key() + " is a share");
    }
    return values.get(key).longValue();
  }

  public double share(Key key) {
    return values.get(key).doubleValue();
  }

  /** Every key and its value in effect, in the keys' order: what {@code -o json} shows. */
  public Map<String, Number> values() {
    Map<String, Number> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k.key(), v));
    return out;
  }

  /** Parses {@code key=value} pairs; an unknown key or a bad value is exit 2 naming it and where it came from. */
  public static Map<Key, Number> parse(Map<String, String> pairs, String where) {
    Map<Key, Number> out = new EnumMap<>(Key.class);
    pairs.forEach((name, text) -> {
      Key k = Key.of(name.strip(), where);
      out.put(k, value(k, text == null ? "" : text.strip(), where));
    });
    return out;
  }

  static Number value(Key k, String text, String where) {
    String what = "policy " + k.key() + " in " + where;
    switch (k.kind()) {
      case SIZE:
        return Sizes.parse(text, what);
      case COUNT:
        try {
          long n = Long.parseLong(text);
          if (n < 0) {
            throw new NumberFormatException();
          }
          return n;
        } catch (NumberFormatException e) {
          throw DeltactlException.invalid("invalid " + what + " '" + text + "': expected a whole number >= 0");
        }
      default:
        try {
          boolean percent = text.endsWith("%");
          double d = Double.parseDouble(percent ? text.substring(0, text.length() - 1).strip() : text);
          d = percent ? d / 100 : d;
          if (!(d >= 0 && d <= 1) || text.matches("(?i).*(nan|infinity|[df])$")) {
            throw new NumberFormatException();
          }
          return d;
        } catch (NumberFormatException e) {
          throw DeltactlException.invalid("invalid " + what + " '" + text
              + "': expected a share between 0 and 1, or a percentage such as 25%");
        }
    }
  }

  /** A policy file: Java properties, {@code key=value} lines, {@code #} comments. */
  static Map<String, String> read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw DeltactlException.invalid("policy file not found: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw DeltactlException.invalid("cannot read the policy file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new java.util.TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
