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

  static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";
  static final String MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
  static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  static final String MAX_DELETED_ROWS_RATIO = "spark.databricks.delta.optimize.maxDeletedRowsRatio";

  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

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
  /**
   * A version whose data files are gone: the error names the oldest version still readable (the newest
   * run of readable versions, from the latest back), or none.
   */
  static DeltactlException notReadable(String table, long version,
      java.util.List<dev.deltactl.core.api.VersionsResult.Entry> versions, Throwable cause) {
    return notReadable(table, version, versions, null, cause);
  }

  /** The same, naming a file found missing ({@code missing}, or null when not known). */
  static DeltactlException notReadable(String table, long version,
      java.util.List<dev.deltactl.core.api.VersionsResult.Entry> versions, String missing, Throwable cause) {
    long oldest = -1;
    for (dev.deltactl.core.api.VersionsResult.Entry v : versions) {
      if (!v.readable()) {
        break;
      }
      oldest = v.version();
    }
    return new DeltactlException(ErrorCode.VERSION_NOT_FOUND, "version " + version + " of " + table
        + " is not readable: " + (missing == null ? "data files it needs are gone" : "the file " + missing
            + " it needs is gone") + " (deleted by vacuum or otherwise); the oldest readable"
        + " version is " + (oldest < 0 ? "none" : String.valueOf(oldest)), cause);
  }
}
