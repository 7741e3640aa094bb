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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
  @TempDir Path tmp;

  static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  static void sql(String statement) {
    TestCli.Run r = TestCli.run("sql", statement, "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /** Parquet files written by Spark into a folder: ten rows, in two files, partitioned by region when asked. */
  static Path parquet(Path dir, boolean partitioned) {
    String name = "convert_source_" + (partitioned ? "p" : "f");
    sql("DROP TABLE IF EXISTS " + name);
    sql("CREATE TABLE " + name + " USING parquet" + (partitioned ? " PARTITIONED BY (region)" : "")
        + " LOCATION '" + dir + "' AS SELECT /*+ REPARTITION(2) */ id, CAST(id * 10 AS INT) AS amount,"
        + " CASE WHEN id < 4 THEN 'eu' ELSE 'us' END AS region FROM range(10)");
    sql("DROP TABLE " + name); // the files stay: the table has its own location
    return dir;
  }

  /** The Parquet files under a folder: their number and bytes. */
  static long[] parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      return new long[] {files.size(), bytes};
    }
  }

  static List<String> schema(JsonNode plan) {
    List<String> out = new ArrayList<>();
    plan.get("schema").forEach(c -> out.add(c.get("name").asText() + " " + c.get("type").asText()));
    return out;
  }

  @Test
  void aFolderOfParquetFilesIsPlannedThenConvertedInPlace() throws IOException {
    Path p = parquet(tmp.resolve("plain"), false);
    long[] files = parquetFiles(p);
    Map<String, String> before = TestCli.fingerprint(p);

    JsonNode dry = ok("convert", p.toString(), "--format", "parquet", "--dry-run", "-o", "json");
    assertThat(dry.get("status").asText()).isEqualTo("DRY_RUN");
    assertThat(dry.get("plan").get("files").asLong()).isEqualTo(files[0]);
    assertThat(dry.get("plan").get("bytes").asLong()).isEqualTo(files[1]);
    assertThat(dry.get("plan").get("partitions").asLong()).isZero();
    assertThat(dry.get("plan").get("partitionColumns").size()).isZero();
    assertThat(schema(dry.get("plan"))).containsExactly("id BIGINT", "amount INT", "region STRING");
    assertThat(dry.get("version").isNull()).isTrue();
    assertThat(TestCli.fingerprint(p)).isEqualTo(before);

    JsonNode done = ok("convert", p.toString(), "-o", "json");
    assertThat(done.get("status").asText()).isEqualTo("CONVERTED");
    assertThat(done.get("version").asLong()).isZero();
    assertThat(done.get("rows").asLong()).isEqualTo(10);
    assertThat(done.get("plan").get("files").asLong()).isEqualTo(files[0]);
    assertThat(Files.isDirectory(p.resolve("_delta_log"))).isTrue();
    assertThat(ok("time-travel", "show", p.toString(), "--count", "-o", "json").get("count").asLong()).isEqualTo(10);
    assertThat(ok("time-travel", "show", p.toString(), "--where", "region = 'eu'", "--count", "-o", "json")
        .get("count").asLong()).isEqualTo(4);
    JsonNode detail = ok("describe", p.toString(), "-o", "json");
    assertThat(detail.get("format").asText()).isEqualTo("delta");
    assertThat(detail.get("numFiles").asLong()).isEqualTo(files[0]);

    // converted once: a second time is refused, and nothing changes
    Map<String, String> converted = TestCli.fingerprint(p);
    TestCli.Run again = TestCli.run("convert", p.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).isEqualTo("error: cannot convert " + p
        + ": it is already a Delta table (it has a _delta_log folder)\n");
    assertThat(TestCli.fingerprint(p)).isEqualTo(converted);
  }

  @Test
  void partitionFoldersAreConvertedWithTheColumnsTheyAreGiven() throws IOException {
    Path p = parquet(tmp.resolve("part"), true);
    long[] files = parquetFiles(p);
    Map<String, String> before = TestCli.fingerprint(p);

    TestCli.Run missing = TestCli.run("convert", p.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("error: cannot convert " + p + ": its files are in partition folders"
        + " (region=...); give their columns and types with --partitioned-by \"region TYPE\"\n");
    TestCli.Run wrong = TestCli.run("convert", p.toString(), "--partitioned-by", "country STRING");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).isEqualTo("error: cannot convert " + p + ": --partitioned-by names country but its"
        + " partition folders are region=...\n");
    TestCli.Run bad = TestCli.run("convert", p.toString(), "--partitioned-by", "region");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: invalid --partitioned-by 'region': expected columns and types such as"
        + " \"date DATE, region STRING\"\n");
    assertThat(TestCli.fingerprint(p)).isEqualTo(before);

    JsonNode done = ok("convert", p.toString(), "--partitioned-by", "region STRING", "-o", "json");
    assertThat(done.get("status").asText()).isEqualTo("CONVERTED");
    assertThat(done.get("plan").get("files").asLong()).isEqualTo(files[0]);
    assertThat(done.get("plan").get("bytes").asLong()).isEqualTo(files[1]);
    assertThat(done.get("plan").get("partitions").asLong()).isEqualTo(2);
    assertThat(done.get("plan").get("partitionColumns").get(0).asText()).isEqualTo("region");
    assertThat(schema(done.get("plan"))).containsExactly("id BIGINT", "amount INT", "region STRING");
    assertThat(done.get("rows").asLong()).isEqualTo(10);
    JsonNode detail = ok("describe", p.toString(), "-o", "json");
    assertThat(detail.get("partitionColumns").get(0).asText()).isEqualTo("region");
    assertThat(ok("time-travel", "show", p.toString(), "--where", "region = 'us'", "--count", "-o", "json")
        .get("count").asLong()).isEqualTo(6);
  }

  @Test
  void withoutStatisticsTheRowsAreNotKnown() {
    Path p = parquet(tmp.resolve("nostats"), false);
    JsonNode done = ok("convert", p.toString(), "--no-statistics", "-o", "json");
    assertThat(done.get("status").asText()).isEqualTo("CONVERTED");
    assertThat(done.get("rows").isNull()).isTrue();
    assertThat(ok("time-travel", "show", p.toString(), "--count", "-o", "json").get("count").asLong()).isEqualTo(10);
  }

  @Test
  void foldersThatCannotBeConvertedAreRefusedInOneLineAndLeftAsTheyWere() throws IOException {
    Path mixed = parquet(tmp.resolve("mixed"), false);
    Files.writeString(mixed.resolve("notes.txt"), "not data");
    Path unreadable = parquet(tmp.resolve("unreadable"), false);
    Files.writeString(unreadable.resolve("broken.parquet"), "not parquet");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path odd = parquet(tmp.resolve("odd"), true);
    Files.copy(parquetFile(odd.resolve("region=eu")), odd.resolve("stray.parquet"));
    Path nested = parquet(tmp.resolve("nested"), false);
    Files.createDirectories(nested.resolve("sub"));
    Files.copy(parquetFile(nested), nested.resolve("sub").resolve("x.parquet"));

    for (Object[] c : List.of(
        new Object[] {mixed, 2, "it holds files that are not Parquet (notes.txt); convert takes a folder of"
            + " Parquet files only"},
        new Object[] {unreadable, 2, "broken.parquet is not a readable Parquet file"},
        new Object[] {empty, 2, "it holds no Parquet files"},
        new Object[] {odd, 2, "its partition folders disagree ("},
        new Object[] {nested, 2, "the folder sub is not a partition folder (column=value)"})) {
      Path p = (Path) c[0];
      Map<String, String> before = TestCli.fingerprint(p);
      TestCli.Run r = TestCli.run("convert", p.toString(), "--format", "parquet");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(c[1]);
      assertThat(r.err()).as(r.toString()).startsWith("error: cannot convert " + p + ": ").contains((String) c[2])
          .endsWith("\n");
      assertThat(r.err().strip().lines().count()).isEqualTo(1);
      assertThat(TestCli.fingerprint(p)).isEqualTo(before);
      assertThat(Files.exists(p.resolve("_delta_log"))).isFalse();
    }
    TestCli.Run none = TestCli.run("convert", tmp.resolve("nosuch").toString());
    assertThat(none.exitCode()).isEqualTo(3);
    assertThat(none.err()).isEqualTo("error: " + tmp.resolve("nosuch") + " does not exist\n");
    TestCli.Run csv = TestCli.run("convert", mixed.toString(), "--format", "csv");
    assertThat(csv.exitCode()).isEqualTo(2);
    assertThat(csv.err()).isEqualTo("error: convert reads Parquet files only, got --format csv\n");
  }

  private static Path parquetFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  @Test
  void aMetastoreParquetTableIsConvertedInPlaceByName() {
    String name = "convert_by_name";
    sql("DROP TABLE IF EXISTS " + name);
    try {
      sql("CREATE TABLE " + name + " USING parquet AS SELECT id FROM range(5)");
      JsonNode done = ok("convert", name, "-o", "json");
      assertThat(done.get("status").asText()).isEqualTo("CONVERTED");
      assertThat(done.get("rows").asLong()).isEqualTo(5);
      assertThat(ok("describe", name, "-o", "json").get("format").asText()).isEqualTo("delta");
      TestCli.Run again = TestCli.run("convert", name);
      assertThat(again.exitCode()).isEqualTo(2);
      assertThat(again.err()).isEqualTo("error: " + name + " is already a Delta table\n");
    } finally {
      sql("DROP TABLE IF EXISTS " + name);
    }
  }
}
