package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** feature list, purge and feature drop end to end on the suite's engine (embedded, cluster, Spark Connect). */
@Tag(TestCli.MATRIX)
class FeaturePurgeEngineMatrixTest {
  @TempDir Path tmp;

  private static JsonNode ok(TestCli.Run r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  /** A table with deletion vectors enabled and one row deleted with a deletion vector (versions 0 and 1). */
  private static String tableWithADeletionVector(Path dir) {
    String t = dir.resolve("t").toString();
    ok(TestCli.run("create", t, "--as-select", "SELECT id FROM range(0, 10, 1, 1)", "--property",
        "delta.enableDeletionVectors=true", "-o", "json"));
    assertThat(TestCli.run("sql", "DELETE FROM delta.`" + t + "` WHERE id = 4", "-q").exitCode()).isZero();
    return t;
  }

  @Test
  void listTheFeatures() {
    String t = tableWithADeletionVector(tmp);
    JsonNode list = ok(TestCli.run("feature", "list", t, "-o", "json"));
    assertThat(list.get("features").findValuesAsText("name"))
        .containsExactly("appendOnly", "deletionVectors", "invariants");
  }

  /**
   * Not on the standalone cluster: there Delta's REORG TABLE ... APPLY (PURGE) fails in a task on an executor
   * with "[INTERNAL_ERROR] No active or default Spark session found" (an open defect, in the README).
   */
  @Test
  @Tag(TestCli.NOT_ON_CLUSTER)
  void purge() {
    String t = tableWithADeletionVector(tmp);
    JsonNode purge = ok(TestCli.run("purge", t, "-o", "json"));
    assertThat(purge.get("result").asText()).as(TestCli.engineKind()).isEqualTo("purged");
    assertThat(purge.get("version").asLong()).isEqualTo(2);
    assertThat(purge.get("deletedRows").asLong()).isEqualTo(1);
    assertThat(purge.get("numFilesRemoved").asLong()).isEqualTo(1);
    assertThat(purge.get("numFilesAdded").asLong()).isEqualTo(1);
  }

  /**
   * Not on the standalone cluster: there Delta's drop of deletionVectors fails in a task on an executor with
   * "[INTERNAL_ERROR] No active or default Spark session found" (an open defect, in the README's limitations).
   */
  @Test
  @Tag(TestCli.NOT_ON_CLUSTER)
  void dropDeletionVectors() {
    String t = tableWithADeletionVector(tmp);
    JsonNode drop = ok(TestCli.run("feature", "drop", t, "deletionVectors", "-o", "json"));
    assertThat(drop.get("result").asText()).isEqualTo("dropped");
    assertThat(drop.get("readVersion").asLong()).isEqualTo(1);
    assertThat(drop.get("features").findValuesAsText("name"))
        .containsExactly("appendOnly", "checkpointProtection", "invariants");
    assertThat(drop.get("minReaderVersion").asInt()).isEqualTo(1);
    TestCli.Run absent = TestCli.run("feature", "drop", t, "deletionVectors");
    assertThat(absent.exitCode()).isEqualTo(2);
    assertThat(absent.err()).isEqualTo("error: feature drop: " + t + " does not have the feature 'deletionVectors'"
        + " in its protocol (its features: appendOnly, checkpointProtection, invariants)\n");
  }
}
