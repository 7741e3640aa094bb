package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bloom-index on real tables: definitions, coverage, the write paths, and lookups that skip data. */
class BloomIndexCommandTest {
  @TempDir Path tmp;

  private static SparkSession spark() {
    return TestCli.engine().sparkSession();
  }

  private static JsonNode json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-o", "json"));
    TestCli.Run r = TestCli.run(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  /** A table of {@code rows} rows in {@code files} files, written without any index. */
  private Path table(String name, int rows, int files) {
    Path t = tmp.resolve(name);
    spark().range(rows).selectExpr("id", "sha2(CAST(id AS STRING), 256) AS key", "CAST(id % 7 AS DOUBLE) AS v",
            "map('a', CAST(id AS INT)) AS m")
        .repartition(files).write().format("delta").save(t.toString());
    return t;
  }

  private static JsonNode column(JsonNode result, String name) {
    for (JsonNode c : result.get("columns")) {
      if (c.get("column").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name + " in " + result);
  }

  /**
   * Parquet writes no filter for a column chunk whose pages are all dictionary encoded (its dictionary answers a
   * lookup exactly): such files count as covered, so build does not rewrite them again on every run.
   */
  @Test
  void aDictionaryEncodedColumnCountsAsCoveredAndBuildDoesNotRewriteItForever() {
    Path t = table("lowcard", 600, 3);
    assertThat(TestCli.run("bloom-index", "create", t.toString(), "--column", "v", "-q").exitCode()).isZero();
    JsonNode built = json("bloom-index", "build", t.toString());
    assertThat(built.get("status").asText()).isEqualTo("NOTHING_TO_BUILD");
    assertThat(built.get("rewrite").get("filesToRewrite").asLong()).isZero();
    JsonNode v = column(json("bloom-index", "show", t.toString()), "v");
    assertThat(List.of(v.get("files").asLong(), v.get("filesWithFilter").asLong(), v.get("filterBytes").asLong()))
        .containsExactly(3L, 3L, 0L);
    assertThat(v.get("coveragePercent").asDouble()).isEqualTo(100.0);
  }

  /** show reads the definitions and the footers without Spark, and says what Spark says. */
  @Test
  void showStartsNoSparkAndAgreesWithSpark() {
    Path t = table("show", 2000, 3);
    json("bloom-index", "create", t.toString(), "--column", "key", "--column", "id:fpp=0.05");
    json("bloom-index", "build", t.toString());
    // two more files without filters: a write that does not go through deltactl
    spark().range(5000, 5100).selectExpr("id", "sha2(CAST(id AS STRING), 256) AS key", "CAST(id % 7 AS DOUBLE) AS v",
        "map('a', CAST(id AS INT)) AS m").repartition(2).write().format("delta").mode("append").save(t.toString());
    TestCli.Run kernel = TestCli.onKernelOnly("bloom-index", "show", t.toString(), "-o", "json");
    assertThat(kernel.exitCode()).as(kernel.toString()).isZero();
    TestCli.Run spark = TestCli.run("--conf", "deltactl.kernel=false", "bloom-index", "show", t.toString(), "-o", "json");
    assertThat(spark.exitCode()).as(spark.toString()).isZero();
    JsonNode k = Json.parse(kernel.out());
    JsonNode s = Json.parse(spark.out());
    ((com.fasterxml.jackson.databind.node.ObjectNode) k).remove("elapsedMillis");
    ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("elapsedMillis");
    assertThat(k).isEqualTo(s);
    assertThat(k.get("version").asLong()).isEqualTo(3);
    JsonNode key = column(k, "key");
    assertThat(List.of(key.get("files").asLong(), key.get("filesWithFilter").asLong())).containsExactly(5L, 3L);
    assertThat(column(k, "id").get("fpp").asDouble()).isEqualTo(0.05);
    // a table without an index: no columns; a missing one: exit 3, without Spark either
    Path plain = table("plain", 10, 1);
    assertThat(Json.parse(TestCli.onKernelOnly("bloom-index", "show", plain.toString(), "-o", "json").out())
        .get("columns").size()).isZero();
    assertThat(TestCli.onKernelOnly("bloom-index", "show", tmp.resolve("missing").toString()).exitCode())
        .isEqualTo(3);
    // a definition that does not read (written by hand) is exit 2 naming it, from Kernel as from Spark
    for (String bad : List.of("fpp=2,numItems=10", "fpp=x")) {
      spark().sql("ALTER TABLE delta.`" + plain + "` SET TBLPROPERTIES ('deltactl.bloomFilter.id' = '" + bad + "')");
      String reason = bad.equals("fpp=x") ? "expected fpp=P,numItems=N with numbers"
          : "fpp of id must be between 0 and 1 (exclusive), got 2.0";
      String expected = "error: the table's bloom-filter definition of id ('" + bad + "') cannot be read: " + reason
          + "; define it again with 'bloom-index create'\n";
      TestCli.Run fromLog = TestCli.onKernelOnly("bloom-index", "show", plain.toString());
      assertThat(fromLog.exitCode()).as(fromLog.toString()).isEqualTo(2);
      assertThat(fromLog.err()).isEqualTo(expected);
      TestCli.Run fromSpark = TestCli.run("--conf", "deltactl.kernel=false", "bloom-index", "show", plain.toString());
      assertThat(fromSpark.exitCode()).isEqualTo(2);
      assertThat(fromSpark.err()).isEqualTo(expected);
    }
  }

  @Test
  void createRefusesBadSettingsAndStoresTheDefinitionInTheTable() {
    Path t = table("defs", 100, 1);
    String[][] bad = {
      {"key:fpp=1", "error: fpp of key must be between 0 and 1 (exclusive), got 1.0\n"},
      {"key:fpp=x", "error: --column key:fpp=x: fpp is not a number: 'x'\n"},
      {"key:num-items=0", "error: num-items of key must be positive, got 0\n"},
      {"key:size=3", "error: --column key:size=3: unknown setting 'size' (fpp, num-items)\n"},
      {"m", "error: cannot index m: its type MAP<STRING, INT> has no bloom filter (numeric, string, date, timestamp"
          + " and binary columns do)\n"},
      {"nope", "error: no column nope in the table (columns: id, key, v, m)\n"},
    };
    for (String[] b : bad) {
      TestCli.Run r = TestCli.run("bloom-index", "create", t.toString(), "--column", b[0]);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).isEqualTo(b[1]);
    }
    assertThat(json("describe", t.toString()).get("version").asLong()).isZero();

    JsonNode created = json("bloom-index", "create", t.toString(), "--column", "KEY:fpp=0.05:num-items=1000",
        "--column", "id");
    assertThat(created.get("status").asText()).isEqualTo("CREATED");
    assertThat(created.get("version").asLong()).isEqualTo(1);
    JsonNode props = json("describe", t.toString()).get("properties");
    assertThat(props.get("deltactl.bloomFilter.key").asText()).isEqualTo("fpp=0.05,numItems=1000");
    assertThat(props.get("deltactl.bloomFilter.id").asText()).isEqualTo("fpp=0.1,numItems=1000000");
    assertThat(json("history", t.toString(), "-n", "1").get(0).get("operation").asText())
        .isEqualTo("SET TBLPROPERTIES");

    TestCli.Run notIndexed = TestCli.run("bloom-index", "drop", t.toString(), "--column", "v");
    assertThat(notIndexed.exitCode()).isEqualTo(2);
    assertThat(notIndexed.err()).isEqualTo("error: v has no bloom-filter index (indexed: id, key)\n");
    JsonNode dropped = json("bloom-index", "drop", t.toString(), "--column", "id");
    assertThat(dropped.get("columns").size()).isEqualTo(1);
    assertThat(json("describe", t.toString()).get("properties").has("deltactl.bloomFilter.id")).isFalse();
  }

  @Test
  @Tag(TestCli.MATRIX)
  void buildCoversTheTableAndEveryDeltactlWriteCarriesFilters() throws Exception {
    Path t = table("cover", 4000, 4);
    json("bloom-index", "create", t.toString(), "--column", "key:fpp=0.01:num-items=10000");
    JsonNode before = json("bloom-index", "show", t.toString());
    assertThat(column(before, "key").get("files").asLong()).isEqualTo(4);
    assertThat(column(before, "key").get("filesWithFilter").asLong()).isZero();
    assertThat(column(before, "key").get("filterBytes").asLong()).isZero();

    // copy-into writes filters
    Path src = Files.createDirectories(tmp.resolve("landing"));
    Files.writeString(src.resolve("a.csv"), "id,key,v\n9001,k9001,1.0\n9002,k9002,2.0\n");
    spark().sql("ALTER TABLE delta.`" + t + "` SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
        + " 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')");
    spark().sql("ALTER TABLE delta.`" + t + "` DROP COLUMN m");
    TestCli.Run c = TestCli.run("copy-into", t.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "-q");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    JsonNode partial = column(json("bloom-index", "show", t.toString()), "key");
    assertThat(partial.get("files").asLong()).isEqualTo(5);
    assertThat(partial.get("filesWithFilter").asLong()).isEqualTo(1);
    assertThat(partial.get("rowGroupsWithFilter").asLong()).isEqualTo(1);

    long version = json("describe", t.toString()).get("version").asLong();
    JsonNode plan = json("bloom-index", "build", t.toString(), "--dry-run");
    assertThat(plan.get("status").asText()).isEqualTo("DRY_RUN");
    // the classic engines rewrite the 4 files without a filter; Connect, which can replace whole partitions
    // only (Delta's write options), all 5 files of this unpartitioned table, in a dataChange=false overwrite
    boolean connect = TestCli.engineKind().equals("connect");
    long rewritten = connect ? 5 : 4;
    assertThat(plan.get("rewrite").get("filesToRewrite").asLong()).isEqualTo(rewritten);
    assertThat(json("describe", t.toString()).get("version").asLong()).isEqualTo(version);

    List<Row> rowsBefore = spark().read().format("delta").load(t.toString()).orderBy("id").collectAsList();
    JsonNode built = json("bloom-index", "build", t.toString());
    assertThat(built.get("status").asText()).isEqualTo("BUILT");
    assertThat(built.get("version").asLong()).isEqualTo(version + 1);
    assertThat(built.get("rewrite").get("filesToRewrite").asLong()).isEqualTo(rewritten);
    assertThat(built.get("rewrite").get("filesAdded").asLong()).isEqualTo(rewritten); // one file for each
    assertThat(column(built, "key").get("coveragePercent").asDouble()).isEqualTo(100.0);
    assertThat(column(built, "key").get("filterBytes").asLong()).isPositive();
    assertThat(spark().read().format("delta").load(t.toString()).orderBy("id").collectAsList())
        .isEqualTo(rowsBefore);
    JsonNode last = json("history", t.toString(), "-n", "1").get(0);
    assertThat(last.get("operation").asText()).isEqualTo(connect ? "WRITE" : "REORG");
    // no data change: the commit adds and removes files marked dataChange=false
    assertThat(spark().read().json(t.resolve("_delta_log").resolve(String.format("%020d.json", version + 1))
        .toString()).where("add IS NOT NULL AND add.dataChange = true").count()).isZero();
    assertThat(json("bloom-index", "build", t.toString()).get("status").asText()).isEqualTo("NOTHING_TO_BUILD");

    // optimize writes filters
    assertThat(TestCli.run("optimize", t.toString(), "-q").exitCode()).isZero();
    JsonNode compacted = column(json("bloom-index", "show", t.toString()), "key");
    assertThat(compacted.get("files").asLong()).isEqualTo(1);
    assertThat(compacted.get("coveragePercent").asDouble()).isEqualTo(100.0);

    // a deep clone keeps the definitions and writes the filters, in one commit on every engine
    Path copy = tmp.resolve("copy");
    TestCli.Run cl = TestCli.run("time-travel", "clone", t.toString(), "--to", copy.toString(), "-o", "json");
    assertThat(cl.exitCode()).as(cl.toString()).isZero();
    assertThat(Json.parse(cl.out()).get("target").get("version").asLong()).isZero();
    JsonNode cloned = column(json("bloom-index", "show", copy.toString()), "key");
    assertThat(cloned.get("fpp").asDouble()).isEqualTo(0.01);
    assertThat(cloned.get("coveragePercent").asDouble()).isEqualTo(100.0);

    // after drop, new files carry none
    json("bloom-index", "drop", t.toString());
    Files.writeString(src.resolve("b.csv"), "id,key,v\n9003,k9003,3.0\n");
    assertThat(TestCli.run("copy-into", t.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "-q").exitCode()).isZero();
    json("bloom-index", "create", t.toString(), "--column", "key");
    JsonNode afterDrop = column(json("bloom-index", "show", t.toString()), "key");
    assertThat(afterDrop.get("files").asLong()).isEqualTo(2);
    assertThat(afterDrop.get("filesWithFilter").asLong()).isEqualTo(1);
  }

  @Test
  @Tag(TestCli.MATRIX)
  @Tag(TestCli.NOT_ON_CLUSTER)
  void buildRewritesOnlyThePartitionsWithFilesWithoutFilters() throws Exception {
    Path t = tmp.resolve("parts");
    spark().range(200).selectExpr("id", "sha2(CAST(id AS STRING), 256) AS key", "0 AS p").repartition(2)
        .write().format("delta").partitionBy("p").save(t.toString());
    json("bloom-index", "create", t.toString(), "--column", "key:fpp=0.01:num-items=1000");
    Path src = Files.createDirectories(tmp.resolve("landing"));
    Files.writeString(src.resolve("a.csv"), "id,key,p\n9001,k9001,1\n9002,k9002,1\n");
    TestCli.Run c = TestCli.run("copy-into", t.toString(), "--from", src.toString(), "--format", "csv",
        "--format-option", "header=true", "-q");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    List<String> filtered = spark().read().format("delta").load(t.toString()).where("p = 1")
        .selectExpr("_metadata.file_path").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(filtered).hasSize(1);

    JsonNode other = json("bloom-index", "build", t.toString(), "--where", "p = 1", "--dry-run");
    assertThat(other.get("rewrite").get("filesToRewrite").asLong()).isZero();
    TestCli.Run data = TestCli.run("bloom-index", "build", t.toString(), "--where", "id = 1");
    assertThat(data.exitCode()).as(data.toString()).isEqualTo(2);
    assertThat(data.err()).startsWith("error: --where may use partition columns only (p)");

    long version = json("describe", t.toString()).get("version").asLong();
    List<Row> rowsBefore = spark().read().format("delta").load(t.toString()).orderBy("id").collectAsList();
    JsonNode built = json("bloom-index", "build", t.toString());
    assertThat(built.get("status").asText()).isEqualTo("BUILT");
    assertThat(built.get("version").asLong()).isEqualTo(version + 1);
    assertThat(built.get("rewrite").get("filesToRewrite").asLong()).isEqualTo(2);
    assertThat(built.get("rewrite").get("filesAdded").asLong()).isEqualTo(2);
    assertThat(column(built, "key").get("files").asLong()).isEqualTo(3);
    assertThat(column(built, "key").get("coveragePercent").asDouble()).isEqualTo(100.0);
    assertThat(spark().read().format("delta").load(t.toString()).orderBy("id").collectAsList())
        .isEqualTo(rowsBefore);
    // the file of the other partition is the same file
    assertThat(spark().read().format("delta").load(t.toString()).where("p = 1")
        .selectExpr("_metadata.file_path").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .isEqualTo(filtered);
    assertThat(spark().read().json(t.resolve("_delta_log").resolve(String.format("%020d.json", version + 1))
        .toString()).where("add IS NOT NULL AND add.dataChange = true").count()).isZero();
  }

  @Test
  void buildOfATableWithoutIndexOrOfAMissingOneIsRefused() {
    Path t = table("none", 10, 1);
    TestCli.Run r = TestCli.run("bloom-index", "build", t.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: " + t + " has no bloom-filter index: create one first (bloom-index create "
        + t + " --column COL)\n");
    TestCli.Run missing = TestCli.run("bloom-index", "show", tmp.resolve("missing").toString());
    assertThat(missing.exitCode()).isEqualTo(3);
  }

  /** Rows the scan read (row groups not skipped), and the rows the lookup returned. */
  private static long[] lookup(String table, String predicate, boolean bloom) {
    spark().conf().set("parquet.filter.bloom.enabled", String.valueOf(bloom));
    try {
      Dataset<Row> df = spark().read().format("delta").load(table).where(predicate);
      long returned = df.collectAsList().size();
      return new long[] {ScanMetrics.sum(df, "numOutputRows"), returned};
    } finally {
      spark().conf().unset("parquet.filter.bloom.enabled");
    }
  }

  private static List<Row> rows(String table, String predicate, boolean bloom) {
    spark().conf().set("parquet.filter.bloom.enabled", String.valueOf(bloom));
    try {
      return spark().read().format("delta").load(table).where(predicate).orderBy("id").collectAsList();
    } finally {
      spark().conf().unset("parquet.filter.bloom.enabled");
    }
  }

  @Test
  void lookupsReturnExactlyTheRowsOfTheSameLookupWithoutFiltersAndReadFewerRowGroups() {
    // 60,000 distinct keys a file: too many for a dictionary, so only the bloom filter can skip a file
    Path t = table("lookups", 240_000, 4);
    String p = t.toString();
    json("bloom-index", "create", p, "--column", "key:fpp=0.01:num-items=100000", "--column", "id");
    json("bloom-index", "build", p);
    Random random = new Random(42);
    for (String phase : List.of("built", "appended", "optimized", "restored", "vacuumed")) {
      switch (phase) {
        case "appended" -> spark().range(240_000, 250_000)
            .selectExpr("id", "sha2(CAST(id AS STRING), 256) AS key", "CAST(id % 7 AS DOUBLE) AS v",
                "map('a', CAST(id AS INT)) AS m").write().format("delta").mode("append").save(p);
        case "optimized" -> assertThat(TestCli.run("optimize", p, "--target-file-size", "4m", "-q").exitCode())
            .isZero();
        case "restored" -> assertThat(TestCli.run("time-travel", "restore", p, "--version", "2", "-q").exitCode())
            .isZero();
        case "vacuumed" -> assertThat(TestCli.run("vacuum", p, "--retain", "0h", "--force", "-q").exitCode())
            .isZero();
        default -> { }
      }
      for (int i = 0; i < 1; i++) { // a random key a phase, in every predicate shape
        long present = random.nextInt(240_000);
        String key = "sha2('" + present + "', 256)";
        String absent = "'absent-" + random.nextInt() + "'";
        for (String predicate : List.of("key = " + key, "key = " + absent, "key IN (" + key + ", " + absent + ")",
            "key = " + absent + " OR id = " + present, "key = " + key + " AND id = " + present,
            "id = " + (present + 1))) {
          assertThat(rows(p, predicate, true)).as(phase + ": " + predicate).isEqualTo(rows(p, predicate, false));
        }
      }
    }
    // restored to version 2 (right after build) and vacuumed: every file has its filters
    long[] with = lookup(p, "key = 'absent-value'", true);
    long[] without = lookup(p, "key = 'absent-value'", false);
    assertThat(with[1]).isZero();
    assertThat(without[0]).isEqualTo(240_000);
    assertThat(with[0]).isLessThan(without[0]);
    String present = "sha2('1234', 256)";
    long[] hit = lookup(p, "key = " + present, true);
    assertThat(hit[1]).isEqualTo(1);
    assertThat(hit[0]).isLessThan(lookup(p, "key = " + present, false)[0]);
  }
}
