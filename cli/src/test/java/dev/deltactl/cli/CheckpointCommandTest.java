package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointCommandTest {
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

  private static List<String> checkpointFiles(Path table) throws IOException {
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.checkpoint\\..*")).sorted()
          .toList();
    }
  }

  /** Version 0 (10 rows) and 4 appends of one row: versions 0..4, no checkpoint (the interval is 1000). */
  private String table(String name) {
    String t = tmp.resolve(name).toString();
    ok("create", t, "-o", "json", "--property", "delta.checkpointInterval=1000",
        "--as-select", "SELECT id FROM range(10)");
    for (int i = 1; i <= 4; i++) {
      sql("INSERT INTO delta.`" + t + "` VALUES (" + (100 + i) + ")");
    }
    return t;
  }

  private static long count(String t) {
    TestCli.Run r = TestCli.run("time-travel", "show", t, "--count", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out()).get("count").asLong();
  }

  @Test
  void aDryRunPlansTheLatestVersionAndWritesNothing() throws IOException {
    String t = table("t");
    Map<String, String> before = listing(Path.of(t));
    JsonNode r = ok("checkpoint", t, "--dry-run", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("DRY_RUN");
    JsonNode p = r.get("plan");
    assertThat(p.get("version").asLong()).isEqualTo(4);
    assertThat(p.get("lastCheckpointVersion").isNull()).isTrue();
    assertThat(p.get("commitsSinceLastCheckpoint").asLong()).isEqualTo(5);
    assertThat(p.get("kind").asText()).isEqualTo("classic");
    assertThat(r.get("files").size()).isZero();
    assertThat(listing(Path.of(t))).isEqualTo(before);
  }

  @Test
  void kernelWritesTheCheckpointAndLastCheckpointAndEveryReaderStillReadsTheTable() throws IOException {
    String t = table("t");
    JsonNode r = ok("checkpoint", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("CHECKPOINTED");
    assertThat(r.get("writer").asText()).isEqualTo("kernel");
    assertThat(r.get("files").get(0).asText()).isEqualTo(v(4) + ".checkpoint.parquet");
    assertThat(r.get("files").size()).isEqualTo(1);
    Path file = Path.of(t, "_delta_log", v(4) + ".checkpoint.parquet");
    assertThat(r.get("bytes").asLong()).isEqualTo(Files.size(file)).isPositive();
    assertThat(checkpointFiles(Path.of(t))).containsExactly(v(4) + ".checkpoint.parquet");
    JsonNode last = Json.parse(Files.readString(Path.of(t, "_delta_log", "_last_checkpoint")));
    assertThat(last.get("version").asLong()).isEqualTo(4);

    assertThat(ok("describe", t, "-o", "json").get("version").asLong()).isEqualTo(4);
    assertThat(ok("--conf", "deltactl.kernel=false", "describe", t, "-o", "json").get("numFiles").asLong())
        .isEqualTo(ok("describe", t, "-o", "json").get("numFiles").asLong());
    assertThat(ok("history", t, "-o", "json").size()).isEqualTo(5);
    assertThat(count(t)).isEqualTo(14);

    // again: up to date, nothing written, exit 0
    Map<String, String> before = listing(Path.of(t));
    TestCli.Run again = TestCli.run("checkpoint", t);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("up to date: version 4 has a checkpoint already; nothing was written");
    assertThat(listing(Path.of(t))).isEqualTo(before);

    // one more commit: the plan names the last checkpoint and the commits since
    sql("INSERT INTO delta.`" + t + "` VALUES (999)");
    JsonNode plan = ok("checkpoint", t, "--dry-run", "-o", "json").get("plan");
    assertThat(plan.get("version").asLong()).isEqualTo(5);
    assertThat(plan.get("lastCheckpointVersion").asLong()).isEqualTo(4);
    assertThat(plan.get("lastCheckpointKind").asText()).isEqualTo("classic");
    assertThat(plan.get("commitsSinceLastCheckpoint").asLong()).isEqualTo(1);
  }

  @Test
  void deltaOnSparkWritesItWhenKernelIsOff() throws IOException {
    String t = table("t");
    JsonNode r = ok("--conf", "deltactl.kernel=false", "checkpoint", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("CHECKPOINTED");
    assertThat(r.get("writer").asText()).isEqualTo("delta");
    assertThat(checkpointFiles(Path.of(t))).containsExactly(v(4) + ".checkpoint.parquet");
    assertThat(Json.parse(Files.readString(Path.of(t, "_delta_log", "_last_checkpoint"))).get("version").asLong())
        .isEqualTo(4);
    assertThat(ok("describe", t, "-o", "json").get("version").asLong()).isEqualTo(4);
    assertThat(count(t)).isEqualTo(14);
  }

  @Test
  void aTableWithV2CheckpointsGetsDeltasV2Checkpoint() throws IOException {
    String t = tmp.resolve("v2").toString();
    ok("create", t, "-o", "json", "--property", "delta.checkpointInterval=1000",
        "--property", "delta.feature.v2Checkpoint=supported", "--property", "delta.checkpointPolicy=v2",
        "--as-select", "SELECT id FROM range(10)");
    sql("INSERT INTO delta.`" + t + "` VALUES (100)");
    JsonNode dry = ok("checkpoint", t, "--dry-run", "-o", "json");
    assertThat(dry.get("status").asText()).isEqualTo("DRY_RUN");
    assertThat(dry.get("plan").get("kind").asText()).isEqualTo("v2");
    assertThat(dry.get("plan").get("version").asLong()).isEqualTo(1);
    JsonNode r = ok("checkpoint", t, "-o", "json");
    assertThat(r.get("writer").asText()).isEqualTo("delta");
    assertThat(r.get("plan").get("kind").asText()).isEqualTo("v2");
    List<String> files = checkpointFiles(Path.of(t));
    assertThat(files).hasSize(1);
    assertThat(files.get(0)).matches(v(1) + "\\.checkpoint\\.[0-9a-f-]{36}\\.(json|parquet)");
    assertThat(r.get("files").get(0).asText()).isEqualTo(files.get(0));
    JsonNode plan = ok("checkpoint", t, "--dry-run", "-o", "json");
    assertThat(plan.get("status").asText()).isEqualTo("UP_TO_DATE");
    assertThat(plan.get("plan").get("lastCheckpointKind").asText()).isEqualTo("v2");
    assertThat(count(t)).isEqualTo(11);
  }

  @Test
  void aMissingTableIsExit3AndAPastVersionExit2() {
    Path missing = tmp.resolve("nope");
    TestCli.Run r = TestCli.run("checkpoint", missing.toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: path not found: " + missing + "\n");
    String t = table("t");
    TestCli.Run past = TestCli.run("checkpoint", t + "@v1");
    assertThat(past.exitCode()).isEqualTo(2);
    assertThat(past.err()).isEqualTo("error: checkpoint works on the current table; drop the suffix of '" + t
        + "@v1'\n");
  }
  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  /**
   * _last_checkpoint after Kernel's checkpoint says what Delta's own checkpoint of the same table says: its
   * size is the number of actions in the checkpoint (protocol, metadata, the adds and the remove kept as a
   * tombstone), which Kernel 4.4 alone writes as the number of adds.
   */
  @Test
  void lastCheckpointsSizeIsTheNumberOfActionsAsDeltaWritesIt() throws IOException {
    String t = table("k");
    sql("DELETE FROM delta.`" + t + "` WHERE id = 101"); // version 5: that append's file is removed
    Path delta = tmp.resolve("d");
    copy(Path.of(t), delta);
    assertThat(ok("checkpoint", t, "-o", "json").get("writer").asText()).isEqualTo("kernel");
    assertThat(ok("--conf", "deltactl.kernel=false", "checkpoint", delta.toString(), "-o", "json").get("writer")
        .asText()).isEqualTo("delta");
    JsonNode kernel = Json.parse(Files.readString(Path.of(t, "_delta_log", "_last_checkpoint")));
    JsonNode spark = Json.parse(Files.readString(delta.resolve("_delta_log").resolve("_last_checkpoint")));
    long numFiles = ok("describe", t, "-o", "json").get("numFiles").asLong();
    assertThat(spark.get("version").asLong()).isEqualTo(5);
    assertThat(spark.get("numOfAddFiles").asLong()).isEqualTo(numFiles);
    assertThat(spark.get("size").asLong()).as(spark.toString()).isEqualTo(2 + numFiles + 1);
    assertThat(kernel.get("version").asLong()).isEqualTo(5);
    assertThat(kernel.get("size").asLong()).as(kernel.toString()).isEqualTo(spark.get("size").asLong());
    // one action a row of the checkpoint Kernel wrote
    TestCli.Run rows = TestCli.run("sql", "SELECT count(*) AS n FROM parquet.`" + Path.of(t, "_delta_log",
        v(5) + ".checkpoint.parquet") + "`", "-o", "csv");
    assertThat(rows.out().lines().toList()).containsExactly("n", String.valueOf(2 + numFiles + 1));
    // Kernel's writer has no sizeInBytes or numOfAddFiles (optional in the protocol); the rest is Delta's
    assertThat(kernel.toString()).isEqualTo("{\"version\":5,\"size\":" + (2 + numFiles + 1) + "}");
    assertThat(ok("describe", t, "-o", "json").get("version").asLong()).isEqualTo(5);
    assertThat(ok("--conf", "deltactl.kernel=false", "describe", t, "-o", "json").get("numFiles").asLong())
        .isEqualTo(numFiles);
  }
}
