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
import java.util.stream.LongStream;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeTravelCommandTest {
  @TempDir Path tmp;
  String t;
  /** Commit N was made at BASE plus N minutes. */
  static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);

  private static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private static void sql(String statement) {
    assertThat(TestCli.run("sql", statement, "-q").exitCode()).isZero();
  }

  /** Five commits: create 0..4, append 5..9, delete 0 and 1, optimize, overwrite with 100..102. */
  @BeforeEach
  void fiveCommits() throws IOException {
    t = tmp.resolve("t").toString();
    ok("create", t, "-o", "json", "--as-select", "SELECT id FROM range(5)");
    sql("INSERT INTO delta.`" + t + "` SELECT id FROM range(5, 10)");
    sql("DELETE FROM delta.`" + t + "` WHERE id < 2");
    ok("optimize", t, "-o", "json");
    sql("INSERT OVERWRITE delta.`" + t + "` SELECT id FROM range(100, 103)");
    for (long v = 0; v <= 4; v++) {
      Files.setLastModifiedTime(Path.of(t, "_delta_log", String.format("%020d.json", v)),
          FileTime.from(BASE.plus(v, ChronoUnit.MINUTES)));
    }
    DeltaLog.clearCache();
  }

  private static List<Long> ids(String... args) {
    JsonNode rows = ok(args);
    List<Long> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.get("id").asLong()));
    ids.sort(Long::compare);
    return ids;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  @Tag(TestCli.MATRIX)
  void showReturnsExactlyTheRowsOfEachVersion() {
    assertThat(ids("time-travel", "show", t, "--version", "0", "-o", "json")).isEqualTo(range(0, 5));
    assertThat(ids("time-travel", "show", t, "--version", "1", "-o", "json")).isEqualTo(range(0, 10));
    assertThat(ids("time-travel", "show", t, "--version", "2", "-o", "json")).isEqualTo(range(2, 10));
    assertThat(ids("time-travel", "show", t, "--version", "3", "-o", "json")).isEqualTo(range(2, 10));
    assertThat(ids("time-travel", "show", t, "-o", "json")).isEqualTo(range(100, 103));
    assertThat(ids("time-travel", "show", t + "@v1", "--where", "id >= 8", "-o", "json")).isEqualTo(range(8, 10));
    JsonNode count = ok("time-travel", "show", t, "--version", "1", "--count", "-o", "json");
    assertThat(count.get("version").asLong()).isEqualTo(1);
    assertThat(count.get("count").asLong()).isEqualTo(10);
    TestCli.Run limited = TestCli.run("time-travel", "show", t + "@v1", "--columns", "id", "-n", "3", "-o", "csv");
    assertThat(limited.out().lines().count()).isEqualTo(4);
    assertThat(limited.err()).isEqualTo(
        "note: showing the first 3 rows; more exist (use --limit N, or --limit 0 for all)\n");
  }

  @Test
  void aTimestampMeansTheCommitInEffectThen() {
    String between = BASE.plus(2, ChronoUnit.MINUTES).plusSeconds(30).toString().replace("T", " ").replace("Z", "");
    JsonNode r = ok("time-travel", "show", t, "--timestamp", between, "--count", "-o", "json");
    assertThat(r.get("version").asLong()).isEqualTo(2);
    assertThat(r.get("count").asLong()).isEqualTo(8);
    JsonNode exact = ok("time-travel", "show", t, "--timestamp", BASE.plus(1, ChronoUnit.MINUTES).toString(),
        "--count", "-o", "json");
    assertThat(exact.get("version").asLong()).isEqualTo(1);
  }

  @Test
  void wrongVersionsAndTimestampsSayTheValidRange() {
    TestCli.Run above = TestCli.run("time-travel", "show", t, "--version", "9");
    assertThat(above.exitCode()).isEqualTo(3);
    assertThat(above.err()).isEqualTo("error: version 9 of " + t + " does not exist: the latest version is 4\n");
    String before = BASE.minus(1, ChronoUnit.DAYS).toString();
    TestCli.Run early = TestCli.run("time-travel", "show", t, "--timestamp", before);
    assertThat(early.exitCode()).isEqualTo(3);
    assertThat(early.err()).isEqualTo("error: no version of " + t + " at " + before + ": the valid range is "
        + BASE + " (version 0) to " + BASE.plus(4, ChronoUnit.MINUTES) + " (version 4)\n");
    TestCli.Run both = TestCli.run("time-travel", "show", t, "--version", "1", "--timestamp", "2026-11-20");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).startsWith("error: --version=N, --timestamp=TS are mutually exclusive");
    TestCli.Run suffix = TestCli.run("time-travel", "show", t + "@v1", "--version", "1");
    assertThat(suffix.exitCode()).isEqualTo(2);
    assertThat(TestCli.run("time-travel", "show", t, "--timestamp", "yesterday").exitCode()).isEqualTo(2);
  }

  @Test
  void versionsListsEveryCommitAndWhichAreStillReadableAfterVacuum() {
    JsonNode v = ok("time-travel", "versions", t, "-o", "json");
    assertThat(v.get("latest").asLong()).isEqualTo(4);
    assertThat(v.get("versions").size()).isEqualTo(5);
    assertThat(v.get("versions").get(0).get("operation").asText()).isEqualTo("WRITE");
    assertThat(v.get("versions").get(4).get("timestamp").asText()).isEqualTo(BASE.toString().replace("Z", ".000Z"));
    v.get("versions").forEach(e -> assertThat(e.get("readable").asBoolean()).isTrue());

    ok("vacuum", t, "--retain", "0h", "--force", "-o", "json");
    JsonNode after = ok("time-travel", "versions", t, "-o", "json");
    List<String> readable = new ArrayList<>();
    after.get("versions").forEach(e -> readable.add(e.get("version").asLong() + "=" + e.get("readable").asBoolean()));
    assertThat(readable).containsExactly("6=true", "5=true", "4=true", "3=false", "2=false", "1=false", "0=false");
    TestCli.Run gone = TestCli.run("time-travel", "show", t, "--version", "1");
    assertThat(gone.exitCode()).isEqualTo(3);
    assertThat(gone.err()).isEqualTo("error: version 1 of " + t
        + " is not readable: data files it needs are gone (deleted by vacuum or otherwise); the oldest readable"
        + " version is 4\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void restoreBringsBackExactlyTheRowsOfTheTargetAndRecordsWhy() {
    JsonNode dry = ok("time-travel", "restore", t, "--version", "1", "--dry-run", "-o", "json");
    assertThat(dry.get("status").asText()).isEqualTo("DRY_RUN");
    JsonNode plan = dry.get("plan");
    assertThat(plan.get("fromVersion").asLong()).isEqualTo(4);
    assertThat(plan.get("toVersion").asLong()).isEqualTo(1);
    assertThat(plan.get("rowsBefore").asLong()).isEqualTo(3);
    assertThat(plan.get("rowsAfter").asLong()).isEqualTo(10);
    assertThat(plan.get("filesToRemove").asLong()).isEqualTo(ok("describe", t, "-o", "json").get("numFiles").asLong());
    assertThat(ok("describe", t, "-o", "json").get("version").asLong()).as("a dry run changes nothing").isEqualTo(4);

    JsonNode r = ok("time-travel", "restore", t + "@v1", "--message", "undo the mistaken overwrite", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("RESTORED");
    assertThat(r.get("version").asLong()).isEqualTo(5);
    JsonNode m = r.get("metrics");
    assertThat(m.get("numRestoredFiles").asLong()).isEqualTo(plan.get("filesToRestore").asLong());
    assertThat(m.get("numRemovedFiles").asLong()).isEqualTo(plan.get("filesToRemove").asLong());
    assertThat(m.get("restoredFilesSize").asLong()).isEqualTo(plan.get("bytesToRestore").asLong());
    assertThat(m.get("removedFilesSize").asLong()).isEqualTo(plan.get("bytesToRemove").asLong());
    assertThat(m.get("numOfFilesAfterRestore").asLong()).isEqualTo(plan.get("filesToRestore").asLong());
    assertThat(m.has("tableSizeAfterRestore")).isTrue();
    assertThat(ids("time-travel", "show", t, "-n", "0", "-o", "json")).isEqualTo(range(0, 10));
    JsonNode h = ok("history", t, "-n", "1", "-o", "json").get(0);
    assertThat(h.get("operation").asText()).isEqualTo("RESTORE");
    assertThat(h.get("userMetadata").asText()).isEqualTo("undo the mistaken overwrite");
    assertThat(TestCli.engine().sparkSession().conf().contains("spark.databricks.delta.commitInfo.userMetadata"))
        .as("the message is set for that commit only").isFalse();
    TestCli.Run none = TestCli.run("time-travel", "restore", t);
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).isEqualTo(
        "error: restore needs the version to go back to: --version N, --timestamp TS or TABLE@vN\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  @Tag(TestCli.NOT_ON_CLUSTER)
  void diffCountsTheRowsAndFilesThatChangedAndListsTheCommits() {
    JsonNode overwrite = ok("time-travel", "diff", t, "--from", "3", "--to", "4", "-o", "json");
    assertThat(overwrite.get("rowsFrom").asLong()).isEqualTo(8);
    assertThat(overwrite.get("rowsTo").asLong()).isEqualTo(3);
    assertThat(overwrite.get("rowsAdded").asLong()).isEqualTo(3);
    assertThat(overwrite.get("rowsRemoved").asLong()).isEqualTo(8);
    assertThat(overwrite.get("filesRemoved").asLong()).isEqualTo(1);
    assertThat(overwrite.get("commits").size()).isEqualTo(1);
    assertThat(overwrite.get("commits").get(0).get("operation").asText()).isEqualTo("WRITE");

    JsonNode span = ok("time-travel", "diff", t, "--from", "0", "--to", "3", "--key", "id", "-o", "json");
    assertThat(span.get("rowsAdded").asLong()).isEqualTo(5);
    assertThat(span.get("rowsRemoved").asLong()).isEqualTo(2);
    List<String> ops = new ArrayList<>();
    span.get("commits").forEach(c -> ops.add(c.get("version").asLong() + " " + c.get("operation").asText()));
    assertThat(ops).containsExactly("1 WRITE", "2 DELETE", "3 OPTIMIZE");
    JsonNode optimize = ok("time-travel", "diff", t, "--from", "2", "--to", "3", "-o", "json");
    assertThat(optimize.get("rowsAdded").asLong()).as("a compaction changes no row").isZero();
    assertThat(optimize.get("rowsRemoved").asLong()).isZero();
    assertThat(optimize.get("filesAdded").asLong()).isEqualTo(1);
    TestCli.Run table = TestCli.run("time-travel", "diff", t, "--from", "3");
    assertThat(table.out()).startsWith("table         " + t + "\nversions      3 -> 4\n");
    assertThat(TestCli.run("time-travel", "diff", t, "--from", "9").exitCode()).isEqualTo(3);
  }

  @Test
  @Tag(TestCli.MATRIX)
  @Tag(TestCli.NOT_ON_CLUSTER)
  void cloneWritesAVersionAsAnIndependentTableAndRefusesAnExistingTarget() {
    String deep = tmp.resolve("deep").toString();
    JsonNode r = ok("time-travel", "clone", t + "@v2", "--to", deep, "-o", "json");
    assertThat(r.get("sourceVersion").asLong()).isEqualTo(2);
    assertThat(r.get("shallow").asBoolean()).isFalse();
    assertThat(ids("time-travel", "show", deep, "-o", "json")).isEqualTo(range(2, 10));
    sql("DELETE FROM delta.`" + t + "` WHERE id = 100");
    assertThat(ids("time-travel", "show", deep, "-o", "json")).as("independent of later source changes")
        .isEqualTo(range(2, 10));
    TestCli.Run again = TestCli.run("time-travel", "clone", t, "--version", "1", "--to", deep);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).isEqualTo("error: clone target " + deep + " already exists; use --replace to replace it\n");
    ok("time-travel", "clone", t, "--version", "1", "--to", deep, "--replace", "-o", "json");
    assertThat(ids("time-travel", "show", deep, "-o", "json")).isEqualTo(range(0, 10));

    String shallow = tmp.resolve("shallow").toString();
    JsonNode s = ok("time-travel", "clone", t, "--version", "1", "--to", shallow, "--shallow", "-o", "json");
    assertThat(s.get("shallow").asBoolean()).isTrue();
    assertThat(ids("time-travel", "show", shallow, "-o", "json")).isEqualTo(range(0, 10));
  }

  /** Gives commit N the time 2022-03-01 plus N minutes: far past the default retention of deleted files (1 week). */
  private void writtenIn2022() throws IOException {
    for (long v = 0; v <= 4; v++) {
      Files.setLastModifiedTime(Path.of(t, "_delta_log", String.format("%020d.json", v)),
          FileTime.from(Instant.parse("2022-03-01T00:00:00Z").plus(v, ChronoUnit.MINUTES)));
    }
    DeltaLog.clearCache();
  }

  private String pastRetention(long version) {
    return "note: version " + version + " of " + t + " is older than the table's delta.deletedFileRetentionDuration,"
        + " past which Delta refuses time travel; every data file it reads is present, so it is read with that"
        + " check lifted for this read only\n";
  }

  private static List<String> readable(JsonNode versions) {
    List<String> out = new ArrayList<>();
    versions.get("versions").forEach(e -> out.add(e.get("version").asLong() + "=" + e.get("readable").asBoolean()));
    return out;
  }

  @Test
  void versionsPastTheRetentionWhoseFilesArePresentAreReadByEveryCommandWithANote() throws IOException {
    writtenIn2022();
    assertThat(readable(ok("time-travel", "versions", t, "-o", "json")))
        .containsExactly("4=true", "3=true", "2=true", "1=true", "0=true");
    assertThat(readable(ok("--conf", "deltactl.kernel=false", "time-travel", "versions", t, "-o", "json")))
        .as("Spark's answer when Kernel is off").containsExactly("4=true", "3=true", "2=true", "1=true", "0=true");

    TestCli.Run show = TestCli.run("time-travel", "show", t, "--version", "0", "-o", "json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    List<Long> ids = new ArrayList<>();
    Json.parse(show.out()).forEach(r -> ids.add(r.get("id").asLong()));
    ids.sort(Long::compare);
    assertThat(ids).isEqualTo(range(0, 5));
    assertThat(show.err()).isEqualTo(pastRetention(0));
    assertThat(TestCli.engine().sparkSession().conf()
        .get("spark.databricks.delta.vacuum.enforceTimeTravelWithinDeletedFileRetentionDuration"))
        .as("Delta's check is lifted for that read only").isEqualTo("true");

    TestCli.Run diff = TestCli.run("time-travel", "diff", t, "--from", "0", "--key", "id", "-o", "json");
    assertThat(diff.exitCode()).as(diff.toString()).isZero();
    JsonNode d = Json.parse(diff.out());
    assertThat(List.of(d.get("rowsFrom").asLong(), d.get("rowsTo").asLong(), d.get("rowsAdded").asLong(),
        d.get("rowsRemoved").asLong())).containsExactly(5L, 3L, 3L, 5L);
    assertThat(diff.err()).isEqualTo(pastRetention(0));

    String deep = tmp.resolve("deep").toString();
    TestCli.Run clone = TestCli.run("time-travel", "clone", t, "--version", "1", "--to", deep, "-o", "json");
    assertThat(clone.exitCode()).as(clone.toString()).isZero();
    assertThat(clone.err()).isEqualTo(pastRetention(1));
    assertThat(ids("time-travel", "show", deep, "-o", "json")).isEqualTo(range(0, 10));
    String shallow = tmp.resolve("shallow").toString();
    assertThat(TestCli.run("time-travel", "clone", t, "--version", "0", "--to", shallow, "--shallow").exitCode())
        .isZero();
    assertThat(ids("time-travel", "show", shallow, "-o", "json")).isEqualTo(range(0, 5));

    TestCli.Run restore = TestCli.run("time-travel", "restore", t, "--version", "0", "-o", "json");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.err()).isEqualTo(pastRetention(0));
    assertThat(Json.parse(restore.out()).get("version").asLong()).isEqualTo(5);
    assertThat(ids("time-travel", "show", t, "-o", "json")).isEqualTo(range(0, 5));
  }

  /**
   * Deletes by hand the data files commit 2 (the delete of ids 0 and 1) removed: files commit 0 wrote, so
   * versions 0 and 1 lose data and version 2 is the oldest readable.
   */
  private void deleteFilesOfVersion0() throws IOException {
    int deleted = 0;
    for (String line : Files.readAllLines(Path.of(t, "_delta_log", String.format("%020d.json", 2)))) {
      JsonNode remove = Json.parse(line).get("remove");
      if (remove != null) {
        Files.delete(Path.of(t, remove.get("path").asText()));
        deleted++;
      }
    }
    assertThat(deleted).isPositive();
    DeltaLog.clearCache();
  }

  @ParameterizedTest(name = "commits written in 2022: {0}")
  @ValueSource(booleans = {false, true})
  void aVersionWhoseFilesAreGoneIsNotFoundByEveryCommandNamingTheOldestReadable(boolean in2022)
      throws IOException {
    if (in2022) {
      writtenIn2022();
    }
    deleteFilesOfVersion0();
    assertThat(readable(ok("time-travel", "versions", t, "-o", "json")))
        .containsExactly("4=true", "3=true", "2=true", "1=false", "0=false");
    assertThat(readable(ok("--conf", "deltactl.kernel=false", "time-travel", "versions", t, "-o", "json")))
        .as("Spark's answer when Kernel is off").containsExactly("4=true", "3=true", "2=true", "1=false", "0=false");
    String gone = "error: version 0 of " + t + " is not readable: data files it needs are gone (deleted by vacuum or"
        + " otherwise); the oldest readable version is 2\n";
    String target = tmp.resolve("copy").toString();
    List<String[]> commands = List.of(
        new String[] {"time-travel", "show", t, "--version", "0"},
        new String[] {"time-travel", "show", t, "--version", "0", "--count"},
        new String[] {"time-travel", "diff", t, "--from", "0"},
        new String[] {"time-travel", "diff", t, "--from", "4", "--to", "0"},
        new String[] {"time-travel", "restore", t, "--version", "0"},
        new String[] {"time-travel", "restore", t, "--version", "0", "--dry-run"},
        new String[] {"time-travel", "clone", t, "--version", "0", "--to", target},
        new String[] {"time-travel", "clone", t, "--version", "0", "--to", target, "--shallow"});
    for (String[] command : commands) {
      TestCli.Run r = TestCli.run(command);
      assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r).isEqualTo(3);
      assertThat(r.err()).as(String.join(" ", command)).isEqualTo(gone);
    }
    assertThat(Files.exists(Path.of(target))).as("no clone was written").isFalse();
    assertThat(ok("describe", t, "-o", "json").get("version").asLong()).as("nothing restored").isEqualTo(4);
    TestCli.Run oldest = TestCli.run("time-travel", "show", t, "--version", "2", "-o", "json");
    assertThat(oldest.exitCode()).as(oldest.toString()).isZero();
    assertThat(oldest.err()).isEqualTo(in2022 ? pastRetention(2) : "");
  }
}
