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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * maintain over ten tables Spark writes here: some due for optimize and checkpoint, one z-ordered by its own
 * property, one with a bloom index, one with expired log files, healthy ones, a missing one, a folder that is not
 * a table, and one that a concurrent appender writes to while maintain runs. Exact steps, statuses, figures, rows
 * and exit codes; a dry run changes no byte.
 */
@Tag(TestCli.NOT_ON_CLUSTER)
class MaintainCommandTest {
  @TempDir static Path tmp;
  private static Path template;
  private static Path healthy;

  private static void sql(String statement) {
    TestCli.Run r = TestCli.run("sql", statement, "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private static String rows(Path t) {
    TestCli.Run r = TestCli.run("sql", "SELECT count(*) AS n, count(DISTINCT id) AS d, sum(id) AS s FROM delta.`" + t
        + "`", "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  /** 62 small files (600 + 2 rows), 4 commits and no checkpoint: optimize and checkpoint are due. */
  @BeforeAll
  static void writeTables() {
    template = tmp.resolve("template");
    sql("CREATE TABLE delta.`" + template + "` (id BIGINT, k STRING) USING delta TBLPROPERTIES ("
        + "'delta.checkpointInterval' = '1000', 'deltactl.policy.checkpointCommitsDue' = '2')");
    sql("INSERT INTO delta.`" + template + "` SELECT /*+ REPARTITION(60) */ id, CAST(id % 13 AS STRING) FROM range(600)");
    sql("INSERT INTO delta.`" + template + "` VALUES (1000, 'a')");
    sql("INSERT INTO delta.`" + template + "` VALUES (1001, 'b')");
    healthy = tmp.resolve("healthy-template");
    sql("CREATE TABLE delta.`" + healthy + "` (id BIGINT) USING delta TBLPROPERTIES ('delta.checkpointInterval' = '1')");
    sql("INSERT INTO delta.`" + healthy + "` SELECT id FROM range(10)");
  }

  private static final String TEMPLATE_ROWS = "n,d,s\r\n602,602,181701\r\n";

  /** The ten tables of a run, fresh copies, in order. */
  private static Map<String, Path> tables(Path dir) throws IOException {
    Map<String, Path> t = new LinkedHashMap<>();
    t.put("due", TestCli.copy(template, dir.resolve("due")));
    t.put("zordered", TestCli.copy(template, dir.resolve("zordered")));
    sql("ALTER TABLE delta.`" + t.get("zordered") + "` SET TBLPROPERTIES ('deltactl.zorder.by' = 'k')");
    t.put("bloom", TestCli.copy(template, dir.resolve("bloom")));
    TestCli.Run b = TestCli.run("bloom-index", "create", t.get("bloom").toString(), "--column", "k", "-q");
    assertThat(b.exitCode()).as(b.toString()).isZero();
    t.put("healthy1", TestCli.copy(healthy, dir.resolve("healthy1")));
    t.put("missing", dir.resolve("missing"));
    t.put("appended", TestCli.copy(template, dir.resolve("appended")));
    t.put("healthy2", TestCli.copy(healthy, dir.resolve("healthy2")));
    t.put("notDelta", Files.createDirectories(dir.resolve("notDelta")));
    Files.writeString(t.get("notDelta").resolve("part-0.parquet"), "not parquet");
    // a checkpoint at version 3, one more commit, then every log file 60 days old: versions 0-2 expire
    Path expired = TestCli.copy(template, dir.resolve("expired"));
    TestCli.Run c = TestCli.run("checkpoint", expired.toString(), "-q");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    sql("INSERT INTO delta.`" + expired + "` VALUES (1002, 'c')");
    try (Stream<Path> log = Files.list(expired.resolve("_delta_log"))) {
      for (Path f : log.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(60, ChronoUnit.DAYS)));
      }
    }
    t.put("expired", expired);
    // the 62 files of the template replaced by one, removed longer ago than the table's retention of 1 second
    Path removed = TestCli.copy(template, dir.resolve("removed"));
    sql("ALTER TABLE delta.`" + removed + "` SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 1"
        + " seconds')");
    sql("INSERT OVERWRITE delta.`" + removed + "` SELECT /*+ REPARTITION(1) */ id, 'r' FROM range(5)");
    t.put("removed", removed);
    return t;
  }

  private static Path tablesFile(Path dir, Map<String, Path> tables) throws IOException {
    List<String> lines = new ArrayList<>(List.of("# the nightly list", ""));
    tables.values().forEach(p -> lines.add("  " + p + "  "));
    return Files.write(dir.resolve("tables.txt"), lines);
  }

  private static List<String> steps(JsonNode table) {
    List<String> out = new ArrayList<>();
    table.get("steps").forEach(s -> out.add(s.get("form").asText() + ": " + s.get("status").asText()));
    return out;
  }

  @Test
  void maintainDoesWhatIsDueOnEveryTableKeepsEveryRowAndExitsWithTheFailuresCode() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    Map<String, Path> t = tables(dir);
    Map<String, String> healthyBefore = TestCli.fingerprint(t.get("healthy1"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger appended = new AtomicInteger();
    Thread appender = new Thread(() -> {
      while (!stop.get()) {
        TestCli.engine().sparkSession().sql("INSERT INTO delta.`" + t.get("appended") + "` SELECT id + 100000 + "
            + appended.get() * 10 + ", 'x' FROM range(10)");
        appended.incrementAndGet();
      }
    });
    appender.start();
    TestCli.Run r;
    try {
      while (appended.get() < 1) {
        Thread.sleep(50);
      }
      r = TestCli.run("maintain", "--tables-from", tablesFile(dir, t).toString(), "--policy",
          "logFilesPastRetentionDue=1", "-o", "json");
    } finally {
      stop.set(true);
      appender.join();
    }
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    JsonNode out = Json.parse(r.out());
    assertThat(out.get("dryRun").asBoolean()).isFalse();
    Map<String, JsonNode> by = new LinkedHashMap<>();
    out.get("tables").forEach(n -> by.put(n.get("table").asText(), n));
    assertThat(by.keySet()).containsExactlyElementsOf(t.values().stream().map(Path::toString).toList());

    JsonNode due = by.get(t.get("due").toString());
    assertThat(due.get("status").asText()).isEqualTo("done");
    assertThat(steps(due)).containsExactly("optimize: done", "checkpoint: done");
    assertThat(due.get("before").get("numFiles").asLong()).isEqualTo(62);
    assertThat(due.get("before").get("due").toString()).isEqualTo("[\"smallFiles\",\"checkpoint\"]");
    assertThat(due.get("steps").get(0).get("metrics").get("numFilesRemoved").asLong()).isEqualTo(62);
    assertThat(due.get("steps").get(0).get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(due.get("steps").get(1).get("metrics").get("version").asLong()).isEqualTo(4);
    JsonNode after = due.get("after");
    assertThat(List.of(after.get("version").asLong(), after.get("numFiles").asLong(),
        after.get("commitsSinceCheckpoint").asLong(), after.get("numRecords").asLong()))
        .containsExactly(4L, 1L, 0L, 602L);
    assertThat(after.get("verdict").asText()).isEqualTo("ok");
    assertThat(rows(t.get("due"))).isEqualTo(TEMPLATE_ROWS);
    assertThat(Files.exists(t.get("due").resolve("_delta_log/00000000000000000004.checkpoint.parquet"))).isTrue();

    JsonNode z = by.get(t.get("zordered").toString());
    assertThat(steps(z)).containsExactly("zorder by k: done", "checkpoint: done");
    assertThat(rows(t.get("zordered"))).isEqualTo(TEMPLATE_ROWS);
    TestCli.Run history = TestCli.run("history", t.get("zordered").toString(), "-o", "csv", "-n", "1");
    assertThat(history.out()).contains("OPTIMIZE").contains("zOrderBy");

    JsonNode bloom = by.get(t.get("bloom").toString());
    assertThat(steps(bloom)).as(bloom.toString()).containsExactly("optimize: done", "bloom-index build: nothing-to-do",
        "checkpoint: done");
    assertThat(rows(t.get("bloom"))).isEqualTo(TEMPLATE_ROWS);

    for (String name : List.of("healthy1", "healthy2")) {
      JsonNode h = by.get(t.get(name).toString());
      assertThat(h.get("status").asText()).isEqualTo("nothing-to-do");
      assertThat(h.get("steps").size()).isZero();
      assertThat(h.get("before").get("verdict").asText()).isEqualTo("ok");
    }
    assertThat(TestCli.fingerprint(t.get("healthy1"))).isEqualTo(healthyBefore);

    JsonNode missing = by.get(t.get("missing").toString());
    assertThat(missing.get("status").asText()).isEqualTo("failed");
    assertThat(missing.get("error").asText()).isEqualTo("path not found: " + t.get("missing"));
    assertThat(missing.get("errorCode").asText()).isEqualTo("PATH_NOT_FOUND");
    JsonNode notDelta = by.get(t.get("notDelta").toString());
    assertThat(notDelta.get("status").asText()).isEqualTo("failed");
    assertThat(notDelta.get("errorCode").asText()).isEqualTo("NOT_A_DELTA_TABLE");

    JsonNode appendedNode = by.get(t.get("appended").toString());
    assertThat(appendedNode.get("status").asText()).as(appendedNode.toString()).isEqualTo("done");
    long expected = 602 + appended.get() * 10L;
    TestCli.Run count = TestCli.run("sql", "SELECT count(*) AS n, count(DISTINCT id) AS d FROM delta.`"
        + t.get("appended") + "`", "-o", "csv");
    assertThat(count.out()).isEqualTo("n,d\r\n" + expected + "," + expected + "\r\n");

    JsonNode expired = by.get(t.get("expired").toString());
    assertThat(steps(expired)).containsExactly("optimize: done", "log-cleanup: done");
    assertThat(expired.get("steps").get(1).get("metrics").get("lastUnreachableVersion").asLong()).isEqualTo(2);
    try (Stream<Path> log = Files.list(t.get("expired").resolve("_delta_log"))) {
      assertThat(log.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json")).sorted())
          .containsExactly("00000000000000000003.json", "00000000000000000004.json", "00000000000000000005.json");
    }
    assertThat(rows(t.get("expired"))).isEqualTo("n,d,s\r\n603,603,182703\r\n");
    JsonNode removed = by.get(t.get("removed").toString());
    assertThat(steps(removed)).containsExactly("checkpoint: done", "vacuum lite: done");
    assertThat(removed.get("steps").get(1).get("metrics").get("numDeletedFiles").asLong()).isEqualTo(62);
    try (Stream<Path> files = Files.list(t.get("removed"))) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count()).isEqualTo(1);
    }
    assertThat(rows(t.get("removed"))).isEqualTo("n,d,s\r\n5,5,10\r\n");
    assertThat(r.err()).contains("error: " + t.get("missing") + ": path not found: " + t.get("missing") + "\n")
        .contains("note: maintain: " + t.get("due") + " done in ");
  }

  @Test
  void aDryRunPlansEveryTableAndChangesNoByte() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("dry"));
    Map<String, Path> t = tables(dir);
    t.remove("missing");
    t.remove("notDelta");
    Map<String, Map<String, String>> before = new LinkedHashMap<>();
    t.forEach((k, p) -> before.put(k, TestCli.fingerprint(p)));
    List<String> args = new ArrayList<>(List.of("maintain", "--dry-run", "--policy", "logFilesPastRetentionDue=1",
        "-o", "json"));
    t.values().forEach(p -> args.add(p.toString()));
    TestCli.Run r = TestCli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode out = Json.parse(r.out());
    assertThat(out.get("dryRun").asBoolean()).isTrue();
    Map<String, JsonNode> by = new LinkedHashMap<>();
    out.get("tables").forEach(n -> by.put(n.get("table").asText(), n));
    JsonNode due = by.get(t.get("due").toString());
    assertThat(due.get("status").asText()).isEqualTo("planned");
    assertThat(steps(due)).containsExactly("optimize: planned", "checkpoint: planned");
    assertThat(due.get("steps").get(0).get("summary").asText()).startsWith("would rewrite 62 of 62 files (")
        .endsWith(" KiB) in 1 bin, about 1 file after");
    assertThat(due.get("after").isNull()).isTrue();
    assertThat(steps(by.get(t.get("expired").toString()))).containsExactly("optimize: planned",
        "log-cleanup: planned");
    t.forEach((k, p) -> assertThat(TestCli.fingerprint(p)).as(k).isEqualTo(before.get(k)));
  }

  @Test
  void tablesFromStdinOnlyTheChosenOperationsAndFailOnWhatIsStillDue() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("only"));
    Path due = TestCli.copy(template, dir.resolve("due"));
    Path ok = TestCli.copy(healthy, dir.resolve("ok"));
    java.io.InputStream stdin = System.in;
    TestCli.Run r;
    try {
      System.setIn(new java.io.ByteArrayInputStream(("# two tables\n" + due + "\n\n" + ok + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      r = TestCli.run("maintain", "--tables-from", "-", "--only", "checkpoint,log-cleanup", "--fail-on", "due",
          "-o", "csv");
    } finally {
      System.setIn(stdin);
    }
    // the checkpoint is written; optimize was not allowed, so the small files are still due: exit 6
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("table,tableStatus,operation,status,summary,attempts,elapsedMillis,error,"
        + "versionBefore,versionAfter,numFilesBefore,numFilesAfter,numSmallFilesBefore,numSmallFilesAfter,"
        + "commitsSinceCheckpointBefore,commitsSinceCheckpointAfter,logFilesPastRetentionBefore,"
        + "logFilesPastRetentionAfter,verdictBefore,verdictAfter");
    assertThat(lines.get(1)).startsWith(due + ",done,checkpoint,done,wrote a classic checkpoint of version 3 (")
        .endsWith(",,3,3,62,62,62,62,4,0,0,0,due,due");
    assertThat(lines.get(2)).startsWith(ok + ",nothing-to-do,,,,,").endsWith(",,1,1,4,4,4,4,0,0,0,0,ok,ok");
    assertThat(lines).hasSize(3);
    assertThat(Files.exists(due.resolve("_delta_log/00000000000000000003.checkpoint.parquet"))).isTrue();
  }

  /**
   * Spark starts only when an operation needs it: health, checkpoint, log-cleanup and optimize's dry run are
   * Kernel's, in this process.
   * The runs below have an engine that fails if Spark is opened.
   */
  @Test
  void sparkIsNotStartedWhenNoDueOperationNeedsIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("kernel"));
    Path due = TestCli.copy(template, dir.resolve("due"));
    Path ok = TestCli.copy(healthy, dir.resolve("ok"));
    Map<String, String> before = TestCli.fingerprint(due);
    TestCli.Run dry = TestCli.onKernelOnly("maintain", due.toString(), ok.toString(), "--skip", "optimize",
        "--dry-run", "-o", "json");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(steps(Json.parse(dry.out()).get("tables").get(0))).containsExactly("checkpoint: planned");
    assertThat(TestCli.fingerprint(due)).isEqualTo(before);
    TestCli.Run r = TestCli.onKernelOnly("maintain", due.toString(), ok.toString(), "--skip", "optimize", "-o",
        "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode tables = Json.parse(r.out()).get("tables");
    assertThat(steps(tables.get(0))).containsExactly("checkpoint: done");
    assertThat(tables.get(1).get("status").asText()).isEqualTo("nothing-to-do");
    // a dry run plans optimize from the log too (the checkpoint above is done)
    TestCli.Run plan = TestCli.onKernelOnly("maintain", due.toString(), "--dry-run", "-o", "json");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(steps(Json.parse(plan.out()).get("tables").get(0))).containsExactly("optimize: planned");
    // the same engine fails as soon as an operation needs Spark: the guard above is real
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestCli.onKernelOnly("maintain", due.toString()))
        .isInstanceOf(AssertionError.class).hasMessage("Spark was started for: maintain " + due);
  }
}
