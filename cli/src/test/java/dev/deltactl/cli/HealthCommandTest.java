package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * health on tables Spark writes here: exact figures, verdicts and exit codes. The main table has 220 small files,
 * deletion vectors hiding 286 of 2,020 rows, and 23 commits without a checkpoint (delta.checkpointInterval=1000,
 * so the table's own deltactl.policy.checkpointCommitsDue=20 is what makes the checkpoint due).
 */
class HealthCommandTest {
  @TempDir static Path tmp;
  private static String table;
  private static long filesWithDeletes;

  private static void sql(String statement) {
    TestCli.Run r = TestCli.run("sql", statement, "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static long count(String query) {
    TestCli.Run r = TestCli.run("sql", query, "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().strip());
  }

  @BeforeAll
  static void writeTable() {
    table = tmp.resolve("t").toString();
    sql("CREATE TABLE delta.`" + table + "` (id BIGINT) USING delta TBLPROPERTIES ("
        + "'delta.enableDeletionVectors' = 'true', 'delta.checkpointInterval' = '1000',"
        + " 'deltactl.policy.checkpointCommitsDue' = '20')");
    sql("INSERT INTO delta.`" + table + "` SELECT /*+ REPARTITION(200) */ id FROM range(2000)");
    filesWithDeletes = count("SELECT count(DISTINCT _metadata.file_path) AS n FROM delta.`" + table
        + "` WHERE id % 7 = 0");
    // a file holds ids 200 apart: % 7 deletes at most 2 of its 10 rows, so no file is emptied (and removed)
    sql("DELETE FROM delta.`" + table + "` WHERE id % 7 = 0");
    for (int i = 0; i < 20; i++) {
      sql("INSERT INTO delta.`" + table + "` VALUES (" + (10_000 + i) + ")");
    }
  }

  private static long newestDataFileSize(Path table) throws IOException {
    try (var files = Files.walk(table)) {
      Path newest = files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
          .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified())).orElseThrow();
      return Files.size(newest);
    }
  }

  private static TestCli.Run health(String... args) {
    List<String> all = new ArrayList<>(List.of("health"));
    all.addAll(List.of(args));
    return TestCli.run(all.toArray(String[]::new));
  }

  private static JsonNode json(TestCli.Run r) {
    return Json.parse(r.out());
  }

  @Test
  void everyFigureComesFromTheLogWithExactValues() throws IOException {
    TestCli.Run r = health(table, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode h = json(r);
    long dataBytes;
    try (var files = Files.list(Path.of(table))) {
      dataBytes = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sum();
    }
    assertThat(h.get("table").asText()).isEqualTo(table);
    assertThat(h.get("verdict").asText()).isEqualTo("due");
    assertThat(h.get("version").asLong()).isEqualTo(22);
    assertThat(h.get("numFiles").asLong()).isEqualTo(220);
    assertThat(h.get("sizeInBytes").asLong()).isEqualTo(dataBytes);
    assertThat(h.get("smallFileThreshold").asLong()).isEqualTo(64L << 20);
    assertThat(h.get("numSmallFiles").asLong()).isEqualTo(220);
    assertThat(h.get("smallFileShare").asDouble()).isEqualTo(1.0);
    assertThat(h.get("minFileSize").asLong()).isLessThanOrEqualTo(h.get("medianFileSize").asLong());
    assertThat(h.get("maxFileSize").asLong()).isGreaterThanOrEqualTo(h.get("p95FileSize").asLong());
    assertThat(h.get("numRecords").asLong()).isEqualTo(2020);
    assertThat(h.get("numDeletedRows").asLong()).isEqualTo(286);
    assertThat(h.get("deletedRowShare").asDouble()).isEqualTo(286.0 / 2020);
    assertThat(h.get("filesWithDeletionVectors").asLong()).isEqualTo(filesWithDeletes);
    assertThat(h.get("filesWithoutStats").asLong()).isZero();
    assertThat(h.get("lastCheckpointVersion").isNull()).isTrue();
    assertThat(h.get("commitsSinceCheckpoint").asLong()).isEqualTo(23);
    assertThat(h.get("checkpointInterval").asInt()).isEqualTo(1000);
    assertThat(h.get("numCommitFiles").asLong()).isEqualTo(23);
    assertThat(h.get("logFilesPastRetention").asLong()).isZero();
    assertThat(h.get("logRetention").asText()).isEqualTo("PT720H");
    assertThat(h.get("lastOptimizeVersion").isNull()).isTrue();
    assertThat(h.get("commitsSinceOptimize").asLong()).isEqualTo(23);
    // every data file in the folder was written by a commit since (none was removed: the delete wrote vectors)
    assertThat(h.get("bytesWrittenSinceOptimize").asLong()).isEqualTo(dataBytes);
    // the delete removed each file it wrote a deletion vector for and added it again: no file left the table
    assertThat(h.get("removedFiles").asLong()).isZero();
    assertThat(h.get("reclaimableFiles").asLong()).isZero();
    assertThat(h.get("deletedFileRetention").asText()).isEqualTo("PT168H");
    assertThat(h.get("columnsWithoutStats").size()).isZero();
    assertThat(h.get("bloomIndexedColumns").size()).isZero();
    assertThat(h.has("statsAdvice")).isFalse();
    assertThat(h.get("minReaderVersion").asInt()).isEqualTo(3);
    assertThat(h.get("minWriterVersion").asInt()).isEqualTo(7);
    assertThat(h.get("tableFeatures").toString()).contains("\"deletionVectors\"");
    assertThat(h.get("maintenanceProperties").get("delta.checkpointInterval").asText()).isEqualTo("1000");
    assertThat(h.get("maintenanceProperties").get("delta.logRetentionDuration").asText())
        .isEqualTo("interval 30 days");
    assertThat(h.get("policy").get("checkpointCommitsDue").asLong()).isEqualTo(20);
    assertThat(h.get("sizeHistogram").get(0).get("files").asLong()).isEqualTo(220);
    assertThat(h.get("partitions").size()).isZero();
    List<String> verdicts = new ArrayList<>();
    h.get("checks").forEach(c -> verdicts.add(c.get("name").asText() + "=" + c.get("verdict").asText()));
    assertThat(verdicts).containsExactly("smallFiles=due", "deletedRows=due", "checkpoint=due", "logCleanup=ok",
        "statistics=ok", "vacuum=ok");
    JsonNode checkpoint = h.get("checks").get(2);
    assertThat(checkpoint.get("value").asLong()).isEqualTo(23);
    assertThat(checkpoint.get("threshold").asText()).isEqualTo(">= 20 commits");
    assertThat(checkpoint.get("reason").asText())
        .isEqualTo("23 commits since the table was created, never a checkpoint: run checkpoint");
  }

  @Test
  void failOnDueExits6AndWithoutItVerdictsNeverChangeTheExitCode() {
    assertThat(health(table, "-q").exitCode()).isZero();
    TestCli.Run due = health(table, "--fail-on", "due", "-o", "csv");
    assertThat(due.exitCode()).as(due.toString()).isEqualTo(6);
    assertThat(due.err()).isEmpty();
    assertThat(due.out().lines().toList()).hasSize(2);
    assertThat(due.out().lines().findFirst().orElseThrow()).startsWith("table,version,numFiles,sizeInBytes,")
        .endsWith(",verdict,smallFiles,deletedRows,checkpoint,logCleanup,statistics,vacuum");
    assertThat(due.out().lines().skip(1).findFirst().orElseThrow()).endsWith(",due,due,due,due,ok,ok,ok");
    TestCli.Run bad = health(table, "--fail-on", "bad", "-o", "json");
    assertThat(bad.exitCode()).as(bad.toString()).isZero();
    // a stricter policy for this run makes the checkpoint bad: --fail-on bad then exits 6
    TestCli.Run strict = health(table, "--fail-on", "bad", "--policy", "checkpointCommitsBad=23", "-o", "json");
    assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(6);
    assertThat(json(strict).get("checks").get(2).get("verdict").asText()).isEqualTo("bad");
  }

  @Test
  void theOptionsWinOverTheTablesPropertiesWhichWinOverThePolicyFile() throws IOException {
    Path file = tmp.resolve("policy.properties");
    Files.writeString(file, "# nightly policy\ncheckpointCommitsDue=5\nsmallFilesDue=1000\ndeletedRowShareDue=20%\n");
    JsonNode h = json(health(table, "--policy-file", file.toString(), "--policy", "deletedRowShareDue=0.09",
        "-o", "json"));
    assertThat(h.get("policy").get("checkpointCommitsDue").asLong()).isEqualTo(20); // the table's, over the file
    assertThat(h.get("policy").get("smallFilesDue").asLong()).isEqualTo(1000); // the file's
    assertThat(h.get("policy").get("deletedRowShareDue").asDouble()).isEqualTo(0.09); // the option's
    List<String> verdicts = new ArrayList<>();
    h.get("checks").forEach(c -> verdicts.add(c.get("verdict").asText()));
    assertThat(verdicts).containsExactly("ok", "due", "due", "ok", "ok", "ok");
    JsonNode relaxed = json(health(table, "--policy", "checkpointCommitsDue=24", "-o", "json"));
    assertThat(relaxed.get("checks").get(2).get("verdict").asText()).isEqualTo("ok");
  }

  @Test
  void anUnknownPolicyKeyIsExit2NamingTheNearestAndNoTableIsRead() {
    TestCli.Run r = health(table, "--policy", "smallFileDue=3");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).containsExactly("error: unknown policy key 'smallFileDue' in --policy:"
        + " did you mean smallFilesDue? (known keys: smallFileSize, smallFilesDue, smallFileShareDue, smallFilesBad,"
        + " deletedRowShareDue, deletedRowShareBad, checkpointCommitsDue, checkpointCommitsBad,"
        + " logFilesPastRetentionDue, logFilesPastRetentionBad, filesWithoutStatsDue, reclaimableFilesDue,"
        + " reclaimableBytesBad)");
  }

  @Test
  void aMissingTableAmongSeveralIsOneLineExit3AndTheOthersAreReported() {
    String missing = tmp.resolve("missing").toString();
    TestCli.Run r = health(missing, table, "--fail-on", "due", "-o", "json");
    assertThat(r.exitCode()).as("an error wins over the policy's 6").isEqualTo(3);
    assertThat(r.err().lines().toList()).containsExactly("error: path not found: " + missing);
    JsonNode all = json(r);
    assertThat(all.isArray()).isTrue();
    assertThat(all.size()).isEqualTo(1);
    assertThat(all.get(0).get("table").asText()).isEqualTo(table);
    TestCli.Run alone = health(missing);
    assertThat(alone.exitCode()).isEqualTo(3);
    assertThat(alone.out()).isEmpty();
    assertThat(alone.err().lines().toList()).containsExactly("error: path not found: " + missing);
  }

  /** Gives every commit, checkpoint and checksum file of the log a time 40 days ago, plus a minute per version. */
  private static void ageTheLog(Path table) throws IOException {
    Instant old = Instant.now().minus(40, ChronoUnit.DAYS);
    try (var files = Files.list(table.resolve("_delta_log"))) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("\\d{20}\\..*")) {
          long version = Long.parseLong(n.substring(0, 20));
          Files.setLastModifiedTime(p, FileTime.from(old.plus(version, ChronoUnit.MINUTES)));
        }
      }
    }
  }

  @Test
  void logFilesPastTheRetentionAreExactlyThoseLogCleanupDeletes() throws IOException {
    Path copy = TestCli.copy(Path.of(table), tmp.resolve("old"));
    // every file is 40 days old, but no checkpoint is: log-cleanup deletes nothing, so nothing is past retention
    ageTheLog(copy);
    JsonNode none = json(health(copy.toString(), "--policy", "logFilesPastRetentionDue=1", "-o", "json"));
    assertThat(none.get("logFilesPastRetention").asLong()).isZero();
    assertThat(none.get("logBytesPastRetention").asLong()).isZero();
    assertThat(none.get("checks").get(3).get("verdict").asText()).isEqualTo("ok");
    assertThat(none.get("checks").get(3).get("reason").asText()).isEqualTo("0 _delta_log files (0 B) are older than"
        + " the log retention 720h and before a checkpoint that is");
    JsonNode nothing = Json.parse(TestCli.run("log-cleanup", copy.toString(), "--dry-run", "-o", "json").out());
    assertThat(nothing.get("plan").get("files").size()).isZero();

    // a checkpoint of the last version (22), aged too: the commits and checksums of versions 0..21 go
    TestCli.Run checkpoint = TestCli.run("checkpoint", copy.toString(), "-q");
    assertThat(checkpoint.exitCode()).as(checkpoint.toString()).isZero();
    ageTheLog(copy);
    long expected = 0;
    long expectedBytes = 0;
    try (var files = Files.list(copy.resolve("_delta_log"))) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("\\d{20}\\.(json|crc)") && Long.parseLong(n.substring(0, 20)) < 22) {
          expected++;
          expectedBytes += Files.size(p);
        }
      }
    }
    assertThat(expected).isEqualTo(44);
    JsonNode h = json(health(copy.toString(), "--policy", "logFilesPastRetentionDue=44", "-o", "json"));
    TestCli.Run dry = TestCli.run("log-cleanup", copy.toString(), "--dry-run", "-o", "json");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    JsonNode plan = Json.parse(dry.out()).get("plan");
    assertThat(h.get("logFilesPastRetention").asLong()).isEqualTo(expected).isEqualTo(plan.get("files").size());
    assertThat(h.get("logBytesPastRetention").asLong()).isEqualTo(expectedBytes)
        .isEqualTo(plan.get("totalBytes").asLong());
    assertThat(h.get("checks").get(3).get("verdict").asText()).isEqualTo("due");
    assertThat(h.get("checks").get(3).get("reason").asText()).isEqualTo("44 _delta_log files ("
        + dev.deltactl.core.api.Sizes.human(expectedBytes) + ") are older than the log retention 720h and before a"
        + " checkpoint that is: run log-cleanup");

    // a table that keeps its log: log-cleanup refuses it (exit 5), so nothing is past retention for health
    TestCli.Run keep = TestCli.run("properties", "set", copy.toString(), "delta.enableExpiredLogCleanup=false", "-q");
    assertThat(keep.exitCode()).as(keep.toString()).isZero();
    JsonNode kept = json(health(copy.toString(), "--policy", "logFilesPastRetentionDue=1", "-o", "json"));
    assertThat(kept.get("logFilesPastRetention").asLong()).isZero();
    assertThat(kept.get("checks").get(3).get("verdict").asText()).isEqualTo("ok");
    assertThat(TestCli.run("log-cleanup", copy.toString(), "--dry-run").exitCode()).isEqualTo(5);
  }

  /**
   * Tombstones from the log: an overwrite removes the 3 files of the first insert. With a retention of 1 second they
   * are reclaimable a moment later (vacuum is due, bad under a policy of 1 byte); under Delta's default of 1 week
   * they are removed but not reclaimable, and vacuum is ok.
   */
  @Test
  void filesRemovedLongerAgoThanTheRetentionAreReclaimableAndMakeVacuumDue() throws IOException, InterruptedException {
    String t = tmp.resolve("removed").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT) USING delta TBLPROPERTIES ("
        + "'delta.deletedFileRetentionDuration' = 'interval 1 seconds')");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(3) */ id FROM range(30)");
    sql("INSERT OVERWRITE delta.`" + t + "` VALUES (1)");
    long all;
    try (var files = Files.list(Path.of(t))) {
      all = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length())
          .sum();
    }
    long removedBytes = all - newestDataFileSize(Path.of(t));
    Thread.sleep(1500);
    TestCli.Run r = health(t, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode h = json(r);
    assertThat(h.get("numFiles").asLong()).isEqualTo(1);
    assertThat(h.get("deletedFileRetention").asText()).isEqualTo("PT1S");
    assertThat(h.get("removedFiles").asLong()).isEqualTo(3);
    assertThat(h.get("removedBytes").asLong()).isEqualTo(removedBytes);
    assertThat(h.get("reclaimableFiles").asLong()).isEqualTo(3);
    assertThat(h.get("reclaimableBytes").asLong()).isEqualTo(removedBytes);
    JsonNode vacuum = h.get("checks").get(5);
    assertThat(vacuum.get("name").asText()).isEqualTo("vacuum");
    assertThat(vacuum.get("verdict").asText()).isEqualTo("due");
    assertThat(vacuum.get("value").asLong()).isEqualTo(3);
    assertThat(vacuum.get("threshold").asText()).isEqualTo(">= 1 files");
    assertThat(vacuum.get("reason").asText()).isEqualTo("3 files (" + dev.deltactl.core.api.Sizes.human(removedBytes)
        + ") removed over 1s ago may still be in storage: run vacuum");
    JsonNode bad = json(health(t, "--policy", "reclaimableBytesBad=1", "-o", "json")).get("checks").get(5);
    assertThat(bad.get("verdict").asText()).isEqualTo("bad");
    assertThat(bad.get("threshold").asText()).isEqualTo(">= 1 B");
    JsonNode off = json(health(t, "--policy", "reclaimableFilesDue=0", "-o", "json")).get("checks").get(5);
    assertThat(off.get("verdict").asText()).isEqualTo("ok");

    sql("ALTER TABLE delta.`" + t + "` UNSET TBLPROPERTIES ('delta.deletedFileRetentionDuration')");
    JsonNode week = json(health(t, "-o", "json"));
    assertThat(week.get("deletedFileRetention").asText()).isEqualTo("PT168H");
    assertThat(week.get("removedFiles").asLong()).isEqualTo(3);
    assertThat(week.get("reclaimableFiles").asLong()).isZero();
    assertThat(week.get("checks").get(5).get("verdict").asText()).isEqualTo("ok");
    assertThat(week.get("checks").get(5).get("reason").asText())
        .isEqualTo("0 files (0 B) removed over 168h ago may still be in storage");
  }

  /** Statistics on the first column only: the z-order column and a bloom-indexed one beyond it get none. */
  @Test
  void columnsThatAZOrderOrABloomIndexNamesWithoutStatisticsMakeStatisticsDue() {
    String t = tmp.resolve("stats").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT, name STRING, city STRING, day DATE) USING delta"
        + " PARTITIONED BY (day) TBLPROPERTIES ('delta.dataSkippingNumIndexedCols' = '1',"
        + " 'deltactl.zorder.by' = 'name', 'deltactl.bloomFilter.city' = 'fpp=0.1,numItems=1000',"
        + " 'deltactl.bloomFilter.id' = 'fpp=0.1,numItems=1000')");
    sql("INSERT INTO delta.`" + t + "` VALUES (1, 'a', 'x', DATE'2026-01-01')");
    TestCli.Run r = health(t, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode h = json(r);
    assertThat(h.get("columnsWithoutStats").toString()).isEqualTo("[\"name\",\"city\"]");
    assertThat(h.get("bloomIndexedColumns").toString()).isEqualTo("[\"city\",\"id\"]");
    JsonNode statistics = h.get("checks").get(4);
    assertThat(statistics.get("verdict").asText()).isEqualTo("due");
    assertThat(statistics.get("reason").asText()).isEqualTo("0 data files have no statistics; columns name, city are"
        + " named by deltactl.zorder.by or deltactl.bloomFilter.* but get no statistics: set"
        + " delta.dataSkippingStatsColumns to include name, city, or raise delta.dataSkippingNumIndexedCols to 3,"
        + " then optimize rewrites the files with them");
  }

  @Test
  void theLastCheckpointAndTheLastOptimizeAndThePartitions() throws IOException {
    String t = tmp.resolve("p").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT, part STRING) USING delta PARTITIONED BY (part)"
        + " TBLPROPERTIES ('delta.checkpointInterval' = '2')");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(3) */ id, IF(id < 30, 'a', 'b') FROM range(40)");
    sql("OPTIMIZE delta.`" + t + "`");
    sql("INSERT INTO delta.`" + t + "` VALUES (100, 'a')");
    TestCli.Run r = health(t, "--by-partition", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode h = json(r);
    assertThat(h.get("version").asLong()).isEqualTo(3);
    assertThat(h.get("lastCheckpointVersion").asLong()).isEqualTo(2);
    assertThat(h.get("lastCheckpointKind").asText()).isEqualTo("classic");
    assertThat(h.get("lastCheckpointAgeSeconds").asLong()).isBetween(0L, 600L);
    assertThat(h.get("commitsSinceCheckpoint").asLong()).isEqualTo(1);
    assertThat(h.get("lastOptimizeVersion").asLong()).isEqualTo(2);
    assertThat(h.get("commitsSinceOptimize").asLong()).isEqualTo(1);
    // the insert after OPTIMIZE wrote one file: the newest in the folder
    assertThat(h.get("bytesWrittenSinceOptimize").asLong()).isEqualTo(newestDataFileSize(Path.of(t)));
    assertThat(h.get("numFiles").asLong()).isEqualTo(3);
    List<String> parts = new ArrayList<>();
    h.get("partitions").forEach(p -> parts.add(p.get("partition").asText() + ":" + p.get("numFiles").asLong()));
    assertThat(parts).containsExactly("part=a:2", "part=b:1");
    TestCli.Run text = health(t, "--by-partition");
    assertThat(text.out()).contains("checks", "file sizes", "partitions", "lastCheckpoint          version 2 (classic, ");
  }

  /**
   * The issue's table, scaled to 500 small files (2,000 took 114 s here, mostly Spark writing and deleting): deletion
   * vectors, and 300 commits after them that no writer checkpointed (written as a writer without checkpoints leaves
   * them: commitInfo only), on the default interval.
   */
  @Test
  void theIssuesTableOfSmallFilesDeletionVectorsAnd300CommitsWithoutACheckpointIsDue() throws IOException {
    String t = tmp.resolve("big").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(500) */ id FROM range(5000)");
    // a file holds ids 500 apart: % 7 deletes at most 2 of its 10 rows, so no file is emptied (and removed)
    sql("DELETE FROM delta.`" + t + "` WHERE id % 7 = 0");
    Path log = Path.of(t, "_delta_log");
    long start = Instant.now().toEpochMilli();
    for (int v = 3; v < 303; v++) {
      Files.writeString(log.resolve(String.format("%020d.json", v)), "{\"commitInfo\":{\"timestamp\":" + (start + v)
          + ",\"operation\":\"WRITE\",\"operationParameters\":{\"mode\":\"Append\"},\"readVersion\":" + (v - 1)
          + ",\"isBlindAppend\":true,\"engineInfo\":\"another-writer\"}}\n");
    }
    assertThat(count("SELECT count(*) AS n FROM delta.`" + t + "`")).as("Spark reads the log").isEqualTo(4285);
    long t0 = System.nanoTime();
    TestCli.Run r = health(t, "--fail-on", "due", "-o", "json");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.err.println("health of 500 files and 303 commits: " + millis + " ms");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    JsonNode h = json(r);
    assertThat(h.get("version").asLong()).isEqualTo(302);
    assertThat(h.get("numFiles").asLong()).isEqualTo(500);
    assertThat(h.get("numSmallFiles").asLong()).isEqualTo(500);
    assertThat(h.get("numRecords").asLong()).isEqualTo(5000);
    assertThat(h.get("numDeletedRows").asLong()).isEqualTo(715);
    assertThat(h.get("deletedRowShare").asDouble()).isEqualTo(0.143);
    assertThat(h.get("commitsSinceCheckpoint").asLong()).isEqualTo(303);
    assertThat(h.get("numCommitFiles").asLong()).isEqualTo(303);
    assertThat(h.get("lastCheckpointVersion").isNull()).isTrue();
    List<String> verdicts = new ArrayList<>();
    h.get("checks").forEach(c -> verdicts.add(c.get("name").asText() + "=" + c.get("verdict").asText()));
    assertThat(verdicts).containsExactly("smallFiles=due", "deletedRows=due", "checkpoint=due", "logCleanup=ok",
        "statistics=ok", "vacuum=ok");
  }

  @Test
  void aTableKernelCannotReadHereIsRefusedInOneLineAndSparkIsNotStarted() {
    TestCli.Run name = health("db.t");
    assertThat(name.exitCode()).isEqualTo(1);
    assertThat(name.err().lines().toList()).containsExactly("error: health reads the log with Delta Kernel in this"
        + " process and cannot read db.t here: a metastore table (Kernel reads paths); give the table's location"
        + " (describe shows it)");
    TestCli.Run off = health(table, "--conf", "deltactl.kernel=false");
    assertThat(off.exitCode()).isEqualTo(1);
    assertThat(off.err().lines().toList()).containsExactly("error: health reads the log with Delta Kernel in this"
        + " process and cannot read " + table + " here: deltactl.kernel=false");
  }
}
