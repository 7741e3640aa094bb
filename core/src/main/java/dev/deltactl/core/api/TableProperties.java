package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table properties deltactl knows, and their validation before anything is committed: Delta Lake 4.4's own
 * keys (the entries of its {@code DeltaConfigs}, with the value each accepts and its default), and deltactl's
 * keys under {@code deltactl.}. Keys of any other namespace are the user's own and pass as they are.
 *
 * <p>deltactl's keys:
 * <ul>
 *   <li>{@code deltactl.zorder.by}: comma-separated names of columns of the table (not partition columns), the
 *       Z-order columns maintenance uses;</li>
 *   <li>{@code deltactl.policy.<key>}: an override of a health policy threshold; any key and value pass here, the
 *       health policy validates them when it reads them;</li>
 *   <li>{@code deltactl.bloomFilter.<column>}: a bloom-filter index, managed by {@code bloom-index} only.</li>
 * </ul>
 */
public final class TableProperties {
  public static final String DELTACTL_PREFIX = "deltactl.";
  public static final String ZORDER_BY = "deltactl.zorder.by";
  public static final String POLICY_PREFIX = "deltactl.policy.";
  public static final String BLOOM_FILTER_PREFIX = "deltactl.bloomFilter.";
  /** CHECK constraints: Delta's {@code ALTER TABLE ... ADD/DROP CONSTRAINT} manage them. */
  public static final String CONSTRAINTS_PREFIX = "delta.constraints.";
  /** {@code delta.feature.<name> = supported}: adds a table feature to the protocol. */
  public static final String FEATURE_PREFIX = "delta.feature.";

  /** Whose a key is. */
  public enum Namespace {
    DELTA,
    DELTACTL,
    OTHER;

    public static Namespace of(String key) {
      String k = key.toLowerCase(Locale.ROOT);
      return k.startsWith("delta.") ? DELTA : k.startsWith(DELTACTL_PREFIX) ? DELTACTL : OTHER;
    }
  }

  /** The values a key accepts, as Delta 4.4 checks them. */
  public enum Type {
    /** {@code true} or {@code false}, any case. */
    BOOLEAN,
    /** A 32-bit integer above zero. */
    POSITIVE_INT,
    /** A 32-bit integer of -1 or more (-1: every column). */
    INT_FROM_MINUS_ONE,
    /** A 32-bit integer of zero or more. */
    NON_NEGATIVE_INT,
    /** A 64-bit integer. */
    LONG,
    /** A 64-bit integer of zero or more. */
    NON_NEGATIVE_LONG,
    /** An interval as Delta parses it: {@code interval 30 days}, {@code 2 weeks}, {@code 168 hours}; no months or years. */
    INTERVAL,
    /** One of the listed values. */
    ENUM,
    /** A protocol version: a whole number among the listed ones. */
    PROTOCOL_VERSION,
    /** A comma-separated list (no spaces) of the listed values, or empty. */
    ENUM_LIST,
    /** A Parquet format version, {@code major.minor.patch}. */
    VERSION,
    /** Comma-separated column names of the table. */
    COLUMNS,
    /** Any text (Delta checks it itself, or it is Delta's own bookkeeping). */
    TEXT,
    /** Delta sets it; a user may not. */
    NOT_SETTABLE
  }

  /**
   * A Delta key.
   *
   * @param key the key in Delta's spelling
   * @param type the values it accepts
   * @param values for {@link Type#ENUM} and {@link Type#ENUM_LIST}: the values, as Delta spells them
   * @param caseSensitive whether an {@link Type#ENUM} value must be spelled exactly
   * @param deltaDefault Delta's default when the key is not set; null when there is none
   * @param feature the table feature the key turns on when set to {@link #enabling}, null if none
   * @param enabling the value that turns the feature on (any value for the protocol versions)
   */
  public record Known(String key, Type type, List<String> values, boolean caseSensitive, String deltaDefault,
      String feature, String enabling) {}

  private static final Map<String, Known> DELTA = new LinkedHashMap<>();
  private static final Map<String, Known> BY_LOWER = new TreeMap<>();

  private static void add(String key, Type type, String deltaDefault) {
    add(new Known(key, type, List.of(), false, deltaDefault, null, null));
  }

  private static void feature(String key, String deltaDefault, String feature) {
    add(new Known(key, Type.BOOLEAN, List.of(), false, deltaDefault, feature, "true"));
  }

  private static void add(Known k) {
    DELTA.put(k.key(), k);
    BY_LOWER.put(k.key().toLowerCase(Locale.ROOT), k);
  }

  static {
    // Delta Lake 4.4.0's DeltaConfigs, every entry (TablePropertiesTest checks this list against the jar)
    add("delta.appendOnly", Type.BOOLEAN, "false");
    add("delta.autoOptimize", Type.BOOLEAN, null);
    add("delta.autoOptimize.autoCompact", Type.BOOLEAN, null);
    add("delta.autoOptimize.optimizeWrite", Type.BOOLEAN, null);
    add("delta.castIcebergTimeType", Type.BOOLEAN, "false");
    add("delta.checkpoint.writeStatsAsJson", Type.BOOLEAN, "true");
    add("delta.checkpoint.writeStatsAsStruct", Type.BOOLEAN, "true");
    add("delta.checkpointInterval", Type.POSITIVE_INT, "10");
    add(new Known("delta.checkpointPolicy", Type.ENUM, List.of("classic", "v2"), true, "classic", "v2Checkpoint",
        "v2"));
    add("delta.checkpointRetentionDuration", Type.INTERVAL, "interval 2 days");
    add("delta.columnMapping.maxColumnId", Type.NOT_SETTABLE, "0");
    add(new Known("delta.columnMapping.mode", Type.ENUM, List.of("none", "name", "id"), false, "none",
        "columnMapping", null));
    add("delta.compatibility.symlinkFormatManifest.enabled", Type.BOOLEAN, "false");
    add("delta.coordinatedCommits.commitCoordinator-preview", Type.TEXT, null);
    add("delta.coordinatedCommits.commitCoordinatorConf-preview", Type.TEXT, null);
    add("delta.coordinatedCommits.tableConf-preview", Type.TEXT, null);
    add("delta.dataSkippingNumIndexedCols", Type.INT_FROM_MINUS_ONE, "32");
    add("delta.dataSkippingStatsColumns", Type.COLUMNS, null);
    add("delta.dataSkippingStringPrefixLength", Type.NON_NEGATIVE_INT, null);
    add("delta.deletedFileRetentionDuration", Type.INTERVAL, "interval 1 week");
    add("delta.dropFeatureTruncateHistory.retentionDuration", Type.INTERVAL, "interval 24 hours");
    add("delta.enableChangeDataCapture", Type.BOOLEAN, "false");
    feature("delta.enableChangeDataFeed", "false", "changeDataFeed");
    feature("delta.enableDeletionVectors", "false", "deletionVectors");
    add("delta.enableExpiredLogCleanup", Type.BOOLEAN, "true");
    add("delta.enableFullRetentionRollback", Type.BOOLEAN, "true");
    feature("delta.enableIcebergCompatV1", null, "icebergCompatV1");
    feature("delta.enableIcebergCompatV2", null, "icebergCompatV2");
    feature("delta.enableIcebergCompatV3", null, "icebergCompatV3");
    feature("delta.enableInCommitTimestamps", "false", "inCommitTimestamp");
    feature("delta.enableMaterializePartitionColumnsFeature", null, "materializePartitionColumns");
    feature("delta.enableRowTracking", "false", "rowTracking");
    feature("delta.enableTypeWidening", "false", "typeWidening");
    feature("delta.enableVariantShredding", "false", "variantShredding");
    add("delta.ignoreIcebergBucketPartition", Type.BOOLEAN, "false");
    add("delta.ignoreProtocolDefaults", Type.BOOLEAN, "false");
    add("delta.inCommitTimestampEnablementTimestamp", Type.LONG, null);
    add("delta.inCommitTimestampEnablementVersion", Type.LONG, null);
    add(new Known("delta.isolationLevel", Type.ENUM, List.of("Serializable"), false, "Serializable", null, null));
    add("delta.logRetentionDuration", Type.INTERVAL, "interval 30 days");
    add(new Known("delta.minReaderVersion", Type.PROTOCOL_VERSION, List.of("1", "2", "3"), true, null, "protocol", null));
    add(new Known("delta.minWriterVersion", Type.PROTOCOL_VERSION, List.of("1", "2", "3", "4", "5", "6", "7"), true, null,
        "protocol", null));
    add("delta.parquet.format.version", Type.VERSION, "1.0.0");
    add("delta.randomizeFilePrefixes", Type.BOOLEAN, "false");
    add("delta.randomPrefixLength", Type.POSITIVE_INT, "2");
    add("delta.redirectReaderWriter-preview", Type.TEXT, null);
    add("delta.redirectWriterOnly-preview", Type.TEXT, null);
    add("delta.requireCheckpointProtectionBeforeVersion", Type.NON_NEGATIVE_LONG, "0");
    add("delta.rowTrackingSuspended", Type.BOOLEAN, "false");
    add("delta.sampleRetentionDuration", Type.INTERVAL, "interval 7 days");
    add("delta.setTransactionRetentionDuration", Type.INTERVAL, null);
    add(new Known("delta.universalFormat.enabledFormats", Type.ENUM_LIST, List.of("hudi", "iceberg"), true, null,
        null, null));
    add("delta.universalFormat.iceberg.atomicConversion.supported", Type.BOOLEAN, "false");
    add("delta.writePartitionColumnsToParquet", Type.BOOLEAN, null);
  }

  /**
   * Keys of Databricks' Delta that OSS Delta Lake 4.4 does not know (it refuses them with
   * {@code DELTA_UNKNOWN_CONFIGURATION}): named in the message instead of a near miss.
   */
  private static final Set<String> DATABRICKS_ONLY = Set.of("delta.targetfilesize",
      "delta.tunefilesizesforrewrites", "delta.enablepredictiveoptimization");

  /**
   * Keys Spark reserves for itself (its {@code CatalogV2Util.TABLE_RESERVED_PROPERTIES}): {@code ALTER TABLE}
   * refuses them with {@code UNSUPPORTED_FEATURE.SET_TABLE_PROPERTY}.
   */
  static final List<String> SPARK_RESERVED = List.of("comment", "collation", "location", "provider", "owner",
      "external", "is_managed_location", "table_type");

  private static final Pattern INTERVAL_PART = Pattern.compile(
      "([+-]?\\d+(?:\\.\\d+)?)\\s+(year|month|week|day|hour|minute|second|millisecond|microsecond)s?");
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  private TableProperties() {}

  /** Every Delta key deltactl knows, in Delta's spelling. */
  public static Collection<Known> deltaKeys() {
    return DELTA.values();
  }

  /** The Delta key of that name, any case. */
  public static Optional<Known> known(String key) {
    return Optional.ofNullable(BY_LOWER.get(key.toLowerCase(Locale.ROOT)));
  }

  /** A Delta key in Delta's spelling (Delta stores {@code delta.appendonly} as {@code delta.appendOnly}); others as given. */
  public static String canonical(String key) {
    String k = key.strip();
    if (k.toLowerCase(Locale.ROOT).startsWith(FEATURE_PREFIX)) {
      return k.toLowerCase(Locale.ROOT); // as Delta normalises feature keys
    }
    return known(k).map(Known::key).orElse(k);
  }

  /**
   * Checks a key to set or unset, without the table: an unknown {@code delta.} or {@code deltactl.} key, or one
   * no user may set, is bad input naming the nearest known key.
   *
   * @param isSetOnTable whether the table has the key now (an unknown key it has may be unset)
   */
  public static void checkKey(String key, boolean forUnset, boolean isSetOnTable) {
    if (key.isBlank()) {
      throw DeltactlException.invalid("a property key must not be empty");
    }
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith(CONSTRAINTS_PREFIX)) {
      throw DeltactlException.invalid("'" + key + "' is a CHECK constraint: add or drop it with deltactl sql \"ALTER"
          + " TABLE ... " + (forUnset ? "DROP" : "ADD") + " CONSTRAINT ...\"");
    }
    if (lower.startsWith(FEATURE_PREFIX)) {
      if (forUnset) {
        throw DeltactlException.invalid("'" + key + "' cannot be unset: a table feature is removed with deltactl sql"
            + " \"ALTER TABLE ... DROP FEATURE " + key.substring(FEATURE_PREFIX.length()) + "\"");
      }
      if (lower.length() == FEATURE_PREFIX.length()) {
        throw DeltactlException.invalid("'" + key + "' names no table feature: use delta.feature.<name>=supported");
      }
      return;
    }
    if (lower.startsWith(BLOOM_FILTER_PREFIX.toLowerCase(Locale.ROOT))) {
      throw DeltactlException.invalid("'" + key + "' is a bloom-filter index: use deltactl bloom-index "
          + (forUnset ? "drop" : "create") + " instead");
    }
    if (isSetOnTable && forUnset) {
      return; // whatever wrote it, the table has it: it may go
    }
    switch (Namespace.of(key)) {
      case DELTA -> {
        Known k = BY_LOWER.get(lower);
        if (k == null) {
          if (DATABRICKS_ONLY.contains(lower)) {
            throw DeltactlException.invalid("'" + key + "' is a Databricks table property: OSS Delta Lake 4.4 does"
                + " not know it and refuses it (DELTA_UNKNOWN_CONFIGURATION)");
          }
          throw DeltactlException.invalid("unknown Delta table property '" + key + "'; did you mean '"
              + nearest(key, DELTA.keySet()) + "'? (deltactl properties list TABLE --all shows Delta's keys)");
        }
        if (k.type() == Type.NOT_SETTABLE && !forUnset) {
          throw DeltactlException.invalid("'" + k.key() + "' is set by Delta itself and cannot be set by a user");
        }
      }
      case DELTACTL -> {
        if (lower.equals(ZORDER_BY.toLowerCase(Locale.ROOT)) && !key.equals(ZORDER_BY)) {
          throw DeltactlException.invalid("unknown deltactl table property '" + key + "'; did you mean '"
              + ZORDER_BY + "'?");
        }
        if (key.equals(ZORDER_BY)) {
          return;
        }
        if (key.startsWith(POLICY_PREFIX)) {
          if (key.length() == POLICY_PREFIX.length()) {
            throw DeltactlException.invalid("'" + key + "' names no policy setting: use " + POLICY_PREFIX + "<key>");
          }
          return; // the health policy validates its keys and values when it reads them
        }
        throw DeltactlException.invalid("unknown deltactl table property '" + key + "'; did you mean '"
            + nearest(key, List.of(ZORDER_BY, POLICY_PREFIX + "<key>")) + "'? (deltactl's keys: " + ZORDER_BY
            + ", " + POLICY_PREFIX + "<key>)");
      }
      case OTHER -> {
        if (SPARK_RESERVED.contains(key)) { // as Spark matches them: exactly
          throw DeltactlException.invalid("'" + key + "' is a property Spark reserves and sets itself; choose"
              + " another key (reserved: " + String.join(", ", SPARK_RESERVED) + ")");
        }
        // otherwise the user's own key
      }
    }
  }

  /**
   * Checks a property to set, on an existing table ({@code properties set}) or on one being created
   * ({@code create --property}): its key, then its value.
   *
   * @param columns the table's top-level columns; null when not known yet (columns are then not checked)
   * @param partitionColumns the table's partition columns, or null
   */
  public static void checkSet(String key, String value, List<String> columns, List<String> partitionColumns) {
    checkKey(key, false, false);
    checkValue(key, value, columns, partitionColumns);
  }

  /** {@link #checkSet(String, String, List, List)} for each property, in order. */
  public static void checkSet(Map<String, String> properties, List<String> columns, List<String> partitionColumns) {
    properties.forEach((k, v) -> checkSet(k, v, columns, partitionColumns));
  }

  /**
   * Checks a value to set.
   *
   * @param columns the table's top-level columns; null when not known yet (columns are then not checked)
   * @param partitionColumns the table's partition columns, or null
   */
  public static void checkValue(String key, String value, List<String> columns, List<String> partitionColumns) {
    if (value == null) {
      throw DeltactlException.invalid("no value for '" + key + "': write KEY=VALUE");
    }
    if (key.equals(ZORDER_BY)) {
      List<String> names = columnList(key, value);
      for (String n : names) {
        if (columns != null && find(columns, n) == null) {
          throw DeltactlException.invalid("invalid " + key + ": the table has no column '" + n + "' (columns: "
              + String.join(", ", columns) + ")");
        }
        if (partitionColumns != null && find(partitionColumns, n) != null) {
          throw DeltactlException.invalid("invalid " + key + ": '" + n + "' is a partition column; Z-order by"
              + " other columns (each partition is ordered on its own)");
        }
      }
      return;
    }
    if (key.toLowerCase(Locale.ROOT).startsWith(FEATURE_PREFIX)) {
      if (!value.equalsIgnoreCase("supported") && !value.equalsIgnoreCase("enabled")) {
        throw DeltactlException.invalid("invalid value '" + value + "' for " + key + ": expected supported");
      }
      return;
    }
    Known k = known(key).orElse(null);
    if (k == null) {
      return;
    }
    String problem = problem(k, value, columns);
    if (problem != null) {
      throw DeltactlException.invalid("invalid value '" + value + "' for " + k.key() + ": " + problem);
    }
  }

  /** What is wrong with a value for a key, or null if Delta accepts it. */
  static String problem(Known k, String value, List<String> columns) {
    switch (k.type()) {
      case BOOLEAN -> {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "expected true or false";
      }
      case POSITIVE_INT, INT_FROM_MINUS_ONE, NON_NEGATIVE_INT -> {
        long min = k.type() == Type.POSITIVE_INT ? 1 : k.type() == Type.INT_FROM_MINUS_ONE ? -1 : 0;
        String expected = switch (k.type()) {
          case POSITIVE_INT -> "a whole number of 1 or more";
          case INT_FROM_MINUS_ONE -> "a whole number of -1 or more (-1: every column)";
          default -> "a whole number of 0 or more";
        };
        try {
          return Integer.parseInt(value) >= min ? null : "expected " + expected;
        } catch (NumberFormatException e) {
          return "expected " + expected;
        }
      }
      case LONG, NON_NEGATIVE_LONG -> {
        try {
          long v = Long.parseLong(value);
          return k.type() == Type.NON_NEGATIVE_LONG && v < 0 ? "expected a whole number of 0 or more" : null;
        } catch (NumberFormatException e) {
          return "expected a whole number";
        }
      }
      case INTERVAL -> {
        try {
          interval(value);
          return null;
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      }
      case ENUM -> {
        for (String v : k.values()) {
          if (k.caseSensitive() ? v.equals(value) : v.equalsIgnoreCase(value)) {
            return null;
          }
        }
        return "expected one of " + String.join(", ", k.values());
      }
      case PROTOCOL_VERSION -> {
        try {
          return k.values().contains(String.valueOf(Integer.parseInt(value))) ? null
              : "expected one of " + String.join(", ", k.values());
        } catch (NumberFormatException e) {
          return "expected one of " + String.join(", ", k.values());
        }
      }
      case ENUM_LIST -> {
        if (value.isEmpty()) {
          return null;
        }
        for (String v : value.split(",", -1)) {
          if (!k.values().contains(v)) {
            return "expected a comma-separated list (no spaces) of " + String.join(", ", k.values());
          }
        }
        return null;
      }
      case VERSION -> {
        return VERSION.matcher(value).matches() ? null : "expected a Parquet format version such as 1.0.0 or 2.12.0";
      }
      case COLUMNS -> {
        for (String n : statsColumns(value)) {
          String top = n.contains(".") && !n.startsWith("`") ? n.substring(0, n.indexOf('.')) : n.replace("`", "");
          if (columns != null && find(columns, top) == null && find(columns, n.replace("`", "")) == null) {
            return "the table has no column '" + n + "' (columns: " + String.join(", ", columns) + ")";
          }
        }
        return null;
      }
      case NOT_SETTABLE -> {
        return "it is set by Delta itself";
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * An interval as Delta parses a table property ({@code DeltaConfigs.parseCalendarInterval}): an optional
   * {@code interval}, then one or more {@code N unit} (year, month, week, day, hour, minute, second, millisecond,
   * microsecond, singular or plural, any case; a fraction for seconds only); months and years refused, and the
   * total must not be negative.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Duration interval(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("interval ")) {
      s = s.substring("interval ".length()).strip();
    }
    String expected = "expected an interval such as 'interval 30 days', '2 weeks' or '168 hours'";
    if (s.isEmpty()) {
      throw new IllegalArgumentException(expected);
    }
    Matcher m = INTERVAL_PART.matcher(s);
    int at = 0;
    BigDecimal micros = BigDecimal.ZERO;
    boolean months = false;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(expected);
      }
      String unit = m.group(2);
      BigDecimal n = new BigDecimal(m.group(1));
      if (n.scale() > 0 && !unit.equals("second")) {
        throw new IllegalArgumentException(expected + " (a fraction only for seconds)");
      }
      switch (unit) {
        case "year", "month" -> months |= n.signum() != 0;
        case "week" -> micros = micros.add(n.multiply(BigDecimal.valueOf(7L * 86_400_000_000L)));
        case "day" -> micros = micros.add(n.multiply(BigDecimal.valueOf(86_400_000_000L)));
        case "hour" -> micros = micros.add(n.multiply(BigDecimal.valueOf(3_600_000_000L)));
        case "minute" -> micros = micros.add(n.multiply(BigDecimal.valueOf(60_000_000L)));
        case "second" -> micros = micros.add(n.multiply(BigDecimal.valueOf(1_000_000L)));
        case "millisecond" -> micros = micros.add(n.multiply(BigDecimal.valueOf(1_000L)));
        default -> micros = micros.add(n);
      }
      at = m.end();
      while (at < s.length() && s.charAt(at) == ' ') {
        at++;
      }
    }
    if (months) {
      throw new IllegalArgumentException("months and years are not accepted; write days, e.g. '365 days'");
    }
    if (micros.signum() < 0) {
      throw new IllegalArgumentException("the interval must not be negative");
    }
    long us = micros.longValue();
    return Duration.ofSeconds(us / 1_000_000, (us % 1_000_000) * 1000);
  }

  /**
   * Delta's default of a key it knows ({@link Known#deltaDefault}); empty when Delta has none (the session's
   * configuration decides) or does not know the key.
   */
  public static Optional<String> deltaDefault(String key) {
    return known(key).map(Known::deltaDefault);
  }

  /**
   * A table's interval property as a duration: its value, else Delta's default, read by {@link #interval}; a
   * value Delta would not accept is an error naming the key and the value.
   */
  public static Duration interval(Map<String, String> properties, String key) {
    String text = properties.get(key);
    if (text == null) {
      text = deltaDefault(key).orElseThrow(() -> new IllegalArgumentException(key + " has no default"));
    }
    try {
      return interval(text);
    } catch (IllegalArgumentException e) {
      throw new DeltactlException(dev.deltactl.core.error.ErrorCode.OPERATION_FAILED, "cannot read the table's "
          + key + " '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The names of a {@code delta.dataSkippingStatsColumns} value, backticks kept. */
  private static List<String> statsColumns(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : value.toCharArray()) {
      if (c == '`') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().strip());
    return out.stream().filter(s -> !s.isEmpty()).toList();
  }

  /** The columns of a {@code deltactl.zorder.by} value: non-empty, no duplicates. */
  public static List<String> columnList(String key, String value) {
    List<String> names = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw DeltactlException.invalid("invalid " + key + " '" + value + "': expected comma-separated column names,"
          + " e.g. a,b");
    }
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (names.get(i).equalsIgnoreCase(names.get(j))) {
          throw DeltactlException.invalid("invalid " + key + " '" + value + "': column '" + names.get(i)
              + "' is named twice");
        }
      }
    }
    return names;
  }

  private static String find(List<String> names, String name) {
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return n;
      }
    }
    return null;
  }

  /** The key of {@code candidates} nearest to {@code key} by edit distance, ignoring case; ties: the first. */
  public static String nearest(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String k = key.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(k, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The table feature setting a key to a value adds to the protocol, or null if none: deletion vectors,
   * change data feed, column mapping, row tracking, ... ({@code protocol} for the protocol versions).
   */
  public static String impliedFeature(String key, String value) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith(FEATURE_PREFIX)) {
      return key.substring(FEATURE_PREFIX.length());
    }
    Known k = BY_LOWER.get(lower);
    if (k == null || k.feature() == null) {
      return null;
    }
    if (k.key().equals("delta.columnMapping.mode")) {
      return value.equalsIgnoreCase("none") ? null : k.feature();
    }
    return k.enabling() == null || k.enabling().equalsIgnoreCase(value) ? k.feature() : null;
  }
}
