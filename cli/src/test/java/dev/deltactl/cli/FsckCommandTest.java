package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * fsck on tables Spark writes here, with files deleted or damaged by hand: the exact files, rows and bytes a dry
 * run reports (changing nothing), the one commit a repair makes, after which the table reads again with exactly
 * the rows of the remaining files; and a dry run on every table of the conformance corpus (read in place: its
 * files are fingerprinted before and after).
 */
class FsckCommandTest {
  @TempDir Path tmp;

  private static void sql(String statement) {
    TestCli.Run r = TestCli.run("sql", statement, "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static TestCli.Run fsck(String... args) {
    List<String> all = new ArrayList<>(List.of("fsck"));
    all.addAll(List.of(args));
    return TestCli.run(all.toArray(String[]::new));
  }

  private static JsonNode json(int exit, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-o", "json"));
    TestCli.Run r = fsck(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    return Json.parse(r.out());
  }

  private static TestCli.Run count(String t) {
    return TestCli.run("time-travel", "show", t, "--count", "-o", "json");
  }

  private static long rows(String t) {
    TestCli.Run r = count(t);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out()).get("count").asLong();
  }

  /** The files of a folder whose names end so, sorted. */
  private static List<Path> files(Path folder, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static long commits(Path table) throws IOException {
    return files(table.resolve("_delta_log"), ".json").size();
  }

  private static JsonNode lastCommit(String t) {
    TestCli.Run h = TestCli.run("history", t, "-n", "1", "-o", "json");
    assertThat(h.exitCode()).as(h.toString()).isZero();
    return Json.parse(h.out()).get(0);
  }

  /** One file per region: eu (ids 1, 2), us (3), apac (4, 5, 6); version 1. */
  private Path partitioned() {
    Path table = tmp.resolve("sales");
    String t = table.toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT, region STRING) USING delta PARTITIONED BY (region)");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(1) */ * FROM VALUES (1L, 'eu'), (2L, 'eu'), (3L, 'us'),"
        + " (4L, 'apac'), (5L, 'apac'), (6L, 'apac') AS v(id, region)");
    return table;
  }

  @Test
  void aDataFileDeletedByHandIsFoundThenItsEntryRemovedInOneCommit() throws IOException {
    Path table = partitioned();
    String t = table.toString();
    Path eu = files(table.resolve("region=eu"), ".parquet").get(0);
    long euBytes = Files.size(eu);
    String euPath = "region=eu/" + eu.getFileName();
    assertThat(rows(t)).isEqualTo(6);
    JsonNode healthy = json(0, t);
    assertThat(healthy.get("status").asText()).isEqualTo("HEALTHY");
    assertThat(healthy.get("dataFiles").asLong()).isEqualTo(3);
    assertThat(healthy.get("problems")).isEmpty();

    Files.delete(eu);
    Map<String, String> before = TestCli.fingerprint(table);
    TestCli.Run broken = count(t);
    assertThat(broken.exitCode()).as(broken.toString()).isNotZero();

    // the dry run: exit 6, the file, its rows and bytes; nothing changed
    JsonNode dry = json(6, t);
    assertThat(dry.get("status").asText()).isEqualTo("PROBLEMS");
    assertThat(dry.get("version").asLong()).isEqualTo(1);
    assertThat(dry.get("problems")).hasSize(1);
    JsonNode p = dry.get("problems").get(0);
    assertThat(p.get("path").asText()).isEqualTo(euPath);
    assertThat(p.get("kind").asText()).isEqualTo("DATA");
    assertThat(p.get("issue").asText()).isEqualTo("MISSING");
    assertThat(p.get("entry").asText()).isEqualTo(euPath);
    assertThat(p.get("rows").asLong()).isEqualTo(2);
    assertThat(p.get("bytes").asLong()).isEqualTo(euBytes);
    assertThat(dry.get("totals").toString()).isEqualTo("{\"entries\":1,\"rows\":2,\"entriesWithUnknownRows\":0,"
        + "\"bytes\":" + euBytes + "}");
    assertThat(dry.get("committedVersion").isNull()).isTrue();
    TestCli.Run table1 = fsck(t);
    assertThat(table1.exitCode()).isEqualTo(6);
    assertThat(table1.out()).contains("dry run: nothing was changed; --repair removes these entries")
        .contains(euPath.substring(0, 20)).contains("| data | missing |");
    TestCli.Run csv = fsck(t, "-o", "csv");
    assertThat(csv.out().lines().toList()).containsExactly("path,kind,problem,entry,rows,bytes,detail",
        euPath + ",data,missing," + euPath + ",2," + euBytes + ",");
    assertThat(TestCli.fingerprint(table)).isEqualTo(before);

    // the repair: one commit removing that entry; the table reads again, the other regions' rows exactly
    JsonNode repaired = json(0, t, "--repair");
    assertThat(repaired.get("status").asText()).isEqualTo("REPAIRED");
    assertThat(repaired.get("committedVersion").asLong()).isEqualTo(2);
    assertThat(repaired.get("problems").get(0).get("path").asText()).isEqualTo(euPath);
    assertThat(rows(t)).isEqualTo(4);
    TestCli.Run ids = TestCli.run("sql", "SELECT id FROM delta.`" + t + "` ORDER BY id", "-o", "csv");
    assertThat(ids.out().lines().toList()).containsExactly("id", "3", "4", "5", "6");
    JsonNode commit = lastCommit(t);
    assertThat(commit.get("version").asLong()).isEqualTo(2);
    assertThat(commit.get("operation").asText()).isEqualTo("Manual Update");
    assertThat(commit.get("engineInfo").asText()).isEqualTo("Kernel-4.4.0/deltactl fsck --repair: removed 1 entry"
        + " whose files are missing or unreadable: " + euPath);
    String log = Files.readString(table.resolve("_delta_log/00000000000000000002.json"));
    assertThat(log.lines().filter(l -> l.startsWith("{\"remove\"")).toList()).singleElement().satisfies(l -> {
      JsonNode remove = Json.parse(l).get("remove");
      assertThat(remove.get("path").asText()).isEqualTo(euPath);
      assertThat(remove.get("dataChange").asBoolean()).isTrue();
      assertThat(remove.get("size").asLong()).isEqualTo(euBytes);
      assertThat(remove.get("partitionValues").toString()).isEqualTo("{\"region\":\"eu\"}");
    });
    assertThat(log.lines().filter(l -> l.startsWith("{\"add\"")).toList()).isEmpty();

    // healthy again: no commit, with or without --repair
    Map<String, String> repairedPrint = TestCli.fingerprint(table);
    JsonNode again = json(0, t, "--repair");
    assertThat(again.get("status").asText()).isEqualTo("HEALTHY");
    assertThat(again.get("committedVersion").isNull()).isTrue();
    assertThat(again.get("dataFiles").asLong()).isEqualTo(2);
    assertThat(TestCli.fingerprint(table)).isEqualTo(repairedPrint);
  }

  @Test
  void aHealthyTableGetsNoCommit() throws IOException {
    Path table = partitioned();
    Map<String, String> before = TestCli.fingerprint(table);
    TestCli.Run r = fsck(table.toString(), "--repair", "--verify");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("healthy: every file is there and reads; nothing committed")
        .contains("3 data files, 0 deletion vector files (data files' Parquet footers read)");
    assertThat(TestCli.fingerprint(table)).isEqualTo(before);
    assertThat(commits(table)).isEqualTo(2);
  }

  @Test
  void aDeletionVectorFileDeletedByHandLosesItsDataFilesEntry() throws IOException {
    Path table = tmp.resolve("dv");
    String t = table.toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(1) */ id FROM range(1, 6)");
    Path first = files(table, ".parquet").get(0);
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(1) */ id FROM range(10, 12)");
    sql("DELETE FROM delta.`" + t + "` WHERE id = 2");
    assertThat(rows(t)).isEqualTo(6);
    List<Path> dvs = files(table, ".bin");
    assertThat(dvs).hasSize(1);
    Files.delete(dvs.get(0));
    assertThat(count(t).exitCode()).isNotZero();

    JsonNode dry = json(6, t);
    assertThat(dry.get("dataFiles").asLong()).isEqualTo(2);
    assertThat(dry.get("deletionVectorFiles").asLong()).isEqualTo(1);
    JsonNode p = dry.get("problems").get(0);
    assertThat(dry.get("problems")).hasSize(1);
    assertThat(p.get("path").asText()).isEqualTo(dvs.get(0).getFileName().toString());
    assertThat(p.get("kind").asText()).isEqualTo("DELETION_VECTOR");
    assertThat(p.get("issue").asText()).isEqualTo("MISSING");
    assertThat(p.get("entry").asText()).isEqualTo(first.getFileName().toString());
    assertThat(p.get("rows").asLong()).isEqualTo(4); // 5 records, 1 deleted
    assertThat(p.get("bytes").asLong()).isEqualTo(Files.size(first));

    JsonNode repaired = json(0, t, "--repair");
    assertThat(repaired.get("committedVersion").asLong()).isEqualTo(4);
    assertThat(rows(t)).isEqualTo(2);
    String log = Files.readString(table.resolve("_delta_log/00000000000000000004.json"));
    JsonNode remove = Json.parse(log.lines().filter(l -> l.startsWith("{\"remove\"")).findFirst().orElseThrow())
        .get("remove");
    assertThat(remove.get("path").asText()).isEqualTo(first.getFileName().toString());
    assertThat(remove.get("deletionVector").get("cardinality").asLong()).isEqualTo(1);
    assertThat(json(0, t).get("status").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void aDataFileThatIsNotParquetIsFoundWithVerifyOnly() throws IOException {
    Path table = partitioned();
    String t = table.toString();
    Path us = files(table.resolve("region=us"), ".parquet").get(0);
    long bytes = Files.size(us);
    Files.writeString(us, "x".repeat(100));
    String usPath = "region=us/" + us.getFileName();
    Path crc = us.resolveSibling("." + us.getFileName() + ".crc");

    // without --verify the file is there: nothing found
    assertThat(json(0, t).get("status").asText()).isEqualTo("HEALTHY");
    JsonNode dry = json(6, t, "--verify");
    assertThat(dry.get("verified").asBoolean()).isTrue();
    assertThat(dry.get("problems")).hasSize(1);
    JsonNode p = dry.get("problems").get(0);
    assertThat(p.get("path").asText()).isEqualTo(usPath);
    assertThat(p.get("issue").asText()).isEqualTo("UNREADABLE");
    assertThat(p.get("rows").asLong()).isEqualTo(1);
    assertThat(p.get("bytes").asLong()).isEqualTo(bytes);
    // Hadoop's local file system checks the .crc file Spark wrote next to it first
    assertThat(p.get("detail").asText()).isEqualTo("does not match its .crc checksum file");
    Files.delete(crc);
    assertThat(json(6, t, "--verify").get("problems").get(0).get("detail").asText()).isEqualTo("not a Parquet"
        + " file: " + us.getFileName() + " is not a Parquet file. Expected magic number at tail, but found"
        + " [120, 120, 120, 120]");

    // a short file: said so
    Files.writeString(us, "short");
    assertThat(json(6, t, "--verify").get("problems").get(0).get("detail").asText())
        .isEqualTo("too short to be a Parquet file (5 bytes)");

    JsonNode repaired = json(0, t, "--verify", "--repair");
    assertThat(repaired.get("committedVersion").asLong()).isEqualTo(2);
    assertThat(rows(t)).isEqualTo(5);
    assertThat(json(0, t, "--verify").get("status").asText()).isEqualTo("HEALTHY");
  }

  /** The conformance tables fsck refuses, with the exit code and line. */
  static final Map<String, String> REFUSALS = Map.of(
      "cdc_ict_table", "exit 1: Checksum error: file:<table>/_delta_log/00000000000000000001.json: the file does not"
          + " match its .crc checksum file; if the file is known to be good, delete the stale .crc file next to it",
      "checkpoints_tombstones", "exit 3: <table> is not a Delta table: it has no _delta_log folder",
      "golden", "exit 3: <table> is not a Delta table: it has no _delta_log folder",
      "simple_table_features", "exit 1: fsck reads the log with Delta Kernel, which cannot read <table>: Unsupported"
          + " Delta protocol reader version: table `file:<table>` requires reader version 5 which is unsupported by"
          + " this version of Delta Kernel.",
      "table-with-domain-metadata", "exit 1: <table>/_delta_log/00000000000000000108.json is missing: the log goes"
          + " from version 107 to no later commit; restore the file from a backup before using the table");

  /** The conformance tables shipped without (some of) their data files: entries found, their rows and bytes. */
  static final Map<String, String> MISSING = Map.of(
      "checkpoint_with_partitions", "2 entries, 0 rows (2 unknown), 200 bytes",
      "checkpoints", "12 entries, 12 rows (0 unknown), 18024 bytes",
      "checkpoints_vacuumed", "12 entries, 12 rows (0 unknown), 18024 bytes",
      "latest_not_checkpointed", "1 entries, 5 rows (0 unknown), 1010 bytes",
      "spark-variant-stable-feature-checkpoint", "4 entries, 20000 rows (0 unknown), 667559 bytes",
      "with_checkpoint_no_last_checkpoint", "1 entries, 5 rows (0 unknown), 1010 bytes");

  @TestFactory
  Stream<DynamicTest> everyConformanceTableIsCheckedOrRefusedInOneLineAndNeverChanged() throws IOException {
    return ConformanceTest.tables().stream().map(c -> DynamicTest.dynamicTest("fsck " + c.getFileName(), () -> {
      Map<String, String> before = TestCli.fingerprint(c);
      TestCli.Run r = fsck(c.toString(), "--verify", "-o", "json");
      String outcome = ConformanceTest.outcome(r, c);
      ConformanceTest.report("fsck", c, outcome);
      assertThat(TestCli.fingerprint(c)).as(c.toString()).isEqualTo(before);
      String name = c.getFileName().toString();
      if (REFUSALS.containsKey(name)) {
        assertThat(outcome).as(r.toString()).isEqualTo(REFUSALS.get(name));
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        return;
      }
      JsonNode j = Json.parse(r.out());
      JsonNode totals = j.get("totals");
      if (MISSING.containsKey(name)) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        assertThat(j.get("status").asText()).isEqualTo("PROBLEMS");
        assertThat(totals.get("entries").asLong() + " entries, " + totals.get("rows").asLong() + " rows ("
            + totals.get("entriesWithUnknownRows").asLong() + " unknown), " + totals.get("bytes").asLong() + " bytes")
            .isEqualTo(MISSING.get(name));
        for (JsonNode p : j.get("problems")) {
          assertThat(p.get("issue").asText()).isEqualTo("MISSING");
          assertThat(Files.exists(c.resolve(p.get("path").asText()))).as(p.toString()).isFalse();
        }
      } else {
        assertThat(outcome).as(r.toString()).isEqualTo("ok");
        assertThat(j.get("status").asText()).as(c.toString()).isEqualTo("HEALTHY");
      }
    }));
  }
}
