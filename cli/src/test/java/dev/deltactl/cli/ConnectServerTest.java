package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** What only a Spark Connect server shows: a server without Delta, and copy-into's record shared with embedded. */
@Tag(TestCli.MATRIX)
class ConnectServerTest {
  @TempDir Path tmp;

  @org.junit.jupiter.api.BeforeEach
  void onConnectOnly() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestCli.engineKind().equals("connect"),
        "runs in the connect suite (-Ddeltactl.test.engine=connect)");
  }

  @Test
  void aServerWithoutDeltaGetsTheSettingsItNeedsNamed() {
    String url = TestServers.connectWithoutDelta();
    TestCli.Run r = TestCli.run("--remote", url, "optimize", tmp.resolve("t").toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: the Spark Connect server " + url + " runs without Delta Lake: start it"
        + " with --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf"
        + " spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog and Delta's jars"
        + " (--packages io.delta:delta-spark_2.13:<version>); these are server settings, a client cannot set them\n");
  }

  @Test
  void withoutKernelTheServerAnswersDescribeHistoryAndVersionsTheSame() {
    String t = tmp.resolve("t").toString();
    ok("create", t, "--schema", "id BIGINT, name STRING COMMENT 'who'", "--partitioned-by", "name",
        "--property", "delta.appendOnly=false", "-o", "json");
    ok("sql", "INSERT INTO delta.`" + t + "` VALUES (1, 'a'), (2, 'b')", "-o", "json");
    ok("sql", "DELETE FROM delta.`" + t + "` WHERE id = 1", "-o", "json");
    ok("vacuum", t, "--retain", "0h", "--force", "-o", "json");
    for (String[] command : List.of(new String[] {"describe", t}, new String[] {"history", t},
        new String[] {"history", t, "-n", "2"}, new String[] {"time-travel", "versions", t})) {
      String[] server = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
          java.util.stream.Stream.of("--conf", "deltactl.kernel=false")).toArray(String[]::new);
      assertThat(ok(server)).as(String.join(" ", command)).isEqualTo(ok(command));
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode ok(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    if (!all.contains("-o")) {
      all.addAll(List.of("-o", "json"));
    }
    TestCli.Run r = TestCli.run(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private static void csv(Path dir, String name, int from, int to) throws java.io.IOException {
    StringBuilder b = new StringBuilder("id,name\n");
    for (int i = from; i < to; i++) {
      b.append(i).append(",n").append(i).append('\n');
    }
    java.nio.file.Files.createDirectories(dir.resolve(name).getParent());
    java.nio.file.Files.writeString(dir.resolve(name), b.toString());
  }

  /**
   * copy-into over Connect writes the same record of loaded files as the embedded engine: each engine skips
   * what the other loaded, and every row is there once.
   */
  @Test
  void copyIntoLoadsEachFileOnceAndSharesItsRecordWithTheEmbeddedEngine() throws Exception {
    Path src = tmp.resolve("src");
    csv(src, "a.csv", 0, 100);
    csv(src, "b.csv", 100, 250);
    csv(src, "sub/c.csv", 250, 300);
    String t = tmp.resolve("t").toString();
    ok("create", t, "--schema", "id BIGINT, name STRING", "-o", "json");
    String[] copy = {"copy-into", t, "--from", src.toString(), "--format", "csv", "--format-option", "header=true",
        "-o", "json"};
    var first = ok(copy);
    assertThat(first.get("status").asText()).isEqualTo("LOADED");
    assertThat(first.get("numFilesLoaded").asLong()).isEqualTo(3);
    assertThat(first.get("numRowsInserted").asLong()).isEqualTo(300);
    assertThat(first.get("filesLoaded").toString()).isEqualTo("[\"a.csv\",\"b.csv\",\"sub/c.csv\"]");
    assertThat(first.get("version").asLong()).isEqualTo(3); // one commit per file
    var again = ok(copy);
    assertThat(again.get("status").asText()).isEqualTo("NOTHING_TO_LOAD");
    assertThat(again.get("numFilesSkipped").asLong()).isEqualTo(3);

    // the embedded engine reads the same record, and Connect reads the embedded engine's
    String[] embedded = new String[copy.length + 2];
    System.arraycopy(copy, 0, embedded, 0, copy.length);
    embedded[copy.length] = "--master";
    embedded[copy.length + 1] = "local[2]";
    assertThat(ok(embedded).get("status").asText()).isEqualTo("NOTHING_TO_LOAD");
    csv(src, "d.csv", 300, 310);
    var byEmbedded = ok(embedded);
    assertThat(byEmbedded.get("filesLoaded").toString()).isEqualTo("[\"d.csv\"]");
    assertThat(ok(copy).get("status").asText()).isEqualTo("NOTHING_TO_LOAD");
    assertThat(ok("sql", "SELECT count(*) AS n, count(DISTINCT id) AS d, min(id) AS lo, max(id) AS hi FROM delta.`"
        + t + "`", "-o", "json").get(0).toString()).isEqualTo("{\"n\":310,\"d\":310,\"lo\":0,\"hi\":309}");

    // --force loads every file again, on purpose
    var forced = ok("copy-into", t, "--from", src.toString(), "--format", "csv", "--format-option", "header=true",
        "--force", "-o", "json");
    assertThat(forced.get("numFilesLoaded").asLong()).isEqualTo(4);
    assertThat(forced.get("numRowsInserted").asLong()).isEqualTo(310);
    assertThat(ok("sql", "SELECT count(*) AS n FROM delta.`" + t + "`", "-o", "json").get(0).toString())
        .isEqualTo("{\"n\":620}");
  }
}
