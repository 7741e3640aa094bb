package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** feature list (Delta Kernel only) and feature drop on tables the tests write, and list on the conformance corpus. */
class FeatureCommandTest {
  @TempDir Path tmp;

  private static JsonNode ok(TestCli.Run r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  /** 10 rows in 2 files with deletion vectors enabled, then 3 rows deleted (version 1): 2 files carry a vector. */
  private String dvTable(String name) {
    String t = tmp.resolve(name).toString();
    ok(TestCli.run("create", t, "--as-select", "SELECT id FROM range(0, 10, 1, 2)", "--property",
        "delta.enableDeletionVectors=true", "-o", "json"));
    TestCli.Run d = TestCli.run("sql", "DELETE FROM delta.`" + t + "` WHERE id IN (1, 2, 6)", "-q");
    assertThat(d.exitCode()).as(d.toString()).isZero();
    return t;
  }

  private static final String APPEND_ONLY = "{\"name\":\"appendOnly\",\"type\":\"writer\",\"legacy\":false,"
      + "\"enabledBy\":null,\"inUse\":null,\"droppable\":false,\"dropMode\":\"no\"}";
  private static final String INVARIANTS = "{\"name\":\"invariants\",\"type\":\"writer\",\"legacy\":false,"
      + "\"enabledBy\":null,\"inUse\":null,\"droppable\":false,\"dropMode\":\"no\"}";
  private static final String DVS = "{\"name\":\"deletionVectors\",\"type\":\"reader-writer\",\"legacy\":false,"
      + "\"enabledBy\":\"delta.enableDeletionVectors=true\",\"inUse\":\"2 files carry a deletion vector (3 deleted"
      + " rows)\",\"droppable\":true,\"dropMode\":\"checkpoint-protection\"}";

  private static long rows(String t) {
    TestCli.Run r = TestCli.run("sql", "SELECT count(*) AS n FROM delta.`" + t + "`", "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().toList().get(1));
  }

  @Test
  void listShowsEachFeatureWithWhatEnablesAndUsesItWithoutSpark() {
    String t = dvTable("t");
    TestCli.Run r = TestCli.onKernelOnly("feature", "list", t, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"table\":\"" + t + "\",\"version\":1,\"minReaderVersion\":3,"
        + "\"minWriterVersion\":7,\"features\":[" + APPEND_ONLY + "," + DVS + "," + INVARIANTS + "]}\n");
    assertThat(TestCli.onKernelOnly("feature", "list", t, "-o", "csv").out()).isEqualTo(
        "table,version,minReaderVersion,minWriterVersion,feature,type,legacy,enabledBy,inUse,droppable,dropMode\r\n"
        + t + ",1,3,7,appendOnly,writer,false,,,false,no\r\n"
        + t + ",1,3,7,deletionVectors,reader-writer,false,delta.enableDeletionVectors=true,2 files carry a deletion"
        + " vector (3 deleted rows),true,checkpoint-protection\r\n"
        + t + ",1,3,7,invariants,writer,false,,,false,no\r\n");
  }

  @Test
  void aLegacyProtocolListsTheFeaturesItsVersionsImply() {
    String t = tmp.resolve("legacy").toString();
    ok(TestCli.run("create", t, "--as-select", "SELECT 1 AS id", "--property", "delta.minReaderVersion=1",
        "--property", "delta.minWriterVersion=2", "-o", "json"));
    TestCli.Run r = TestCli.onKernelOnly("feature", "list", t, "-o", "json");
    assertThat(r.out()).isEqualTo("{\"table\":\"" + t + "\",\"version\":0,\"minReaderVersion\":1,"
        + "\"minWriterVersion\":2,\"features\":["
        + APPEND_ONLY.replace("\"legacy\":false", "\"legacy\":true") + ","
        + INVARIANTS.replace("\"legacy\":false", "\"legacy\":true") + "]}\n");
  }

  @Test
  void refusalsAreOneLineWithoutSparkAndChangeNothing() {
    String t = dvTable("t");
    Map<String, String> before = TestCli.fingerprint(Path.of(t));
    String features = " (its features: appendOnly, deletionVectors, invariants)";
    for (List<Object> c : List.<List<Object>>of(
        List.<Object>of("deletionVector", 2, "feature drop: 'deletionVector' is not a feature of " + t
            + "; did you mean 'deletionVectors'?" + features),
        List.<Object>of("rowTracking", 2, "feature drop: " + t + " does not have the feature 'rowTracking' in its protocol"
            + features),
        List.<Object>of("delta.enableDeletionVectors", 2, "feature drop: 'delta.enableDeletionVectors' is a table property,"
            + " not a feature of " + t + " (properties unset removes a property; its features: appendOnly,"
            + " deletionVectors, invariants)"),
        List.<Object>of("appendOnly", 5, "feature drop: Delta Lake cannot drop 'appendOnly' from a table (the features of "
            + t + " it can drop: deletionVectors)"))) {
      for (boolean dry : List.of(true, false)) {
        TestCli.Run r = dry ? TestCli.onKernelOnly("feature", "drop", t, (String) c.get(0), "--dry-run")
            : TestCli.onKernelOnly("feature", "drop", t, (String) c.get(0));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(c.get(1));
        assertThat(r.err()).isEqualTo("error: " + c.get(2) + "\n");
        assertThat(r.out()).isEmpty();
      }
    }
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);
  }

  @Test
  void dropDeletionVectorsPlansThenRewritesAndDropsAtOnce() {
    String t = dvTable("t");
    Map<String, String> before = TestCli.fingerprint(Path.of(t));
    TestCli.Run dry = TestCli.onKernelOnly("feature", "drop", t, "deletionVectors", "--dry-run", "-o", "json");
    JsonNode plan = ok(dry);
    assertThat(plan.get("result").asText()).isEqualTo("dry-run");
    assertThat(plan.get("readVersion").asLong()).isEqualTo(1);
    assertThat(plan.get("version").asLong()).isEqualTo(1);
    assertThat(plan.get("versionsCommitted").asLong()).isZero();
    assertThat(plan.get("steps").toString()).isEqualTo("[\"unset delta.enableDeletionVectors, so nothing uses"
        + " deletionVectors again\",\"rewrite the 2 file(s) that carry deletion vectors (REORG TABLE ... APPLY"
        + " (PURGE)): 3 deleted row(s) physically removed\",\"commit the removed deletion vectors' files as"
        + " tombstones, so that vacuum deletes them\",\"commit 3 empty versions, each with a checkpoint (barrier"
        + " checkpoints readers start from)\",\"commit the protocol without deletionVectors and with"
        + " checkpointProtection (delta.requireCheckpointProtectionBeforeVersion), then a checkpoint; nothing to"
        + " wait for\"]");
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);

    JsonNode done = ok(TestCli.run("feature", "drop", t, "deletionVectors", "-o", "json"));
    assertThat(done.get("result").asText()).isEqualTo("dropped");
    assertThat(done.get("readVersion").asLong()).isEqualTo(1);
    // unset, REORG, tombstones, 3 empty commits, the protocol
    assertThat(done.get("version").asLong()).isEqualTo(8);
    assertThat(done.get("versionsCommitted").asLong()).isEqualTo(7);
    assertThat(done.get("minReaderVersion").asInt()).isEqualTo(1);
    assertThat(done.get("minWriterVersion").asInt()).isEqualTo(7);
    String cpp = "{\"name\":\"checkpointProtection\",\"type\":\"writer\",\"legacy\":false,\"enabledBy\":"
        + "\"delta.requireCheckpointProtectionBeforeVersion=8\",\"inUse\":null,\"droppable\":true,\"dropMode\":"
        + "\"truncate-history-only\"}";
    assertThat(done.get("features").toString()).isEqualTo("[" + APPEND_ONLY + "," + cpp + "," + INVARIANTS + "]");
    // the table as Kernel reads it afterwards: the protocol, the properties, the files, the rows
    assertThat(TestCli.onKernelOnly("feature", "list", t, "-o", "json").out()).isEqualTo("{\"table\":\"" + t
        + "\",\"version\":8,\"minReaderVersion\":1,\"minWriterVersion\":7,\"features\":[" + APPEND_ONLY + "," + cpp
        + "," + INVARIANTS + "]}\n");
    assertThat(TestCli.onKernelOnly("properties", "list", t, "-o", "json").out()).isEqualTo("{\"table\":\"" + t
        + "\",\"version\":8,\"properties\":[{\"key\":\"delta.requireCheckpointProtectionBeforeVersion\",\"value\":"
        + "\"8\",\"namespace\":\"delta\",\"set\":true}]}\n");
    JsonNode files = ok(TestCli.onKernelOnly("files", t, "-o", "json"));
    assertThat(files.get("summary").get("deletedRows").asLong()).isZero();
    assertThat(files.get("summary").get("liveRows").asLong()).isEqualTo(7);
    assertThat(rows(t)).isEqualTo(7);
    // checkpointProtection only goes with --truncate-history
    TestCli.Run cp = TestCli.onKernelOnly("feature", "drop", t, "checkpointProtection");
    assertThat(cp.exitCode()).isEqualTo(2);
    assertThat(cp.err()).isEqualTo("error: feature drop: 'checkpointProtection' can only be dropped with"
        + " --truncate-history, once the history before 8 has expired\n");
  }

  @Test
  void truncateHistoryCleansUpThenSaysHowLongToWait() {
    String t = dvTable("t");
    TestCli.Run first = TestCli.run("feature", "drop", t, "deletionVectors", "--truncate-history");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(5);
    assertThat(first.out()).isEmpty();
    assertThat(first.err()).isEqualTo("error: feature drop deletionVectors of " + t + ": the latest version no"
        + " longer uses it (versions 2 to 5 committed), but older versions do; run this again with"
        + " --truncate-history after interval 24 hours (delta.dropFeatureTruncateHistory.retentionDuration) has"
        + " passed, or without --truncate-history now (Delta then protects the history with checkpointProtection)\n");
    // still in the protocol; its property unset and no file carries a deletion vector any more
    assertThat(TestCli.onKernelOnly("feature", "list", t, "-o", "json").out()).isEqualTo("{\"table\":\"" + t
        + "\",\"version\":5,\"minReaderVersion\":3,\"minWriterVersion\":7,\"features\":[" + APPEND_ONLY + ","
        + DVS.replace("\"delta.enableDeletionVectors=true\"", "null").replace("2 files carry a deletion vector (3"
            + " deleted rows)", "no file carries a deletion vector") + "," + INVARIANTS + "]}\n");
    assertThat(rows(t)).isEqualTo(7);
    TestCli.Run again = TestCli.run("feature", "drop", t, "deletionVectors", "--truncate-history");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(5);
    assertThat(again.err()).isEqualTo("error: feature drop deletionVectors of " + t + ": versions still in the log"
        + " use it (versions 6 to 7 committed); run this again with --truncate-history once interval 24 hours"
        + " (delta.dropFeatureTruncateHistory.retentionDuration) has passed since it was last used (without it,"
        + " once interval 30 days (delta.logRetentionDuration) has)\n");
  }

  @TestFactory
  Stream<DynamicTest> listWorksOrRefusesInOneLineOnTheConformanceCorpus() throws IOException {
    List<Path> tables;
    try (Stream<Path> s = Files.list(TestCli.conformance())) {
      tables = s.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(tables).isNotEmpty();
    return tables.stream().map(t -> DynamicTest.dynamicTest("feature list " + t.getFileName(), () -> {
      Map<String, String> before = TestCli.fingerprint(t);
      TestCli.Run r;
      String by = "Kernel";
      try {
        r = TestCli.onKernelOnly("feature", "list", t.toString(), "-o", "json");
      } catch (AssertionError kernelDeclined) {
        // a table Kernel cannot read (features it does not know): Spark answers, as for describe
        by = "Spark";
        r = TestCli.run("feature", "list", t.toString(), "-o", "json");
      }
      System.out.println("conformance feature list " + t.getFileName() + " (" + by + "): " + (r.exitCode() == 0
          ? Json.parse(r.out()).get("features").findValuesAsText("name") : "exit " + r.exitCode() + ": "
          + r.err().strip()));
      if (r.exitCode() == 0) {
        JsonNode j = Json.parse(r.out());
        assertThat(j.get("table").asText()).isEqualTo(t.toString());
        assertThat(j.get("minReaderVersion").asInt()).isPositive();
        assertThat(j.get("features").isArray()).isTrue();
      } else {
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").doesNotContain("Exception");
      }
      assertThat(TestCli.fingerprint(t)).isEqualTo(before);
    }));
  }
}
