package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;

/**
 * The command matrix on object stores: S3 (an S3Proxy server) and Azure (Azurite, through ABFS), each started
 * once per test JVM on 127.0.0.1. Every command a table's life needs, on a table on the store, with the source
 * files of copy-into on the store too, on the engine under test (embedded Spark or a Spark Connect server).
 */
@Tag(TestCli.MATRIX)
class StorageTest {
  static Stream<Store> stores() {
    // and the real stores named by DELTACTL_LIVE_STORES, when it is set (see Store.live)
    return Stream.concat(Stream.of(TestServers.s3(), TestServers.azure()), Store.live().stream())
        .map(Store::inSession);
  }

  private static TestCli.Run run(Store s, String... args) {
    return TestCli.run(s.args(args));
  }

  private static JsonNode ok(Store s, String... args) {
    TestCli.Run r = run(s, args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
    return Json.parse(r.out());
  }

  /** Rows, distinct ids and the sum of ids of a version: what every step must keep or change exactly. */
  private static String rows(Store s, String table, String version) {
    TestCli.Run r = run(s, "sql", "SELECT count(*) AS n, count(DISTINCT id) AS d, sum(id) AS s FROM delta.`" + table
        + "`" + (version == null ? "" : " VERSION AS OF " + version), "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).findFirst().orElseThrow();
  }

  private static Configuration hadoop(Store s) {
    Configuration c = new Configuration();
    s.conf().forEach(c::set);
    return c;
  }

  /** CSV files written to the store itself, ids {@code from} to {@code from + files * 100 - 1}, 100 per file. */
  private static String csvFolder(Store s, long from, int files) throws IOException {
    String folder = s.folder("landing");
    FileSystem fs = FileSystem.get(URI.create(folder), hadoop(s));
    for (int i = 0; i < files; i++) {
      StringBuilder b = new StringBuilder("id,p\n");
      for (long id = from + i * 100L; id < from + (i + 1) * 100L; id++) {
        b.append(id).append(',').append(id % 3).append('\n');
      }
      try (OutputStream out = fs.create(new Path(folder + "/part-" + i + ".csv"))) {
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return folder;
  }

  private static List<String> operations(JsonNode history) {
    List<String> out = new ArrayList<>();
    history.forEach(h -> out.add(h.get("version").asLong() + " " + h.get("operation").asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void everyCommandOfATablesLifeWorksOnTheStore(Store s) throws IOException {
    String t = s.folder("t");
    // 0: create from a query, 4 files
    ok(s, "create", t, "-o", "json", "--as-select",
        "SELECT /*+ REPARTITION(4) */ id, CAST(id % 3 AS INT) AS p FROM range(1000)");
    assertThat(rows(s, t, null)).isEqualTo("1000,1000,499500");

    // 1: copy-into from CSV files on the store; a second run loads nothing. Over Spark Connect each file is a
    // commit of its own (Delta's idempotent writes), so versions 1 to 3 there
    long loadedAt = TestCli.engineKind().equals("connect") ? 3 : 1;
    String landing = csvFolder(s, 1000, 3);
    JsonNode loaded = ok(s, "copy-into", t, "--from", landing, "--format", "csv", "--format-option", "header=true", "-o", "json");
    assertThat(loaded.get("status").asText()).as(loaded.toString()).isEqualTo("LOADED");
    assertThat(loaded.get("numFilesLoaded").asLong()).isEqualTo(3);
    assertThat(loaded.get("numRowsInserted").asLong()).isEqualTo(300);
    JsonNode again = ok(s, "copy-into", t, "--from", landing, "--format", "csv", "--format-option", "header=true", "-o", "json");
    assertThat(again.get("status").asText()).isEqualTo("NOTHING_TO_LOAD");
    assertThat(rows(s, t, null)).isEqualTo("1300,1300,844350");

    // metadata, from the log (Kernel)
    JsonNode d = ok(s, "describe", t, "-o", "json");
    assertThat(d.get("version").asLong()).isEqualTo(loadedAt);
    assertThat(d.get("numFiles").asLong()).isEqualTo(7);

    // optimize compacts the 7 files into 1; zorder by id and p rewrites it
    JsonNode o = ok(s, "optimize", t, "-o", "json");
    assertThat(o.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(7);
    assertThat(o.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    JsonNode z = ok(s, "zorder", t, "--by", "id,p", "-o", "json");
    assertThat(z.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(rows(s, t, null)).isEqualTo("1300,1300,844350");

    List<String> expected = new ArrayList<>(List.of((loadedAt + 2) + " OPTIMIZE", (loadedAt + 1) + " OPTIMIZE"));
    List<String> allReadable = new ArrayList<>();
    for (long v = loadedAt + 2; v >= 0; v--) {
      allReadable.add(v + "=true");
      if (v >= 1 && v <= loadedAt) {
        expected.add(v + " WRITE");
      }
    }
    expected.add("0 CREATE TABLE AS SELECT");
    assertThat(operations(ok(s, "history", t, "-o", "json"))).isEqualTo(expected);
    List<String> readable = new ArrayList<>();
    ok(s, "time-travel", "versions", t, "-o", "json").get("versions")
        .forEach(v -> readable.add(v.get("version").asLong() + "=" + v.get("readable").asBoolean()));
    assertThat(readable).isEqualTo(allReadable);

    // time travel: show, diff, restore, clone
    assertThat(ok(s, "time-travel", "show", t, "--version", "0", "--count", "-o", "json").get("count").asLong())
        .isEqualTo(1000);
    JsonNode diff = ok(s, "time-travel", "diff", t, "--from", "0", "--to", String.valueOf(loadedAt), "-o",
        "json");
    assertThat(diff.get("rowsAdded").asLong()).isEqualTo(300);
    assertThat(diff.get("rowsRemoved").asLong()).isZero();
    String clone = s.folder("clone");
    ok(s, "time-travel", "clone", t + "@v0", "--to", clone, "-o", "json");
    assertThat(rows(s, clone, null)).isEqualTo("1000,1000,499500");
    JsonNode restored = ok(s, "time-travel", "restore", t, "--version", "0", "-o", "json");
    assertThat(restored.get("version").asLong()).isEqualTo(loadedAt + 3);
    assertThat(rows(s, t, null)).isEqualTo("1000,1000,499500");

    // vacuum: lite and full plans agree on the 5 files no version needs after the restore (copy-into's 3, the
    // optimize's and the zorder's), which are then deleted
    JsonNode lite = ok(s, "vacuum", t, "--retain", "0h", "--force", "--mode", "lite", "--dry-run", "-o", "json");
    JsonNode full = ok(s, "vacuum", t, "--retain", "0h", "--force", "--mode", "full", "--dry-run", "-o", "json");
    assertThat(full.get("plan").get("files").size()).as(full.toString()).isEqualTo(5);
    assertThat(lite.get("plan").get("files")).isEqualTo(full.get("plan").get("files"));
    JsonNode vacuumed = ok(s, "vacuum", t, "--retain", "0h", "--force", "-o", "json");
    assertThat(vacuumed.get("numDeletedFiles").asLong()).isEqualTo(5);
    assertThat(rows(s, t, null)).isEqualTo("1000,1000,499500");
    assertThat(rows(s, clone, null)).as("a deep clone keeps its own files").isEqualTo("1000,1000,499500");

    // bloom-index on the store
    ok(s, "bloom-index", "create", t, "--column", "id:fpp=0.01:num-items=1000", "-o", "json");
    JsonNode built = ok(s, "bloom-index", "build", t, "-o", "json");
    assertThat(built.get("status").asText()).as(built.toString()).isEqualTo("BUILT");
    assertThat(built.get("rewrite").get("filesToRewrite").asLong()).isEqualTo(4);
    assertThat(built.get("columns").get(0).get("coveragePercent").asDouble()).isEqualTo(100.0);
    assertThat(rows(s, t, null)).isEqualTo("1000,1000,499500");
    JsonNode shown = ok(s, "bloom-index", "show", t, "-o", "json").get("columns").get(0);
    assertThat(shown.get("filesWithFilter").asLong()).isEqualTo(4);
  }
  private static void sql(Store s, String statement) {
    TestCli.Run r = run(s, "sql", statement, "-q");
    assertThat(r.exitCode()).as(statement + "\n" + r).isZero();
  }

  private static List<String> names(JsonNode files) {
    List<String> out = new ArrayList<>();
    files.forEach(f -> out.add(f.isTextual() ? f.asText() : f.get("name").asText()));
    return out;
  }

  /** The log's file names, as the store lists them. */
  private static List<String> logListing(Store s, String table) throws IOException {
    FileSystem fs = FileSystem.get(URI.create(table), hadoop(s));
    List<String> out = new ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(new Path(table + "/_delta_log"))) {
      if (st.isFile()) {
        out.add(st.getPath().getName());
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * health, properties, checkpoint and log-cleanup on a table of the store: Delta Kernel reads its log here
   * through Hadoop's file system on every engine (over Spark Connect too), the properties change is committed by
   * the engine under test.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void healthPropertiesCheckpointAndLogCleanupWorkOnTheStore(Store s) throws IOException {
    String t = s.folder("m");
    // versions 0 to 3: 2 files, then 3 appends of one file each; 400 rows
    ok(s, "create", t, "-o", "json", "--as-select",
        "SELECT /*+ REPARTITION(2) */ id, CAST(id % 3 AS INT) AS p FROM range(100)");
    for (int i = 1; i <= 3; i++) {
      sql(s, "INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(1) */ id, CAST(id % 3 AS INT) FROM range("
          + i * 100 + ", " + (i + 1) * 100 + ")");
    }
    JsonNode h = ok(s, "health", t, "-o", "json");
    assertThat(h.get("version").asLong()).isEqualTo(3);
    assertThat(h.get("numFiles").asLong()).isEqualTo(5);
    assertThat(h.get("numRecords").asLong()).isEqualTo(400);
    assertThat(h.get("numDeletedRows").asLong()).isZero();
    assertThat(h.get("filesWithoutStats").asLong()).isZero();
    assertThat(h.get("lastCheckpointVersion").isNull()).isTrue();
    assertThat(h.get("commitsSinceCheckpoint").asLong()).isEqualTo(4);
    assertThat(h.get("numCommitFiles").asLong()).isEqualTo(4);
    assertThat(h.get("checkpointInterval").asInt()).isEqualTo(10);
    assertThat(h.get("logFilesPastRetention").asLong()).isZero();

    // properties: set in one commit (version 4), listed exactly as the log has them
    JsonNode set = ok(s, "properties", "set", t, "delta.checkpointInterval=5", "deltactl.zorder.by=id,p", "-o",
        "json");
    assertThat(set.get("result").asText()).as(set.toString()).isEqualTo("committed");
    assertThat(set.get("version").asLong()).isEqualTo(4);
    assertThat(ok(s, "properties", "list", t, "-o", "json").toString()).isEqualTo("{\"table\":\"" + t
        + "\",\"version\":4,\"properties\":["
        + "{\"key\":\"delta.checkpointInterval\",\"value\":\"5\",\"namespace\":\"delta\",\"set\":true},"
        + "{\"key\":\"deltactl.zorder.by\",\"value\":\"id,p\",\"namespace\":\"deltactl\",\"set\":true}]}");
    h = ok(s, "health", t, "-o", "json");
    assertThat(h.get("checkpointInterval").asInt()).isEqualTo(5);
    assertThat(h.get("commitsSinceCheckpoint").asLong()).isEqualTo(5);

    // checkpoint: Delta Kernel writes it here on every engine (it reads the store's paths in this process)
    JsonNode c = ok(s, "checkpoint", t, "-o", "json");
    assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("CHECKPOINTED");
    assertThat(c.get("writer").asText()).isEqualTo("kernel");
    assertThat(names(c.get("files"))).containsExactly(String.format("%020d", 4) + ".checkpoint.parquet");
    h = ok(s, "health", t, "-o", "json");
    assertThat(h.get("lastCheckpointVersion").asLong()).isEqualTo(4);
    assertThat(h.get("commitsSinceCheckpoint").asLong()).isZero();
    if (TestCli.engineKind().equals("connect")) {
      // without Kernel, over Spark Connect: refused, as documented
      TestCli.Run refused = run(s, "--conf", "deltactl.kernel=false", "checkpoint", t);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).isEqualTo("error: checkpoint is not available over Spark Connect for " + t
          + ": Delta has no SQL statement for it; run it with a path Delta Kernel reads here, or with --master"
          + " local[*] or a cluster master\n");
    }

    // log-cleanup. S3Proxy keeps its objects as files and reports their times: there the log is aged 40 days and
    // the table's own retention (30 days) applies. Azurite's times cannot be set: there no retention at all, and
    // the cutoff (today, midnight UTC) decides. On both the real run deletes exactly what the dry run planned
    List<String> retain = List.of("--retain", "0h", "--force");
    List<String> expected = null;
    if (s.data() != null) {
      java.nio.file.Path log = s.data().resolve(Store.BUCKET).resolve(t.substring(s.root().length() + 1))
          .resolve("_delta_log");
      java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
          java.time.Instant.now().minus(java.time.Duration.ofDays(40)));
      try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(log)) {
        for (java.nio.file.Path f : files.toList()) {
          java.nio.file.Files.setLastModifiedTime(f, old);
        }
      }
      retain = List.of();
      expected = new ArrayList<>();
      for (int v = 0; v <= 3; v++) {
        expected.add(String.format("%020d", v) + ".crc");
        expected.add(String.format("%020d", v) + ".json");
      }
    }
    List<String> before = logListing(s, t);
    List<String> dryArgs = new ArrayList<>(List.of("log-cleanup", t, "--dry-run", "-o", "json"));
    dryArgs.addAll(retain);
    JsonNode dry = ok(s, dryArgs.toArray(String[]::new));
    assertThat(dry.get("status").asText()).isEqualTo("DRY_RUN");
    List<String> planned = names(dry.get("plan").get("files"));
    if (expected != null) {
      assertThat(planned).as(dry.toString()).isEqualTo(expected);
      assertThat(dry.get("plan").get("checkpointVersion").asLong()).isEqualTo(4);
      assertThat(dry.get("plan").get("oldestReachableVersionAfter").asLong()).isEqualTo(4);
    }
    assertThat(logListing(s, t)).isEqualTo(before);
    List<String> cleanArgs = new ArrayList<>(List.of("log-cleanup", t, "-o", "json"));
    cleanArgs.addAll(retain);
    JsonNode cleaned = ok(s, cleanArgs.toArray(String[]::new));
    assertThat(names(cleaned.get("plan").get("files"))).isEqualTo(planned);
    assertThat(cleaned.get("status").asText()).isEqualTo(planned.isEmpty() ? "NOTHING_TO_DELETE" : "CLEANED");
    assertThat(cleaned.get("numDeletedFiles").asLong()).isEqualTo(planned.size());
    List<String> left = new ArrayList<>(before);
    left.removeAll(planned);
    assertThat(logListing(s, t)).isEqualTo(left);

    assertThat(rows(s, t, null)).isEqualTo("400,400,79800");
    assertThat(ok(s, "describe", t, "-o", "json").get("version").asLong()).isEqualTo(4);

    // maintain: the 5 files are due under this run's policy, so the table is z-ordered by its own
    // deltactl.zorder.by; health before and after from the store with Kernel, the rewrite on the engine
    JsonNode m = ok(s, "maintain", t, "--policy", "smallFilesDue=5", "--policy", "smallFileShareDue=0", "-o", "json");
    JsonNode mt = m.get("tables").get(0);
    assertThat(mt.get("status").asText()).as(m.toString()).isEqualTo("done");
    assertThat(mt.get("steps").size()).isEqualTo(1);
    assertThat(mt.get("steps").get(0).get("form").asText()).isEqualTo("zorder by id, p");
    assertThat(List.of(mt.get("before").get("numFiles").asLong(), mt.get("after").get("numFiles").asLong(),
        mt.get("after").get("version").asLong())).containsExactly(5L, 1L, 5L);
    assertThat(rows(s, t, null)).isEqualTo("400,400,79800");
  }
}
