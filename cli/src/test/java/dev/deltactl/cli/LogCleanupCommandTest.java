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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCleanupCommandTest {
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

  private static String v(long version) {
    return String.format("%020d", version);
  }

  /** Every file under the table with its size and modification time. */
  private static Map<String, String> listing(Path table) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(table)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(table.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  private static List<String> logFiles(Path table) throws IOException {
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\..*")).sorted().toList();
    }
  }

  /**
   * Versions 0..11 (version 0: ids 0..9, then one id 100 + v per commit), a checkpoint written at 6, no other
   * (the interval is 1000). deltactl reads a version older than delta.deletedFileRetentionDuration when its files
   * are all there, so only the log limits time travel here.
   */
  private String table(String name, String... moreProperties) {
    String t = tmp.resolve(name).toString();
    List<String> args = new ArrayList<>(List.of("create", t, "-o", "json", "--property",
        "delta.checkpointInterval=1000"));
    for (String p : moreProperties) {
      args.addAll(List.of("--property", p));
    }
    args.addAll(List.of("--as-select", "SELECT id FROM range(10)"));
    ok(args.toArray(String[]::new));
    for (int i = 1; i <= 11; i++) {
      sql("INSERT INTO delta.`" + t + "` VALUES (" + (100 + i) + ")");
      if (i == 6) {
        assertThat(ok("checkpoint", t, "-o", "json").get("status").asText()).isEqualTo("CHECKPOINTED");
      }
    }
    return t;
  }

  /** Gives the log files of versions up to {@code upTo} the time {@code when} plus one minute per version. */
  private static void age(Path table, long upTo, Instant when) throws IOException {
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("\\d{20}\\..*") && Long.parseLong(n.substring(0, 20)) <= upTo) {
          long version = Long.parseLong(n.substring(0, 20));
          Files.setLastModifiedTime(p, FileTime.from(when.plus(version, ChronoUnit.MINUTES)));
        }
      }
    }
    DeltaLog.clearCache();
  }

  private static List<String> versions(String t) {
    List<String> out = new ArrayList<>();
    ok("time-travel", "versions", t, "-o", "json").get("versions")
        .forEach(e -> out.add(e.get("version").asLong() + "=" + e.get("readable").asBoolean()));
    return out;
  }

  private static List<Long> ids(String t, String... version) {
    List<String> args = new ArrayList<>(List.of("time-travel", "show", t, "-o", "csv", "-n", "1000"));
    args.addAll(List.of(version));
    TestCli.Run r = TestCli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).map(Long::parseLong).sorted().toList();
  }

  private static List<Long> expectedIds(long version) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      out.add(i);
    }
    for (long i = 1; i <= version; i++) {
      out.add(100 + i);
    }
    return out;
  }

  @Test
  void deletesExactlyTheExpiredFilesBeforeTheCheckpointAndTheVersionsFromItStayReadable() throws IOException {
    String t = table("t");
    Path table = Path.of(t);
    // versions 0..8 forty days old, 9..11 recent: the checkpoint at 6 is the newest older than the cutoff
    age(table, 8, Instant.now().minus(40, ChronoUnit.DAYS));
    List<String> expected = new ArrayList<>();
    for (long i = 0; i <= 5; i++) {
      expected.add(v(i) + ".crc");
      expected.add(v(i) + ".json");
    }
    assertThat(logFiles(table)).containsAll(expected).contains(v(6) + ".checkpoint.parquet");
    List<String> allVersions = new ArrayList<>();
    for (long i = 11; i >= 0; i--) {
      allVersions.add(i + "=true");
    }
    assertThat(versions(t)).containsExactlyElementsOf(allVersions);

    // the dry run: the plan, and not one byte changed
    Map<String, String> before = listing(table);
    JsonNode dry = ok("log-cleanup", t, "--dry-run", "-o", "json");
    assertThat(dry.get("status").asText()).isEqualTo("DRY_RUN");
    JsonNode plan = dry.get("plan");
    List<String> planned = new ArrayList<>();
    long bytes = 0;
    for (JsonNode f : plan.get("files")) {
      planned.add(f.get("name").asText());
      bytes += f.get("size").asLong();
      assertThat(f.get("size").asLong()).isEqualTo(Files.size(table.resolve("_delta_log").resolve(f.get("name")
          .asText())));
    }
    assertThat(planned).containsExactlyElementsOf(expected);
    assertThat(plan.get("totalBytes").asLong()).isEqualTo(bytes);
    assertThat(plan.get("version").asLong()).isEqualTo(11);
    assertThat(plan.get("retention").asText()).isEqualTo("PT720H");
    assertThat(plan.get("tableRetention").asText()).isEqualTo("PT720H");
    assertThat(plan.get("checkpointVersion").asLong()).isEqualTo(6);
    assertThat(plan.get("oldestReachableVersion").asLong()).isZero();
    assertThat(plan.get("oldestReachableVersionAfter").asLong()).isEqualTo(6);
    assertThat(plan.get("firstUnreachableVersion").asLong()).isZero();
    assertThat(plan.get("lastUnreachableVersion").asLong()).isEqualTo(5);
    assertThat(listing(table)).isEqualTo(before);

    TestCli.Run shown = TestCli.run("log-cleanup", t, "--dry-run");
    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).contains("dry run: nothing was deleted").contains("versions 0 to 5")
        .contains("0 -> 6").contains("12 files");

    // the real run deletes those files and nothing else
    JsonNode r = ok("log-cleanup", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("CLEANED");
    assertThat(r.get("numDeletedFiles").asLong()).isEqualTo(12);
    assertThat(r.get("bytesDeleted").asLong()).isEqualTo(bytes);
    Map<String, String> after = listing(table);
    Map<String, String> expectedAfter = new TreeMap<>(before);
    expectedAfter.keySet().removeIf(k -> planned.stream().anyMatch(n -> k.equals("_delta_log/" + n)
        || k.equals("_delta_log/." + n + ".crc")));
    assertThat(after).isEqualTo(expectedAfter);

    List<String> readable = new ArrayList<>();
    for (long i = 11; i >= 6; i--) {
      readable.add(i + "=true");
    }
    DeltaLog.clearCache();
    assertThat(versions(t)).containsExactlyElementsOf(readable);
    assertThat(ids(t)).containsExactlyElementsOf(expectedIds(11));
    assertThat(ids(t, "--version", "6")).containsExactlyElementsOf(expectedIds(6));
    assertThat(ids(t, "--version", "8")).containsExactlyElementsOf(expectedIds(8));
    TestCli.Run gone = TestCli.run("time-travel", "show", t, "--version", "5");
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(3);
    assertThat(ok("describe", t, "-o", "json").get("version").asLong()).isEqualTo(11);
    assertThat(ok("--conf", "deltactl.kernel=false", "describe", t, "-o", "json").get("version").asLong())
        .isEqualTo(11);

    // again: nothing left to delete
    JsonNode again = ok("log-cleanup", t, "-o", "json");
    assertThat(again.get("status").asText()).isEqualTo("NOTHING_TO_DELETE");
    assertThat(listing(table)).isEqualTo(after);
  }

  @Test
  void theSparkEngineDecidesTheSameAndALongerRetentionKeepsMore() throws IOException {
    String t = table("t");
    Path table = Path.of(t);
    age(table, 8, Instant.now().minus(40, ChronoUnit.DAYS));
    // 50 days: nothing is old enough
    JsonNode longer = ok("log-cleanup", t, "--retain", "50d", "-o", "json");
    assertThat(longer.get("status").asText()).isEqualTo("NOTHING_TO_DELETE");
    assertThat(longer.get("plan").get("retention").asText()).isEqualTo("PT1200H");
    assertThat(longer.get("plan").get("checkpointVersion").isNull()).isTrue();
    JsonNode r = ok("--conf", "deltactl.kernel=false", "log-cleanup", t, "--retain", "35d", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("CLEANED");
    assertThat(r.get("numDeletedFiles").asLong()).isEqualTo(12);
    assertThat(logFiles(table).get(0)).isEqualTo(v(6) + ".checkpoint.parquet");
    DeltaLog.clearCache();
    assertThat(ids(t)).containsExactlyElementsOf(expectedIds(11));
  }

  @Test
  void withoutAnExpiredCheckpointNothingIsDeleted() throws IOException {
    String t = table("t");
    Path table = Path.of(t);
    // versions 0..5 old, the checkpoint at 6 and the rest recent
    age(table, 5, Instant.now().minus(40, ChronoUnit.DAYS));
    Map<String, String> before = listing(table);
    JsonNode r = ok("log-cleanup", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("NOTHING_TO_DELETE");
    assertThat(r.get("plan").get("files").size()).isZero();
    assertThat(r.get("plan").get("firstUnreachableVersion").isNull()).isTrue();
    assertThat(listing(table)).isEqualTo(before);
  }

  @Test
  void aShorterRetentionIsRefusedUnlessForcedAndBadInputChangesNothing() throws IOException {
    String t = table("t", "delta.logRetentionDuration=interval 60 days");
    Path table = Path.of(t);
    age(table, 8, Instant.now().minus(40, ChronoUnit.DAYS));
    Map<String, String> before = listing(table);
    TestCli.Run refused = TestCli.run("log-cleanup", t, "--retain", "30d");
    assertThat(refused.exitCode()).isEqualTo(5);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).isEqualTo("error: log-cleanup refused: retention 720h is below the table's log"
        + " retention 1440h (delta.logRetentionDuration); use --force to override\n");
    TestCli.Run bad = TestCli.run("log-cleanup", t, "--retain", "soon");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: invalid --retain 'soon': expected a number and a unit (ms, s, m, h, d),"
        + " e.g. 30s or 168h\n");
    assertThat(TestCli.run("log-cleanup", t, "--retain", "-1d").exitCode()).isEqualTo(2);
    assertThat(TestCli.run("log-cleanup", t + "@v1").exitCode()).isEqualTo(2);
    // the table's own 60 days: nothing is that old
    assertThat(ok("log-cleanup", t, "-o", "json").get("status").asText()).isEqualTo("NOTHING_TO_DELETE");
    assertThat(listing(table)).isEqualTo(before);
    JsonNode forced = ok("log-cleanup", t, "--retain", "30d", "--force", "-o", "json");
    assertThat(forced.get("numDeletedFiles").asLong()).isEqualTo(12);
  }

  @Test
  void aMissingTableIsExit3() {
    Path missing = tmp.resolve("nope");
    TestCli.Run r = TestCli.run("log-cleanup", missing.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: path not found: " + missing + "\n");
  }

  @Test
  void aV2CheckpointWrittenBySparkElsewhereIsKeptWithItsSidecarsAndTheVersionsFromItStayReadable()
      throws IOException {
    Path table = TestCli.copy(TestCli.conformance().resolve("checkpoint-v2-table"),
        tmp.resolve("v2"));
    try (Stream<Path> s = Files.walk(table)) {
      s.forEach(p -> p.toFile().setWritable(true));
    }
    String t = table.toString();
    // v2 checkpoints (top-level json, parquet sidecars) at 6 and 8, commits 0..9, all forty days old
    age(table, 9, Instant.now().minus(40, ChronoUnit.DAYS));
    List<String> sidecars;
    try (Stream<Path> s = Files.list(table.resolve("_delta_log").resolve("_sidecars"))) {
      sidecars = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    JsonNode r = ok("log-cleanup", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("CLEANED");
    assertThat(r.get("plan").get("checkpointVersion").asLong()).isEqualTo(8);
    assertThat(r.get("numDeletedFiles").asLong()).isEqualTo(17);
    assertThat(logFiles(table)).containsExactly(
        v(8) + ".checkpoint.e5ac4dc4-be27-4106-8a55-609707487f83.json", v(8) + ".crc", v(8) + ".json",
        v(9) + ".crc", v(9) + ".json");
    try (Stream<Path> s = Files.list(table.resolve("_delta_log").resolve("_sidecars"))) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(sidecars).hasSize(2);
    }
    assertThat(versions(t)).containsExactly("9=true", "8=true");
    assertThat(ok("--conf", "deltactl.kernel=false", "describe", t, "-o", "json").get("version").asLong())
        .isEqualTo(9);
  }
  /**
   * Exit 4 end to end: a planned file changes (here its time, as a copy tool re-uploading the log would) between
   * the plan and the delete; log-cleanup lists the log again before deleting, deletes nothing and says so.
   */
  @Test
  void aLogThatChangesBetweenThePlanAndTheDeleteExits4AndNothingIsDeleted() throws IOException {
    String t = table("t");
    Path table = Path.of(t);
    age(table, 8, Instant.now().minus(40, ChronoUnit.DAYS));
    Path first = table.resolve("_delta_log").resolve(v(0) + ".json");
    FileTime old = Files.getLastModifiedTime(first);
    FileTime touched = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    LogRecheckFileSystem.BEFORE_RECHECK.set(() -> Files.setLastModifiedTime(first, touched));
    List<String> args = new ArrayList<>(List.of(LogRecheckFileSystem.conf()));
    args.addAll(List.of("log-cleanup", t));
    Map<String, String> before = listing(table);
    TestCli.Run r = TestCli.run(args.toArray(String[]::new));
    assertThat(LogRecheckFileSystem.BEFORE_RECHECK.get()).as("the change ran").isNull();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: the log of " + t + " changed while log-cleanup was planning; nothing was"
        + " deleted; run log-cleanup again\n");
    Map<String, String> expected = new TreeMap<>(before);
    expected.put("_delta_log/" + v(0) + ".json", Files.size(first) + "@" + touched.toMillis());
    assertThat(listing(table)).isEqualTo(expected);

    // the file's time put back and run again, the log no longer changing: the 12 files of versions 0 to 5 go
    Files.setLastModifiedTime(first, old);
    JsonNode again = ok("log-cleanup", t, "-o", "json");
    assertThat(again.get("status").asText()).isEqualTo("CLEANED");
    assertThat(again.get("numDeletedFiles").asLong()).isEqualTo(12);
  }
}
