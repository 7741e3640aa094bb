package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * time-travel show --count: summed from the log's statistics with Delta Kernel (no Spark, no data read) when
 * every file of the version has a row count, counted by a query otherwise; the same answer either way.
 */
class ShowCountTest {
  @TempDir static Path tmp;
  static String t;

  private static JsonNode ok(TestCli.Run r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  /** v0: ids 0-9 in 2 files; v1: ids 1, 2 and 6 deleted (deletion vectors); v2: ids 100 and 101 appended. */
  @BeforeAll
  static void table() {
    t = tmp.resolve("t").toString();
    ok(TestCli.run("create", t, "--as-select", "SELECT id FROM range(0, 10, 1, 2)", "--property",
        "delta.enableDeletionVectors=true", "-o", "json"));
    assertThat(TestCli.run("sql", "DELETE FROM delta.`" + t + "` WHERE id IN (1, 2, 6)", "-q").exitCode()).isZero();
    assertThat(TestCli.run("sql", "INSERT INTO delta.`" + t + "` SELECT id FROM range(100, 102, 1, 1)", "-q").exitCode()).isZero();
  }

  @Test
  void aCountIsSummedFromTheStatisticsLessTheDeletedRowsWithoutStartingSpark() {
    JsonNode latest = ok(TestCli.onKernelOnly("time-travel", "show", t, "--count", "-o", "json"));
    assertThat(latest.get("version").asLong()).isEqualTo(2);
    assertThat(latest.get("count").asLong()).isEqualTo(9);
    assertThat(latest.get("countedFrom").asText()).isEqualTo("statistics");
    assertThat(latest.get("files").asLong()).isEqualTo(3);
    JsonNode v1 = ok(TestCli.onKernelOnly("time-travel", "show", t + "@v1", "--count", "-o", "json"));
    assertThat(v1.get("count").asLong()).isEqualTo(7);
    assertThat(v1.get("files").asLong()).isEqualTo(2);
    JsonNode v0 = ok(TestCli.onKernelOnly("time-travel", "show", t, "--version", "0", "--count", "-o", "json"));
    assertThat(v0.get("count").asLong()).isEqualTo(10);
    assertThat(v0.get("timestamp").asText()).isEqualTo(
        ok(TestCli.onKernelOnly("history", t, "-o", "json")).get(2).get("timestamp").asText());

    TestCli.Run table = TestCli.onKernelOnly("time-travel", "show", t, "--count");
    assertThat(table.out()).contains("count        9\n").contains("countedFrom  statistics\n").contains("files        3\n");
  }

  @Test
  void aCountWithAFilterIsAQueryAndAgreesWithTheStatistics() {
    JsonNode all = ok(TestCli.run("time-travel", "show", t, "--count", "--where", "id >= 0", "-o", "json"));
    assertThat(all.get("count").asLong()).isEqualTo(9);
    assertThat(all.get("countedFrom").asText()).isEqualTo("query");
    assertThat(all.get("files").isNull()).isTrue();
    JsonNode some = ok(TestCli.run("time-travel", "show", t + "@v1", "--count", "--where", "id > 5", "-o", "json"));
    assertThat(some.get("count").asLong()).isEqualTo(3);
  }

  @Test
  void aFolderWithASpaceAndDeletionVectorFilesIsCountedFromTheStatistics() {
    String u = tmp.resolve("a b #1").resolve("t").toString();
    ok(TestCli.run("create", u, "--as-select", "SELECT id FROM range(0, 10, 1, 2)", "--property",
        "delta.enableDeletionVectors=true", "-o", "json"));
    assertThat(TestCli.run("sql", "DELETE FROM delta.`" + u + "` WHERE id IN (0, 5, 9)", "-q").exitCode()).isZero();
    JsonNode r = ok(TestCli.onKernelOnly("time-travel", "show", u, "--count", "-o", "json"));
    assertThat(r.get("count").asLong()).isEqualTo(7);
    assertThat(r.get("countedFrom").asText()).isEqualTo("statistics");
    // the vectors' files are found there by every check of the files (they were looked for at a%20b before)
    JsonNode versions = ok(TestCli.onKernelOnly("time-travel", "versions", u, "-o", "json"));
    assertThat(versions.get("versions").get(0).get("readable").asBoolean()).as(versions.toString()).isTrue();
    assertThat(TestCli.run("time-travel", "show", u, "--version", "1", "-o", "csv").out().lines().count())
        .isEqualTo(8);
  }

  @Test
  void aCountOfSomeColumnsIsAQueryThatChecksThem() {
    JsonNode r = ok(TestCli.run("time-travel", "show", t, "--count", "--columns", "id", "-o", "json"));
    assertThat(r.get("count").asLong()).isEqualTo(9);
    assertThat(r.get("countedFrom").asText()).isEqualTo("query");
    TestCli.Run bad = TestCli.run("time-travel", "show", t, "--count", "--columns", "nosuch");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(TestCli.run("time-travel", "show", t, "--count", "-o", "csv").out())
        .startsWith("version,timestamp,count,countedFrom,files\r\n");
    assertThat(TestCli.run("time-travel", "show", t, "--count", "--where", "id > 0", "-o", "csv").out())
        .startsWith("version,timestamp,count,countedFrom,files\r\n").endsWith(",query,\r\n");
  }

  @Test
  void aVersionWithAFileWithoutARowCountIsCountedByAQuery() throws IOException {
    String u = tmp.resolve("nostats").toString();
    ok(TestCli.run("create", u, "--as-select", "SELECT id FROM range(0, 12, 1, 3)", "-o", "json"));
    Path commit = Path.of(u, "_delta_log", "00000000000000000000.json");
    String log = Files.readString(commit);
    String stripped = log.replaceAll(",\"stats\":\"(\\\\.|[^\"\\\\])*\"", "");
    assertThat(stripped).isNotEqualTo(log).doesNotContain("numRecords");
    Files.writeString(commit, stripped);
    Files.deleteIfExists(Path.of(u, "_delta_log", "00000000000000000000.crc"));
    Files.deleteIfExists(Path.of(u, "_delta_log", ".00000000000000000000.json.crc"));
    JsonNode r = ok(TestCli.run("time-travel", "show", u, "--count", "-o", "json"));
    assertThat(r.get("count").asLong()).isEqualTo(12);
    assertThat(r.get("countedFrom").asText()).isEqualTo("query");
  }

  @Test
  void aVersionWhoseDataFileIsGoneIsNotReadable() throws IOException {
    String u = tmp.resolve("gone").toString();
    ok(TestCli.run("create", u, "--as-select", "SELECT id FROM range(0, 4, 1, 1)", "-o", "json"));
    Path file;
    try (Stream<Path> files = Files.list(Path.of(u))) {
      file = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(file);
    TestCli.Run r = TestCli.onKernelOnly("time-travel", "show", u, "--count");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: version 0 of " + u + " is not readable: the file " + file.getFileName()
        + " it needs is gone (deleted by vacuum or otherwise); the oldest readable version is none\n");
  }
}
