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
   * On the standalone cluster too: there deltactl rewrites the files itself (Delta Lake 4.4's REORG ... APPLY
   * (PURGE) reads the session in its tasks, which only works in the driver's JVM).
   */
  @Test
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
   * On the standalone cluster, refused before anything is committed: Delta Lake 4.4's drop always runs its
   * REORG ... APPLY (PURGE), after committing the property's removal (see purge).
   */
  @Test
  void dropDeletionVectors() {
    String t = tableWithADeletionVector(tmp);
    if (TestCli.engineKind().equals("cluster")) {
      TestCli.Run refused = TestCli.run("feature", "drop", t, "deletionVectors");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).isEqualTo("error: feature drop deletionVectors of " + t + ": Delta Lake 4.4 cannot"
          + " drop it on a cluster master (its drop rewrites the files with a REORG whose tasks only work in the"
          + " driver's JVM); run this one with --master local[*] on the same table, nothing was changed\n");
      JsonNode history = ok(TestCli.run("history", t, "-o", "json"));
      assertThat(history.get(0).get("version").asLong()).isEqualTo(1);
      return;
    }
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
