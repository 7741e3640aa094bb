package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.Durations;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What both Spark engines (classic and Connect) know of Delta: setting names, the writer features vacuum is
 * safe with, how Delta spells durations and metrics. No Spark type here, so that either engine's class
 * loader can load it.
 */
final class DeltaFacts {
  private DeltaFacts() {}

  static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * Delta's refusal to time travel past {@code delta.deletedFileRetentionDuration} (checked where Delta loads a
   * snapshot at a version, {@code SnapshotManagement.getSnapshotAt}), whether or not the files are gone; a
   * session setting, so a Spark Connect client may set it too.
   */
  static final String TIME_TRAVEL_RETENTION_CHECK =
      "spark.databricks.delta.vacuum.enforceTimeTravelWithinDeletedFileRetentionDuration";
  /** The error condition of that refusal. */
  static final String TIME_TRAVEL_REFUSED = "DELTA_UNSUPPORTED_TIME_TRAVEL_BEYOND_DELETED_FILE_RETENTION_DURATION";
  /** Spark's setting to skip missing files silently: never on for time travel, a missing file must fail the read. */
  static final String IGNORE_MISSING_FILES = "spark.sql.files.ignoreMissingFiles";

  /**
   * The settings a time-travel read runs with: missing files fail it, and Delta's retention refusal lifted
   * when deltactl found the version's files all present.
   */
  static Map<String, String> timeTravelConf(boolean liftRetentionCheck) {
    return liftRetentionCheck ? Map.of(IGNORE_MISSING_FILES, "false", TIME_TRAVEL_RETENTION_CHECK, "false")
        : Map.of(IGNORE_MISSING_FILES, "false");
  }

  /** Writer features deltactl knows vacuum is safe with; any other is refused. */
  static final Set<String> KNOWN_WRITER_FEATURES = Set.of(
      "appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns", "columnMapping",
      "identityColumns", "deletionVectors", "rowTracking", "timestampNtz", "domainMetadata", "v2Checkpoint",
      "icebergCompatV1", "icebergCompatV2", "clustering", "typeWidening", "typeWidening-preview",
      "inCommitTimestamp", "inCommitTimestamp-preview", "variantType", "variantType-preview",
      "allowColumnDefaults", "checkpointProtection");

  /** Refuses to vacuum a table with a writer feature deltactl does not know. */
  static void refuseUnknownWriterFeatures(Iterable<String> features) {
    Set<String> unknown = new TreeSet<>();
    for (String f : features) {
      if (!KNOWN_WRITER_FEATURES.contains(f)) {
        unknown.add(f);
      }
    }
    if (!unknown.isEmpty()) {
      throw new DeltactlException(ErrorCode.SAFETY_CHECK, "vacuum refused: the table uses writer feature"
          + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
          + " that deltactl does not know; vacuuming could delete files that feature still needs");
    }
  }

  /** Refuses a retention below the table's minimum unless forced. */
  static void refuseShortRetention(Duration retain, Duration minimum, boolean force) {
    if (retain.compareTo(minimum) < 0 && !force) {
      throw new DeltactlException(ErrorCode.SAFETY_CHECK, "vacuum refused: retention " + Durations.display(retain)
          + " is below the table minimum " + Durations.display(minimum)
          + " (delta.deletedFileRetentionDuration); use --force to override");
    }
  }

  static String hours(Duration d) {
    return new BigDecimal(d.toMillis()).divide(new BigDecimal(3_600_000), 6, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }

  /** Delta's restore metric names as the rest of its metrics spell them: table_size_after_restore -> tableSizeAfterRestore. */
  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  /** How many of {@code these} files (path to size) are not among {@code notThese}, and their bytes. */
  static long[] onlyIn(Map<String, Long> these, Map<String, Long> notThese) {
    long n = 0;
    long bytes = 0;
    for (Map.Entry<String, Long> e : these.entrySet()) {
      if (!notThese.containsKey(e.getKey())) {
        n++;
        bytes += e.getValue();
      }
    }
    return new long[] {n, bytes};
  }
  /** A path as Delta's vacuum lists it, with its escapes undone. */
  static String decode(String path) {
    try {
      return new java.net.URI(null, null, path, null).getPath();
    } catch (java.net.URISyntaxException e) {
      return path;
    }
  }
}
