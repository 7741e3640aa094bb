package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The feature table deltactl plans with is Delta Lake's own: the same names, the same droppable ones. */
class FeaturePlannerTest {

  @Test
  void everyFeatureOfDeltaIsKnownWithWhetherItCanBeDropped() throws Exception {
    Object tf = Class.forName("org.apache.spark.sql.delta.TableFeature$").getField("MODULE$").get(null);
    scala.collection.Map<?, ?> all = (scala.collection.Map<?, ?>) tf.getClass().getMethod("allSupportedFeaturesMap")
        .invoke(tf);
    Map<String, Boolean> delta = new TreeMap<>();
    Map<String, Boolean> readerWriter = new TreeMap<>();
    scala.collection.Iterator<?> it = all.values().iterator();
    while (it.hasNext()) {
      Object f = it.next();
      String name = (String) f.getClass().getMethod("name").invoke(f);
      delta.put(name, (Boolean) f.getClass().getMethod("isRemovable").invoke(f));
      readerWriter.put(name, (Integer) f.getClass().getMethod("minReaderVersion").invoke(f) > 1);
    }
    assertThat(new TreeMap<>(FeaturePlanner.droppable())).isEqualTo(delta);
    Map<String, Boolean> ours = new TreeMap<>();
    FeaturePlanner.KNOWN.forEach((k, v) -> ours.put(k, v.readerWriter()));
    assertThat(ours).isEqualTo(readerWriter);
  }

  private static FeaturePlanner.TableState state(java.util.Set<String> features, Map<String, String> props) {
    return new FeaturePlanner.TableState("/t", 4, 3, 7, features, features, java.util.Set.of(), props, null, null);
  }

  private static String refusal(FeatureRequest r, FeaturePlanner.TableState s) {
    try {
      FeaturePlanner.planDrop(r, s, 0);
      return "planned";
    } catch (dev.deltactl.core.error.DeltactlException e) {
      return e.code() + ": " + e.getMessage();
    }
  }

  @Test
  void aDropIsRefusedBeforeSparkWhenItCannotWork() {
    TableRef t = TableRef.parse("/t");
    FeaturePlanner.TableState s = state(java.util.Set.of("appendOnly", "domainMetadata", "inCommitTimestamp",
        "rowTracking", "invariants"), Map.of("delta.enableRowTracking", "true"));
    assertThat(refusal(FeatureRequest.drop(t, "domainMetadata", false, false), s)).isEqualTo("SAFETY_CHECK:"
        + " feature drop: rowTracking needs 'domainMetadata' in /t; drop it first");
    assertThat(refusal(FeatureRequest.drop(t, "inCommitTimestamp", true, false), s)).isEqualTo("INVALID_ARGUMENT:"
        + " feature drop: 'inCommitTimestamp' is a writer feature, which is dropped at once and needs no history"
        + " truncation; run it without --truncate-history");
    assertThat(refusal(FeatureRequest.drop(t, "invariants", false, true), s)).isEqualTo("SAFETY_CHECK: feature"
        + " drop: Delta Lake cannot drop 'invariants' from a table (the features of /t it can drop: domainMetadata,"
        + " inCommitTimestamp, rowTracking)");
    FeatureResult plan = FeaturePlanner.planDrop(FeatureRequest.drop(t, "rowTracking", false, true), s, 0);
    assertThat(plan.drop().steps()).containsExactly("unset delta.enableRowTracking, so nothing uses rowTracking"
        + " again", "commit the protocol without rowTracking; nothing to wait for");
    assertThat(plan.status()).isEqualTo(FeatureResult.Status.DRY_RUN);
  }

  @Test
  void theTruncateHistoryPlanSaysHowLongToWait() {
    FeaturePlanner.TableState s = new FeaturePlanner.TableState("/t", 4, 3, 7,
        java.util.Set.of("deletionVectors"), java.util.Set.of("deletionVectors"),
        java.util.Set.of("deletionVectors"), Map.of("delta.dropFeatureTruncateHistory.retentionDuration",
            "interval 2 hours"), 0L, 0L);
    FeatureResult plan = FeaturePlanner.planDrop(FeatureRequest.drop(TableRef.parse("/t"), "deletionVectors", true,
        true), s, 0);
    assertThat(plan.drop().retention()).isEqualTo("interval 2 hours"
        + " (delta.dropFeatureTruncateHistory.retentionDuration)");
    assertThat(plan.drop().steps()).containsExactly("no file carries a deletion vector: nothing to rewrite",
        "commit an empty version with a checkpoint",
        "if the clean-up above committed anything, stop there: older versions still use deletionVectors; run this"
            + " again after interval 2 hours (delta.dropFeatureTruncateHistory.retentionDuration) has passed",
        "delete the log older than interval 2 hours (delta.dropFeatureTruncateHistory.retentionDuration), check"
            + " that no version left uses deletionVectors (else refuse until it has expired), then commit the"
            + " protocol without deletionVectors");
  }
}
