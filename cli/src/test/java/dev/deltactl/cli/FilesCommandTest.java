package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * files on a table Spark writes here, partitioned by region, with a deletion vector and four versions: exact
 * paths, sizes, times, records, statistics and totals, compared with the files on disk and with Spark's count; and
 * on every table of the conformance corpus (read in place: files only reads).
 */
class FilesCommandTest {
  @TempDir static Path tmp;
  private static Path table;
  private static String t;

  private static void sql(String statement) {
    TestCli.Run r = TestCli.run("sql", statement, "-q");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  /**
   * v0 create; v1 ann, cid (eu, one file) and bob (us); v2 dan (apac) and a row without a name (us); v3 deletes cid
   * with a deletion vector on the eu file.
   */
  @BeforeAll
  static void writeTable() {
    table = tmp.resolve("sales");
    t = table.toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT, name STRING, region STRING, s STRUCT<x: INT>) USING delta"
        + " PARTITIONED BY (region) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(1) */ * FROM VALUES (1L, 'ann', 'eu', named_struct('x', 10)),"
        + " (2L, 'bob', 'us', named_struct('x', 20)), (3L, 'cid', 'eu', named_struct('x', 30)) AS v(id, name, region, s)");
    sql("INSERT INTO delta.`" + t + "` SELECT /*+ REPARTITION(1) */ * FROM VALUES (4L, 'dan', 'apac', named_struct('x', 40)),"
        + " (5L, CAST(NULL AS STRING), 'us', named_struct('x', 50)) AS v(id, name, region, s)");
    sql("DELETE FROM delta.`" + t + "` WHERE id = 3");
    TestCli.fixCommitTimes(table);
  }

  /** The data files under a partition folder, by name. */
  private static List<Path> dataFiles(String partition) throws IOException {
    try (Stream<Path> s = Files.list(table.resolve(partition))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  /** The data file that holds a row, as Spark reads it. */
  private static Path fileOf(long id) {
    TestCli.Run r = TestCli.run("sql", "SELECT _metadata.file_path AS f FROM delta.`" + t + "` WHERE id = " + id,
        "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Path.of(java.net.URI.create(r.out().lines().skip(1).findFirst().orElseThrow().strip()));
  }

  private static String rel(Path p) {
    return table.relativize(p).toString();
  }

  private static TestCli.Run files(String... args) {
    List<String> all = new ArrayList<>(List.of("files"));
    all.addAll(List.of(args));
    return TestCli.run(all.toArray(String[]::new));
  }

  private static JsonNode json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-o", "json"));
    TestCli.Run r = files(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private static List<String> paths(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.get("files").forEach(f -> out.add(f.get("path").asText()));
    return out;
  }

  /**
   * --bloom reads each listed file's footer: no column before the index is built; after bloom-index build, the
   * indexed column with many distinct values (key), not the one whose pages are all dictionary encoded (v: Parquet
   * writes it no filter). Without --bloom the field is not there.
   */
  @Test
  void bloomShowsTheColumnsWhoseRowGroupsCarryAFilter() throws IOException {
    String b = tmp.resolve("bloom").toString();
    sql("CREATE TABLE delta.`" + b + "` (id BIGINT, key STRING, v INT) USING delta");
    sql("INSERT INTO delta.`" + b + "` SELECT /*+ REPARTITION(1) */ id, sha2(CAST(id AS STRING), 256),"
        + " CAST(id % 3 AS INT) FROM range(0, 2000)");
    JsonNode before = json(b, "--bloom");
    assertThat(before.get("files").size()).isEqualTo(1);
    assertThat(before.get("files").get(0).get("bloomFilterColumns").toString()).isEqualTo("[]");
    assertThat(json(b).get("files").get(0).has("bloomFilterColumns")).isFalse();

    for (List<String> args : List.of(List.of("bloom-index", "create", b, "--column", "key:fpp=0.01:num-items=10000",
        "--column", "v", "-q"), List.of("bloom-index", "build", b, "-q"))) {
      TestCli.Run r = TestCli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    JsonNode after = json(b, "--bloom");
    assertThat(after.get("files").size()).isEqualTo(1);
    assertThat(after.get("files").get(0).get("bloomFilterColumns").toString()).isEqualTo("[\"key\"]");
    TestCli.Run csv = files(b, "--bloom", "-o", "csv");
    assertThat(csv.exitCode()).as(csv.toString()).isZero();
    List<String> lines = csv.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("path,size,modificationTime,numRecords,deletionVector,deletedRows,"
        + "tightBounds,bloomFilterColumns,min.id,");
    assertThat(lines.get(1)).contains(",2000,false,0,,key,0,1999,0,");
  }

  @Test
  void theCurrentVersionListsEveryFileWithItsExactFieldsAndTotals() throws IOException {
    JsonNode r = json(t);
    Path eu = dataFiles("region=eu").get(0);
    Path apac = dataFiles("region=apac").get(0);
    List<Path> us = dataFiles("region=us");
    assertThat(dataFiles("region=eu")).hasSize(1);
    assertThat(us).hasSize(2);
    List<String> expected = new ArrayList<>(List.of(rel(apac), rel(eu), rel(us.get(0)), rel(us.get(1))));
    expected.sort(Comparator.naturalOrder());
    assertThat(r.get("table").asText()).isEqualTo(t);
    assertThat(r.get("version").asLong()).isEqualTo(3);
    assertThat(r.get("partitionColumns").toString()).isEqualTo("[\"region\"]");
    assertThat(paths(r)).containsExactlyElementsOf(expected);
    long bytes = Files.size(eu) + Files.size(apac) + Files.size(us.get(0)) + Files.size(us.get(1));
    assertThat(r.get("summary").toString()).isEqualTo("{\"files\":4,\"bytes\":" + bytes + ",\"numRecords\":5,"
        + "\"deletedRows\":1,\"liveRows\":4,\"filesWithoutStats\":0,\"listed\":4}");
    // what Spark reads: the live rows
    TestCli.Run count = TestCli.run("sql", "SELECT count(*) FROM delta.`" + t + "`", "-o", "csv");
    assertThat(count.out().lines().skip(1).findFirst().orElseThrow()).isEqualTo("4");

    JsonNode e = r.get("files").get(expected.indexOf(rel(eu)));
    assertThat(e.get("size").asLong()).isEqualTo(Files.size(eu));
    assertThat(Instant.parse(e.get("modificationTime").asText()).toEpochMilli())
        .isEqualTo(Files.getLastModifiedTime(eu).toMillis());
    assertThat(e.get("partitionValues").toString()).isEqualTo("{\"region\":\"eu\"}");
    assertThat(e.get("numRecords").asLong()).isEqualTo(2);
    assertThat(e.get("deletionVector").asBoolean()).isTrue();
    assertThat(e.get("deletedRows").asLong()).isEqualTo(1);
    // the bounds are no longer tight once a deletion vector hides a row; the struct's field is s.x
    assertThat(e.get("tightBounds").asBoolean()).isFalse();
    assertThat(e.get("minValues").toString()).isEqualTo("{\"id\":1,\"name\":\"ann\",\"s.x\":10}");
    assertThat(e.get("maxValues").toString()).isEqualTo("{\"id\":3,\"name\":\"cid\",\"s.x\":30}");
    assertThat(e.get("nullCount").toString()).isEqualTo("{\"id\":0,\"name\":0,\"s.x\":0}");

    // the us file of v2 holds the row without a name: no min or max for name, one null
    JsonNode nameless = null;
    for (JsonNode f : r.get("files")) {
      if (f.get("nullCount").get("name").asLong() == 1) {
        nameless = f;
      }
    }
    assertThat(nameless).isNotNull();
    assertThat(nameless.get("partitionValues").toString()).isEqualTo("{\"region\":\"us\"}");
    assertThat(nameless.get("minValues").toString()).isEqualTo("{\"id\":5,\"s.x\":50}");
    assertThat(nameless.get("deletionVector").asBoolean()).isFalse();
    assertThat(nameless.get("deletedRows").asLong()).isZero();
    assertThat(nameless.get("tightBounds").asBoolean()).isTrue();
  }

  @Test
  void csvFlattensTheStatisticsIntoColumnsAndTheTableShowsASummary() throws IOException {
    TestCli.Run r = files(t, "--where", "region = 'eu'", "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path eu = dataFiles("region=eu").get(0);
    String mtime = Instant.ofEpochMilli(Files.getLastModifiedTime(eu).toMillis()).toString().replace("Z", "");
    mtime = mtime.contains(".") ? mtime + "Z" : mtime + ".000Z";
    assertThat(r.out()).isEqualTo("path,size,modificationTime,partition.region,numRecords,deletionVector,deletedRows,"
        + "tightBounds,min.id,max.id,nullCount.id,min.name,max.name,nullCount.name,min.s.x,max.s.x,nullCount.s.x\r\n"
        + rel(eu) + "," + Files.size(eu) + "," + mtime + ",eu,2,true,1,false,1,3,0,ann,cid,0,10,30,0\r\n");

    TestCli.Run table = files(t, "--sort", "records", "--desc", "-n", "1");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(
        "path" + " ".repeat(lines.get(2).indexOf(" | ") - 4) + " | size | modificationTime         | partitionValues"
            + " | numRecords | deletedRows");
    assertThat(lines).contains("(1 row)", "summary", "table              " + t, "version            3",
        "files              4", "numRecords         5", "deletedRows        1", "liveRows           4",
        "filesWithoutStats  0", "listed             1");
    assertThat(lines.get(2)).contains(" | region=eu       |          2 |           1");
    assertThat(table.err()).isEqualTo("note: listed 1 of 4 files (--limit)\n");
  }

  @Test
  void aPastVersionByNumberSuffixOrTimestampListsItsOwnFiles() throws IOException {
    Path eu = dataFiles("region=eu").get(0);
    Path bob = fileOf(2);
    for (String[] args : new String[][] {{t, "--version", "1"}, {t + "@v1"}, {t, "--timestamp", "2026-01-01T00:01:30Z"},
        {t + "@20260101000130000"}}) {
      JsonNode r = json(args);
      assertThat(r.get("version").asLong()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(paths(r)).as(String.join(" ", args)).containsExactly(rel(eu), rel(bob));
      // before the delete: no deletion vector, every row live
      assertThat(r.get("summary").get("numRecords").asLong()).isEqualTo(3);
      assertThat(r.get("summary").get("deletedRows").asLong()).isZero();
      assertThat(r.get("files").get(0).get("deletionVector").asBoolean()).isFalse();
    }
    assertThat(json(t, "--version", "0").get("summary").toString()).isEqualTo("{\"files\":0,\"bytes\":0,"
        + "\"numRecords\":0,\"deletedRows\":0,\"liveRows\":0,\"filesWithoutStats\":0,\"listed\":0}");

    TestCli.Run missing = files(t, "--version", "9");
    assertThat(missing.exitCode()).isEqualTo(3);
    assertThat(missing.err()).isEqualTo("error: version 9 of " + t + " does not exist: the latest version is 3\n");
  }

  @Test
  void whereFiltersByPartitionWithKernelsPredicateAndRefusesOtherColumns() throws IOException {
    String eu = rel(dataFiles("region=eu").get(0));
    String apac = rel(dataFiles("region=apac").get(0));
    List<String> us = dataFiles("region=us").stream().map(FilesCommandTest::rel).toList();
    assertThat(paths(json(t, "--where", "region = 'eu'"))).containsExactly(eu);
    assertThat(paths(json(t, "--where", "region IN ('us', 'apac')"))).containsExactly(apac, us.get(0), us.get(1));
    assertThat(paths(json(t, "--where", "region != 'eu' AND region > 'b'"))).containsExactlyElementsOf(us);
    assertThat(paths(json(t, "--where", "NOT (region <= 'eu') OR Region IS NULL"))).containsExactlyElementsOf(us);
    assertThat(paths(json(t, "--where", "region = 'nowhere'"))).isEmpty();
    JsonNode filtered = json(t, "--where", "region = 'us'");
    assertThat(filtered.get("summary").get("files").asLong()).isEqualTo(2);
    assertThat(filtered.get("summary").get("numRecords").asLong()).isEqualTo(2);

    TestCli.Run notPartition = files(t, "--where", "id = 1");
    assertThat(notPartition.exitCode()).isEqualTo(2);
    assertThat(notPartition.err()).isEqualTo("error: --where may only name partition columns (region); 'id' is not one\n");
    TestCli.Run bad = files(t, "--where", "region = eu");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: invalid --where 'region = eu': expected a value ('text', a number, true or"
        + " false), found 'eu'\n");
  }

  @Test
  void helpIsPrintedAlthoughTheCommandTakesVersionAsAnOption() {
    for (String h : List.of("-h", "--help")) {
      TestCli.Run r = files(h);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).startsWith("Usage: deltactl files [-hqv]").contains("--sort=KEY", "--version=N");
    }
  }

  @Test
  void whereTypesItsValuesAsThePartitionColumnsAre() {
    // partitioned by c1 INT and c2 STRING, one file per (c1, c2): (4, c), (5, b), (6, a) among others
    String typed = TestCli.conformance().resolve("delta-2.2.0-partitioned-types").toString();
    JsonNode r = json(typed, "--where", "c1 >= 5 AND c2 IN ('a', 'b')");
    List<String> partitions = new ArrayList<>();
    r.get("files").forEach(f -> partitions.add(f.get("partitionValues").toString()));
    assertThat(partitions).containsExactly("{\"c1\":\"5\",\"c2\":\"b\"}", "{\"c1\":\"6\",\"c2\":\"a\"}");
    TestCli.Run bad = files(typed, "--where", "c1 = 'x'");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: --where: 'x' is not a value of type int for the partition column c1\n");
    // a null partition value: IS NULL matches it, and the log's __HIVE_DEFAULT_PARTITION__ folder is the path
    JsonNode nulls = json(TestCli.conformance().resolve("delta-0.8.0-null-partition").toString(), "--where", "k IS NULL");
    assertThat(nulls.get("files").size()).isEqualTo(1);
    assertThat(nulls.get("files").get(0).get("partitionValues").toString()).isEqualTo("{\"k\":null}");
    assertThat(nulls.get("files").get(0).get("path").asText()).startsWith("k=__HIVE_DEFAULT_PARTITION__/");
  }

  @Test
  void sortAndLimitKeepTheFirstFilesInOrderAndTheTotalsOfAll() throws IOException {
    List<Path> all = new ArrayList<>(dataFiles("region=eu"));
    all.addAll(dataFiles("region=apac"));
    all.addAll(dataFiles("region=us"));
    List<Path> bySize = new ArrayList<>(all);
    bySize.sort(Comparator.<Path>comparingLong(p -> {
      try {
        return Files.size(p);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).reversed().thenComparing(FilesCommandTest::rel));
    JsonNode r = json(t, "--sort", "size", "--desc", "-n", "2");
    assertThat(paths(r)).containsExactly(rel(bySize.get(0)), rel(bySize.get(1)));
    assertThat(r.get("summary").get("files").asLong()).isEqualTo(4);
    assertThat(r.get("summary").get("listed").asLong()).isEqualTo(2);
    // records: the eu file has 2, the others 1 each, by path
    assertThat(paths(json(t, "--sort", "records", "--desc"))).containsExactly(rel(all.get(0)), rel(all.get(1)),
        rel(all.get(2)), rel(all.get(3)));
    assertThat(paths(json(t, "--sort", "RECORDS", "-n", "1"))).containsExactly(rel(all.get(1)));
    // modified: the files of v1 (ids 1 and 2) before those of v2 (ids 4 and 5)
    List<String> modified = paths(json(t, "--sort", "modified"));
    assertThat(modified.subList(0, 2)).containsExactlyInAnyOrder(rel(fileOf(1)), rel(fileOf(2)));
    assertThat(modified.subList(2, 4)).containsExactlyInAnyOrder(rel(fileOf(4)), rel(fileOf(5)));
    assertThat(paths(json(t, "--desc", "-n", "1"))).containsExactly(rel(all.get(3)));
  }

  /** The conformance tables files refuses, with the exit code and line; every other table is listed. */
  static final java.util.Map<String, String> REFUSALS = java.util.Map.of(
      "cdc_ict_table", "exit 1: Checksum error: file:<table>/_delta_log/00000000000000000001.json: the file does not"
          + " match its .crc checksum file; if the file is known to be good, delete the stale .crc file next to it",
      "checkpoints_tombstones", "exit 3: <table> is not a Delta table: it has no _delta_log folder",
      "golden", "exit 3: <table> is not a Delta table: it has no _delta_log folder",
      // reader version 5 (column mapping without table features): Spark reads it, Kernel 4.4 does not
      "simple_table_features", "exit 1: files reads the log with Delta Kernel, which cannot read <table>: Unsupported"
          + " Delta protocol reader version: table `file:<table>` requires reader version 5 which is unsupported by"
          + " this version of Delta Kernel.",
      "table-with-domain-metadata", "exit 1: <table>/_delta_log/00000000000000000108.json is missing: the log goes"
          + " from version 107 to no later commit; restore the file from a backup before using the table");

  @TestFactory
  Stream<DynamicTest> everyConformanceTableIsListedOrRefusedInOneLine() throws IOException {
    return ConformanceTest.tables().stream().map(c -> DynamicTest.dynamicTest("files " + c.getFileName(), () -> {
      TestCli.Run r = files(c.toString(), "-o", "json");
      String outcome = ConformanceTest.outcome(r, c);
      ConformanceTest.report("files", c, outcome);
      String name = c.getFileName().toString();
      assertThat(outcome).as(r.toString()).isEqualTo(REFUSALS.getOrDefault(name, "ok"));
      if (r.exitCode() != 0) {
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        return;
      }
      JsonNode files = Json.parse(r.out());
      TestCli.Run d = TestCli.run("describe", c.toString(), "-o", "json");
      if (d.exitCode() == 0) {
        // the same files as describe counts, from the checksum file or a scan of its own
        JsonNode detail = Json.parse(d.out());
        assertThat(files.get("summary").get("files").asLong()).as(c.toString())
            .isEqualTo(detail.get("numFiles").asLong());
        assertThat(files.get("summary").get("bytes").asLong()).as(c.toString())
            .isEqualTo(detail.get("sizeInBytes").asLong());
        assertThat(files.get("version").asLong()).isEqualTo(detail.get("version").asLong());
      }
      assertThat(files.get("files").size()).isEqualTo(files.get("summary").get("files").asInt());
    }));
  }
}
