package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table's protocol features as feature list shows them, and the plan of a feature drop: the same on every
 * engine, from the protocol and properties the engine read. What Delta Lake 4.4 knows of each feature (reader or
 * writer, droppable, which features need it) is Delta's own {@code TableFeature} table, checked against it by a
 * test.
 */
public final class FeaturePlanner {
  private FeaturePlanner() {}

  /** The truncate-history wait's property and Delta's default of it. */
  public static final String TRUNCATE_RETENTION = "delta.dropFeatureTruncateHistory.retentionDuration";
  public static final String TRUNCATE_RETENTION_DEFAULT = "interval 24 hours";
  public static final String LOG_RETENTION = "delta.logRetentionDuration";
  public static final String LOG_RETENTION_DEFAULT = "interval 30 days";

  /**
   * What Delta Lake 4.4 knows of a feature.
   *
   * @param readerWriter readers must know it too (then a drop protects or truncates the history)
   * @param droppable a {@code RemovableFeature} of Delta
   * @param requires the features it needs in the protocol
   * @param property the property that turns it on, null if none
   */
  record Known(boolean readerWriter, boolean droppable, Set<String> requires, String property) {}

  static final Map<String, Known> KNOWN = new LinkedHashMap<>();

  private static void known(String name, boolean readerWriter, boolean droppable, String property,
      String... requires) {
    KNOWN.put(name, new Known(readerWriter, droppable, Set.of(requires), property));
  }

  static {
    known("allowColumnDefaults", false, false, null);
    known("appendOnly", false, false, "delta.appendOnly");
    known("catalogManaged", true, true, null, "inCommitTimestamp", "vacuumProtocolCheck");
    known("changeDataFeed", false, false, "delta.enableChangeDataFeed");
    known("checkConstraints", false, true, "delta.constraints.");
    known("checkpointProtection", false, true, "delta.requireCheckpointProtectionBeforeVersion");
    known("clustering", false, false, null, "domainMetadata");
    known("columnMapping", true, true, "delta.columnMapping.mode");
    known("coordinatedCommits-preview", false, true, null, "inCommitTimestamp", "vacuumProtocolCheck");
    known("deletionVectors", true, true, "delta.enableDeletionVectors");
    known("domainMetadata", false, true, null);
    known("generatedColumns", false, false, null);
    known("geospatial", true, true, null);
    known("geospatial-dev", true, true, null);
    known("icebergCompatV1", false, false, "delta.enableIcebergCompatV1", "columnMapping");
    known("icebergCompatV2", false, false, "delta.enableIcebergCompatV2", "columnMapping");
    known("icebergCompatV3", false, false, "delta.enableIcebergCompatV3", "columnMapping", "rowTracking");
    known("identityColumns", false, false, null);
    known("inCommitTimestamp", false, true, "delta.enableInCommitTimestamps");
    known("invariants", false, false, null);
    known("materializePartitionColumns", false, true, null);
    known("rowTracking", false, true, "delta.enableRowTracking", "domainMetadata");
    known("timestampNtz", true, false, null);
    known("typeWidening", true, true, "delta.enableTypeWidening");
    known("typeWidening-preview", true, true, "delta.enableTypeWidening");
    known("v2Checkpoint", true, true, "delta.checkpointPolicy");
    known("vacuumProtocolCheck", true, true, null);
    known("variantShredding", true, false, "delta.enableVariantShredding", "variantType");
    known("variantShredding-preview", true, false, "delta.enableVariantShredding");
    known("variantType", true, false, null);
    known("variantType-preview", true, false, null);
  }

  /** The names of the features Delta Lake 4.4 knows, and whether each can be dropped (for the test against Delta). */
  public static Map<String, Boolean> droppable() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    KNOWN.forEach((k, v) -> out.put(k, v.droppable()));
    return out;
  }

  /**
   * A table's protocol as an engine read it.
   *
   * @param explicit the features the protocol names (reader and writer features); empty for a legacy protocol
   * @param features every feature the protocol supports: the named ones and those its versions imply
   * @param readerFeatures the reader features the protocol names, or null when not known (then Delta's table says)
   * @param filesWithDeletionVectors the files carrying a deletion vector, null when not read
   * @param deletedRows the rows their deletion vectors mark deleted, null when not read
   */
  public record TableState(String table, long version, int minReaderVersion, int minWriterVersion,
      Set<String> explicit, Set<String> features, Set<String> readerFeatures, Map<String, String> properties,
      Long filesWithDeletionVectors, Long deletedRows) {}

  /** Every feature of the table, sorted by name. */
  public static List<FeatureResult.Feature> features(TableState s) {
    List<FeatureResult.Feature> out = new ArrayList<>();
    for (String name : new TreeSet<>(s.features())) {
      Known k = KNOWN.get(name);
      boolean readerWriter = s.readerFeatures() != null && !s.explicit().isEmpty()
          ? s.readerFeatures().contains(name) : k != null && k.readerWriter();
      if (s.explicit().isEmpty() && k == null) {
        readerWriter = false;
      }
      out.add(new FeatureResult.Feature(name, readerWriter ? "reader-writer" : "writer",
          !s.explicit().contains(name), enabledBy(name, k, s.properties()), inUse(name, s),
          k != null && k.droppable(), dropMode(name, k)));
    }
    return out;
  }

  private static String dropMode(String name, Known k) {
    if (k == null || !k.droppable()) {
      return "no";
    }
    if (name.equals("checkpointProtection")) {
      return "truncate-history-only";
    }
    return k.readerWriter() ? "checkpoint-protection" : "immediate";
  }

  private static String enabledBy(String name, Known k, Map<String, String> props) {
    String explicit = props.get("delta.feature." + name);
    if (k != null && k.property() != null) {
      if (k.property().endsWith(".")) {
        List<String> keys = props.keySet().stream().filter(p -> p.startsWith(k.property())).sorted().toList();
        if (!keys.isEmpty()) {
          return keys.get(0) + "=" + props.get(keys.get(0)) + (keys.size() > 1 ? " (+" + (keys.size() - 1) + ")" : "");
        }
      } else if (props.containsKey(k.property())) {
        String v = props.get(k.property());
        boolean off = v.equalsIgnoreCase("false") || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("classic");
        if (!off) {
          return k.property() + "=" + v;
        }
      }
    }
    return explicit == null ? null : "delta.feature." + name + "=" + explicit;
  }

  private static String inUse(String name, TableState s) {
    if (name.equals("deletionVectors") && s.filesWithDeletionVectors() != null) {
      return s.filesWithDeletionVectors() == 0 ? "no file carries a deletion vector"
          : s.filesWithDeletionVectors() + (s.filesWithDeletionVectors() == 1 ? " file carries" : " files carry")
              + " a deletion vector (" + s.deletedRows() + " deleted rows)";
    }
    return null;
  }

  /** The list of a table's features. */
  public static FeatureResult list(TableState s, long elapsedMillis) {
    return new FeatureResult(FeatureResult.Status.LISTED, s.table(), s.version(), s.version(), s.minReaderVersion(),
        s.minWriterVersion(), features(s), null, elapsedMillis);
  }

  /**
   * Checks a drop and plans it (as a dry run's result): an unknown name, a feature the table lacks, one Delta
   * cannot drop, a dependent feature left in the protocol or a way of dropping that does not apply is refused
   * here in one line, before Spark is asked.
   */
  public static FeatureResult planDrop(FeatureRequest r, TableState s, long elapsedMillis) {
    String name = r.name();
    List<String> present = new ArrayList<>(new TreeSet<>(s.features()));
    String presentText = present.isEmpty() ? "none" : String.join(", ", present);
    if (!s.features().contains(name)) {
      if (name.toLowerCase(java.util.Locale.ROOT).startsWith("delta.")) {
        throw DeltactlException.invalid("feature drop: '" + name + "' is a table property, not a feature of "
            + s.table() + " (properties unset removes a property; its features: " + presentText + ")");
      }
      if (KNOWN.containsKey(name)) {
        throw DeltactlException.invalid("feature drop: " + s.table() + " does not have the feature '" + name
            + "' in its protocol (its features: " + presentText + ")");
      }
      Set<String> candidates = new TreeSet<>(KNOWN.keySet());
      candidates.addAll(present);
      String near = TableProperties.nearest(name, present.isEmpty() ? candidates : present);
      throw DeltactlException.invalid("feature drop: '" + name + "' is not a feature of " + s.table()
          + (near != null ? "; did you mean '" + near + "'?" : "") + " (its features: " + presentText + ")");
    }
    Known k = KNOWN.get(name);
    if (k == null || !k.droppable()) {
      List<String> droppable = present.stream().filter(f -> KNOWN.containsKey(f) && KNOWN.get(f).droppable())
          .toList();
      throw new DeltactlException(ErrorCode.SAFETY_CHECK, "feature drop: Delta Lake cannot drop '" + name
          + "' from a table (the features of " + s.table() + " it can drop: "
          + (droppable.isEmpty() ? "none" : String.join(", ", droppable)) + ")");
    }
    List<String> dependents = present.stream()
        .filter(f -> KNOWN.containsKey(f) && KNOWN.get(f).requires().contains(name)).toList();
    if (!dependents.isEmpty()) {
      throw new DeltactlException(ErrorCode.SAFETY_CHECK, "feature drop: " + String.join(", ", dependents)
          + (dependents.size() == 1 ? " needs '" : " need '") + name + "' in " + s.table() + "; drop "
          + (dependents.size() == 1 ? "it" : "them") + " first");
    }
    boolean checkpointProtection = name.equals("checkpointProtection");
    if (r.truncateHistory() && !k.readerWriter() && !checkpointProtection) {
      throw DeltactlException.invalid("feature drop: '" + name + "' is a writer feature, which is dropped at once"
          + " and needs no history truncation; run it without --truncate-history");
    }
    if (checkpointProtection && !r.truncateHistory()) {
      throw DeltactlException.invalid("feature drop: 'checkpointProtection' can only be dropped with"
          + " --truncate-history, once the history before " + s.properties().getOrDefault(
              "delta.requireCheckpointProtectionBeforeVersion", "the last drop") + " has expired");
    }
    String retention = null;
    List<String> steps = new ArrayList<>();
    steps.addAll(cleanUp(name, s));
    if (r.truncateHistory()) {
      String wait = s.properties().getOrDefault(TRUNCATE_RETENTION, TRUNCATE_RETENTION_DEFAULT);
      retention = wait + " (" + TRUNCATE_RETENTION + ")";
      if (!checkpointProtection) {
        steps.add("commit an empty version with a checkpoint");
        steps.add("if the clean-up above committed anything, stop there: older versions still use " + name
            + "; run this again after " + retention + " has passed");
      }
      steps.add("delete the log older than " + retention + ", check that no version left uses " + name
          + " (else refuse until it has expired), then commit the protocol without " + name);
    } else if (k.readerWriter()) {
      if (name.equals("deletionVectors")) {
        steps.add("commit the removed deletion vectors' files as tombstones, so that vacuum deletes them");
      }
      steps.add("commit 3 empty versions, each with a checkpoint (barrier checkpoints readers start from)");
      steps.add("commit the protocol without " + name + " and with checkpointProtection"
          + " (delta.requireCheckpointProtectionBeforeVersion), then a checkpoint; nothing to wait for");
    } else {
      steps.add("commit the protocol without " + name + "; nothing to wait for");
    }
    return new FeatureResult(FeatureResult.Status.DRY_RUN, s.table(), s.version(), s.version(),
        s.minReaderVersion(), s.minWriterVersion(), features(s),
        new FeatureResult.Drop(name, r.truncateHistory(), steps, retention, 0), elapsedMillis);
  }

  /** What Delta's pre-downgrade step does for a feature, in words. */
  private static List<String> cleanUp(String name, TableState s) {
    List<String> steps = new ArrayList<>();
    Known k = KNOWN.get(name);
    String enabled = enabledBy(name, k, s.properties());
    if (enabled != null && !enabled.startsWith("delta.feature.") && !name.equals("checkConstraints")) {
      steps.add("unset " + enabled.substring(0, enabled.indexOf('=')) + ", so nothing uses " + name + " again");
    }
    switch (name) {
      case "deletionVectors" -> {
        if (s.filesWithDeletionVectors() == null) {
          steps.add("rewrite the files that carry deletion vectors (REORG TABLE ... APPLY (PURGE))");
        } else if (s.filesWithDeletionVectors() > 0) {
          steps.add("rewrite the " + s.filesWithDeletionVectors() + " file(s) that carry deletion vectors"
              + " (REORG TABLE ... APPLY (PURGE)): " + s.deletedRows() + " deleted row(s) physically removed");
        } else {
          steps.add("no file carries a deletion vector: nothing to rewrite");
        }
      }
      case "checkConstraints" -> steps.add("refuse while the table has CHECK constraints"
          + (enabled == null ? "" : " (" + enabled + "): drop them first (ALTER TABLE ... DROP CONSTRAINT)"));
      case "columnMapping" -> steps.add("rewrite every data file with the columns' logical names");
      case "typeWidening", "typeWidening-preview" ->
          steps.add("rewrite the files written before a column's type was widened");
      case "v2Checkpoint" -> steps.add("write a classic checkpoint in place of the v2 ones");
      default -> { }
    }
    return steps;
  }
}
