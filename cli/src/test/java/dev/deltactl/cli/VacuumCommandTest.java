package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VacuumCommandTest {
  @TempDir Path tmp;

  private static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private static void sql(String statement) {
    TestCli.Run r = TestCli.run("sql", statement, "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static String fingerprint(String table, long version) {
    TestCli.Run r = TestCli.run("sql", "SELECT count(*) AS n, sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h FROM delta.`"
        + table + "` VERSION AS OF " + version, "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  /** Every file under the table with its size and modification time, relative paths. */
  private static Map<String, String> listing(Path table) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(table)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(table.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  /** The data files the current version reads. */
  private static List<String> referenced(String table) {
    TestCli.Run r = TestCli.run("sql", "SELECT DISTINCT _metadata.file_path AS f FROM delta.`" + table + "` ORDER BY f",
        "-o", "csv", "-n", "0");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).map(l -> l.replaceFirst("^file:", "").replace(table + "/", "")).toList();
  }

  private static List<String> dataFiles(Path table) throws IOException {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(Files::isRegularFile).map(p -> table.relativize(p).toString())
          .filter(p -> !p.startsWith("_delta_log") && !p.endsWith(".crc")).sorted().toList();
    }
  }

  /** A table rewritten once: 10 files appended, then compacted, so 10 files are unreferenced. */
  private String rewritten(String name) {
    String t = tmp.resolve(name).toString();
    ok("create", t, "-o", "json", "--as-select", "SELECT /*+ REPARTITION(10) */ id FROM range(100)");
    ok("optimize", t, "-o", "json");
    return t;
  }

  @Test
  void aDryRunListsExactlyTheUnreferencedFilesAndDeletesNothing() throws IOException {
    String t = rewritten("t");
    Map<String, String> before = listing(Path.of(t));
    List<String> unreferenced = new ArrayList<>(dataFiles(Path.of(t)));
    unreferenced.removeAll(referenced(t));
    assertThat(unreferenced).hasSize(10);
    JsonNode r = ok("vacuum", t, "--retain", "0h", "--force", "--dry-run", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("DRY_RUN");
    JsonNode plan = r.get("plan");
    List<String> planned = new ArrayList<>();
    long bytes = 0;
    for (JsonNode f : plan.get("files")) {
      planned.add(f.get("path").asText());
      bytes += f.get("size").asLong();
      assertThat(f.get("size").asLong()).isEqualTo(Files.size(Path.of(t, f.get("path").asText())));
    }
    assertThat(planned).containsExactlyElementsOf(unreferenced);
    assertThat(plan.get("totalBytes").asLong()).isEqualTo(bytes);
    assertThat(plan.get("retention").asText()).isEqualTo("PT0S");
    assertThat(plan.get("tableMinimum").asText()).isEqualTo("PT168H");
    assertThat(plan.get("oldestReadableVersion").asLong()).isEqualTo(1);
    assertThat(listing(Path.of(t))).isEqualTo(before);
  }

  @Test
  @Tag(TestCli.MATRIX)
  void aRealRunDeletesThePlannedFilesOnlyAndKeepsTheLog() throws IOException {
    String t = rewritten("t");
    String rows = fingerprint(t, 1);
    Map<String, String> logBefore = new TreeMap<>(listing(Path.of(t)));
    logBefore.keySet().removeIf(k -> !k.startsWith("_delta_log"));
    List<String> keep = referenced(t);
    JsonNode r = ok("vacuum", t, "--retain", "0h", "--force", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("VACUUMED");
    assertThat(r.get("numDeletedFiles").asLong()).isEqualTo(10);
    assertThat(r.get("bytesReclaimed").asLong()).isEqualTo(r.get("plan").get("totalBytes").asLong());
    assertThat(r.get("version").asLong()).isEqualTo(3);
    assertThat(dataFiles(Path.of(t))).containsExactlyElementsOf(keep);
    assertThat(fingerprint(t, 1)).isEqualTo(rows);
    Map<String, String> logAfter = listing(Path.of(t));
    logBefore.forEach((k, v) -> assertThat(logAfter).as("_delta_log is never touched").containsEntry(k, v));
    JsonNode h = ok("history", t, "-n", "2", "-o", "json");
    assertThat(h.get(0).get("operation").asText()).isEqualTo("VACUUM END");
    assertThat(h.get(1).get("operation").asText()).isEqualTo("VACUUM START");
    assertThat(h.get(0).get("operationMetrics").get("numDeletedFiles").asText()).isEqualTo("10");
  }

  @Test
  void aRetentionBelowTheTableMinimumIsRefusedUnlessForcedAndForceLeavesTheSessionAsItWas() {
    String t = rewritten("t");
    TestCli.Run refused = TestCli.run("vacuum", t, "--retain", "1h");
    assertThat(refused.exitCode()).isEqualTo(5);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).isEqualTo("error: vacuum refused: retention 1h is below the table minimum 168h"
        + " (delta.deletedFileRetentionDuration); use --force to override\n");
    assertThat(ok("vacuum", t, "--retain", "0h", "--force", "-o", "json").get("numDeletedFiles").asLong())
        .isEqualTo(10);
    assertThat(TestCli.engine().sparkSession().conf().contains("spark.databricks.delta.retentionDurationCheck.enabled"))
        .as("the retention check is lifted for the forced run only").isFalse();
    assertThat(TestCli.run("vacuum", t, "--retain", "1h").exitCode()).isEqualTo(5);
  }

  @Test
  void theDefaultRetentionIsTheTablesOwn() {
    String t = tmp.resolve("t").toString();
    ok("create", t, "-o", "json", "--property", "delta.deletedFileRetentionDuration=interval 2 hours",
        "--as-select", "SELECT 1 AS id");
    JsonNode r = ok("vacuum", t, "--dry-run", "-o", "json");
    assertThat(r.get("plan").get("retention").asText()).isEqualTo("PT2H");
    assertThat(r.get("plan").get("tableMinimum").asText()).isEqualTo("PT2H");
    assertThat(r.get("plan").get("files").size()).isZero();
    assertThat(TestCli.run("vacuum", t, "--retain", "1h").err())
        .isEqualTo("error: vacuum refused: retention 1h is below the table minimum 2h"
            + " (delta.deletedFileRetentionDuration); use --force to override\n");
  }

  @Test
  void badDurationsAreExit2AndUnknownWriterFeaturesAreRefused() {
    String t = rewritten("t");
    TestCli.Run neg = TestCli.run("vacuum", t, "--retain", "-1h");
    assertThat(neg.exitCode()).isEqualTo(2);
    assertThat(neg.err()).isEqualTo("error: invalid --retain '-1h': expected a number and a unit (ms, s, m, h, d),"
        + " e.g. 30s or 168h\n");
    assertThat(TestCli.run("vacuum", t, "--retain", "soon").exitCode()).isEqualTo(2);
    assertThat(TestCli.run("vacuum", t, "--mode", "fast").exitCode()).isEqualTo(2);
    String guarded = tmp.resolve("guarded").toString();
    ok("create", guarded, "-o", "json", "--property", "delta.feature.vacuumProtocolCheck=supported",
        "--as-select", "SELECT 1 AS id");
    TestCli.Run refused = TestCli.run("vacuum", guarded, "--dry-run");
    assertThat(refused.exitCode()).isEqualTo(5);
    assertThat(refused.err()).isEqualTo("error: vacuum refused: the table uses writer feature vacuumProtocolCheck"
        + " that deltactl does not know; vacuuming could delete files that feature still needs\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void liteAndFullAgreeOnATableWithItsWholeLogAndFullAlsoFindsStrayFiles() throws IOException {
    String full = rewritten("full");
    Path lite = TestCli.copy(Path.of(full), tmp.resolve("lite"));
    Path stray = Path.of(full, "notes", "foo.txt");
    Files.createDirectories(stray.getParent());
    Files.writeString(stray, "not Delta's");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
    JsonNode f = ok("vacuum", full, "--retain", "0h", "--force", "--mode", "full", "-o", "json");
    JsonNode l = ok("vacuum", lite.toString(), "--retain", "0h", "--force", "--mode", "lite", "-o", "json");
    assertThat(f.get("numDeletedFiles").asLong()).isEqualTo(11);
    assertThat(l.get("numDeletedFiles").asLong()).isEqualTo(10);
    List<String> fullPaths = new ArrayList<>();
    f.get("plan").get("files").forEach(n -> fullPaths.add(n.get("path").asText()));
    assertThat(fullPaths).contains("notes/foo.txt");
    assertThat(Files.exists(stray)).isFalse();
    assertThat(dataFiles(lite)).isEqualTo(dataFiles(Path.of(full)));
  }

  /**
   * Gives commits up to {@code upTo} and every data file a time in the past, as if they were that old: the
   * commit files' times (Delta's commit timestamps), the deletion timestamps of the files they removed, and
   * the data files' modification times. Hadoop's checksum files of rewritten commits go with them.
   */
  private static void age(Path table, long upTo, Instant when) throws IOException {
    try (Stream<Path> s = Files.walk(table)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        if (!table.relativize(p).startsWith("_delta_log")) {
          Files.setLastModifiedTime(p, FileTime.from(when));
        }
      }
    }
    for (long v = 0; v <= upTo; v++) {
      String name = String.format("%020d.json", v);
      Path commit = table.resolve("_delta_log").resolve(name);
      String text = Files.readString(commit, StandardCharsets.UTF_8)
          .replaceAll("\"deletionTimestamp\":\\d+", "\"deletionTimestamp\":" + when.toEpochMilli());
      Files.writeString(commit, text, StandardCharsets.UTF_8);
      Files.deleteIfExists(table.resolve("_delta_log").resolve("." + name + ".crc"));
      Files.setLastModifiedTime(commit, FileTime.from(when.plusMillis(v)));
    }
    DeltaLog.clearCache();
  }

  @Test
  void everyVersionInsideTheRetentionWindowReadsTheSameRowsAfterVacuum() throws IOException {
    long deletedInAll = 0;
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      String t = tmp.resolve("h" + seed).toString();
      ok("create", t, "-o", "json", "--property", "delta.deletedFileRetentionDuration=interval 1 hours",
          "--property", "delta.checkpointInterval=1000",
          "--as-select", "SELECT /*+ REPARTITION(3) */ id, id % 5 AS k FROM range(60)");
      int ops = 6;
      for (int i = 0; i < ops; i++) {
        switch (random.nextInt(4)) {
          case 0 -> sql("INSERT INTO delta.`" + t + "` SELECT id + " + (1000 * (i + 1)) + ", id % 5 FROM range(20)");
          case 1 -> sql("DELETE FROM delta.`" + t + "` WHERE k = " + random.nextInt(5));
          case 2 -> ok("optimize", t, "-o", "json");
          default -> sql("INSERT OVERWRITE delta.`" + t + "` SELECT /*+ REPARTITION(2) */ id, id % 5 FROM range("
              + (10 + random.nextInt(50)) + ")");
        }
      }
      long latest = ok("describe", t, "-o", "json").get("version").asLong();
      long cutoffVersion = 1 + random.nextInt((int) latest - 1);
      age(Path.of(t), cutoffVersion, Instant.now().minus(3, ChronoUnit.HOURS));
      // inside the window: the commits younger than the table's minimum retention (1h), which Delta lets you read
      Map<Long, String> before = new TreeMap<>();
      for (long v = cutoffVersion + 1; v <= latest; v++) {
        before.put(v, fingerprint(t, v));
      }
      JsonNode dry = ok("vacuum", t, "--retain", "2h", "--dry-run", "-o", "json");
      assertThat(dry.get("plan").get("oldestReadableVersion").asLong()).as("seed %d", seed)
          .isEqualTo(cutoffVersion + 1);
      JsonNode r = ok("vacuum", t, "--retain", "2h", "-o", "json");
      assertThat(r.get("numDeletedFiles").asLong()).as("seed %d", seed)
          .isEqualTo(dry.get("plan").get("files").size());
      deletedInAll += r.get("numDeletedFiles").asLong();
      System.out.printf("vacuum history seed %d: %d commits, cutoff %d, %d files deleted%n", seed, latest,
          cutoffVersion, r.get("numDeletedFiles").asLong());
      for (Map.Entry<Long, String> e : before.entrySet()) {
        assertThat(fingerprint(t, e.getKey())).as("seed %d version %d", seed, e.getKey()).isEqualTo(e.getValue());
      }
    }
    assertThat(deletedInAll).as("the histories removed files old enough to be deleted").isPositive();
  }
}
