package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeCommandTest {
  @TempDir Path tmp;

  private static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private static String rows(String table) {
    TestCli.Run r = TestCli.run("sql", "SELECT * FROM delta.`" + table + "` ORDER BY ALL", "-o", "csv", "-n", "0");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  /** The row multiset in brief: the count and an order-independent sum of row hashes. */
  private static String fingerprint(String table) {
    TestCli.Run r = TestCli.run("sql", "SELECT count(*) AS n, sum(CAST(xxhash64(*) AS DECIMAL(38, 0))) AS h FROM delta.`" + table + "`",
        "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out();
  }

  private static long version(String table) {
    return ok("describe", table, "-o", "json").get("version").asLong();
  }

  private static long numFiles(String table) {
    return ok("describe", table, "-o", "json").get("numFiles").asLong();
  }

  /** A table of 2,000 rows in 100 small files. */
  private String smallFiles(String name) {
    String t = tmp.resolve(name).toString();
    ok("create", t, "-o", "json", "--as-select",
        "SELECT /*+ REPARTITION(100) */ id, CAST(id % 7 AS INT) AS a, concat('v', id) AS s FROM range(2000)");
    assertThat(numFiles(t)).isEqualTo(100);
    return t;
  }

  @Test
  @Tag(TestCli.MATRIX)
  void compactsOneHundredSmallFilesIntoOneKeepingEveryRow() {
    String t = smallFiles("t");
    String before = rows(t);
    JsonNode r = ok("optimize", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("OPTIMIZED");
    JsonNode plan = r.get("plan");
    assertThat(plan.get("version").asLong()).isZero();
    assertThat(plan.get("totalFiles").asLong()).isEqualTo(100);
    assertThat(plan.get("candidateFiles").asLong()).isEqualTo(100);
    assertThat(plan.get("bins").asInt()).isEqualTo(1);
    assertThat(plan.get("partitions").asInt()).isEqualTo(1);
    assertThat(plan.get("expectedFilesAfter").asLong()).isEqualTo(1);
    assertThat(r.get("version").asLong()).isEqualTo(1);
    JsonNode m = r.get("metrics");
    assertThat(m.get("numFilesRemoved").asLong()).isEqualTo(100);
    assertThat(m.get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(m.get("filesRemoved").get("totalFiles").asLong()).isEqualTo(100);
    assertThat(m.get("filesRemoved").get("totalSize").asLong()).isEqualTo(plan.get("candidateBytes").asLong());
    assertThat(m.get("totalConsideredFiles").asLong()).isEqualTo(100);
    assertThat(m.get("totalFilesSkipped").asLong()).isZero();
    assertThat(m.get("partitionsOptimized").asLong()).isEqualTo(1);
    assertThat(m.get("numBatches").asLong()).isEqualTo(1);
    assertThat(numFiles(t)).isEqualTo(1);
    assertThat(rows(t)).isEqualTo(before);
    assertThat(ok("history", t, "-n", "1", "-o", "json").get(0).get("operation").asText()).isEqualTo("OPTIMIZE");
  }

  @Test
  void theTableFormatSummarisesFilesBytesAndVersion() {
    String t = smallFiles("t");
    TestCli.Run r = TestCli.run("optimize", t);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("result          optimized\ntable           " + t + "\nversion         0 -> 1\n"
            + "files           100 -> 1\nrewritten       100 files, ")
        .contains("targetFileSize  1.0 GiB\n").containsPattern("elapsed         \\d+\\.\\d s\n$");
  }

  @Test
  void aDryRunPrintsThePlanAndChangesNothing() {
    String t = smallFiles("t");
    JsonNode r = ok("optimize", t, "--dry-run", "--target-file-size", "16k", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("DRY_RUN");
    assertThat(r.get("version").asLong()).isZero();
    assertThat(r.get("metrics").size()).isZero();
    JsonNode plan = r.get("plan");
    assertThat(plan.get("targetFileSize").asLong()).isEqualTo(16 * 1024);
    assertThat(plan.get("candidateFiles").asLong()).isEqualTo(100);
    assertThat(plan.get("bins").asInt()).isGreaterThan(1);
    assertThat(plan.get("expectedFilesAfter").asLong()).isEqualTo(plan.get("bins").asLong());
    assertThat(version(t)).isZero();
    assertThat(numFiles(t)).isEqualTo(100);
  }

  @Test
  void theTargetSizeDecidesTheBinsAndTheFilesWritten() {
    String t = smallFiles("t");
    JsonNode r = ok("optimize", t, "--target-file-size", "16k", "-o", "json");
    long bins = r.get("plan").get("bins").asLong();
    assertThat(bins).isGreaterThan(1);
    assertThat(r.get("metrics").get("numFilesAdded").asLong()).isEqualTo(bins);
    assertThat(numFiles(t)).isEqualTo(r.get("plan").get("expectedFilesAfter").asLong());
  }

  @Test
  void anAlreadyCompactTableIsLeftWithoutACommit() {
    String t = smallFiles("t");
    ok("optimize", t, "-o", "json");
    JsonNode r = ok("optimize", t, "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("NOTHING_TO_DO");
    assertThat(r.get("version").asLong()).isEqualTo(1);
    assertThat(version(t)).isEqualTo(1);
    TestCli.Run table = TestCli.run("optimize", t);
    assertThat(table.out()).startsWith("result           nothing to do: no files to rewrite, no commit made\n");
  }

  @Test
  void minFileSizeLeavesLargerFilesAlone() {
    String t = smallFiles("t");
    JsonNode r = ok("optimize", t, "--min-file-size", "1", "--dry-run", "-o", "json");
    assertThat(r.get("plan").get("candidateFiles").asLong()).isZero();
    assertThat(r.get("plan").get("bins").asInt()).isZero();
  }

  @Test
  void whereCompactsOnlyTheNamedPartitions() {
    String t = tmp.resolve("p").toString();
    ok("create", t, "-o", "json", "--partitioned-by", "part", "--as-select",
        "SELECT /*+ REPARTITION(10) */ id, CAST(id % 3 AS INT) AS part FROM range(300)");
    String otherFiles = "SELECT DISTINCT _metadata.file_path AS f FROM delta.`" + t + "` WHERE part <> 1 ORDER BY f";
    String before = TestCli.run("sql", otherFiles, "-o", "csv", "-n", "0").out();
    String rowsBefore = rows(t);
    JsonNode r = ok("optimize", t, "--where", "part = 1", "-o", "json");
    assertThat(r.get("plan").get("partitions").asInt()).isEqualTo(1);
    assertThat(r.get("plan").get("consideredFiles").asLong()).isEqualTo(10);
    assertThat(r.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(10);
    assertThat(r.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(TestCli.run("sql", otherFiles, "-o", "csv", "-n", "0").out()).isEqualTo(before);
    assertThat(numFiles(t)).isEqualTo(21);
    assertThat(rows(t)).isEqualTo(rowsBefore);
  }

  /** --where is evaluated on the partition values as the log holds them, cast to the column's type: a timestamp too. */
  @Test
  @Tag(TestCli.MATRIX)
  void whereOnATimestampPartitionCompactsThoseItNames() {
    String t = tmp.resolve("ts").toString();
    ok("create", t, "-o", "json", "--partitioned-by", "day", "--as-select",
        "SELECT /*+ REPARTITION(10) */ id, CAST(date_add(DATE'2024-01-01', CAST(id % 3 AS INT)) AS TIMESTAMP) AS day"
            + " FROM range(300)");
    String rowsBefore = rows(t);
    JsonNode r = ok("optimize", t, "--where", "day >= TIMESTAMP'2024-01-02 00:00:00'", "-o", "json");
    assertThat(r.get("status").asText()).isEqualTo("OPTIMIZED");
    assertThat(r.get("plan").get("partitions").asInt()).isEqualTo(2);
    assertThat(r.get("plan").get("consideredFiles").asLong()).isEqualTo(20);
    assertThat(r.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(20);
    assertThat(r.get("metrics").get("numFilesAdded").asLong()).isEqualTo(2);
    assertThat(numFiles(t)).isEqualTo(12);
    assertThat(rows(t)).isEqualTo(rowsBefore);
  }

  @Test
  void rejectsBadInputBeforeAnyWork() {
    String t = tmp.resolve("p").toString();
    ok("create", t, "-o", "json", "--partitioned-by", "part", "--property", "delta.dataSkippingNumIndexedCols=2",
        "--as-select", "SELECT id, CAST(id % 3 AS INT) AS part, id AS a, id AS b, id AS c, id AS d, id AS e"
            + " FROM range(10)");
    expect(2, "error: --where may use partition columns only (part); 'id' is a data column\n",
        "optimize", t, "--where", "id > 3");
    expect(2, "error: unknown column 'nope' for Z-ordering; the table's columns are id, part, a, b, c, d, e\n",
        "zorder", t, "--by", "id,nope");
    expect(2, "error: cannot Z-order by partition column 'part': Z-ordering works within each partition;"
        + " choose data columns\n", "optimize", t, "--zorder-by", "part");
    expect(2, "error: cannot Z-order by 'b': Delta collects no statistics for it; include it with --property"
        + " delta.dataSkippingStatsColumns=... or raise delta.dataSkippingNumIndexedCols (ALTER TABLE ... SET"
        + " TBLPROPERTIES), then rewrite the data\n", "zorder", t, "--by", "a,b");
    expect(2, "error: invalid --target-file-size '12x': expected a number of bytes with an optional unit,"
        + " e.g. 128m or 1g\n", "optimize", t, "--target-file-size", "12x");
    expect(2, "error: --target-file-size must be positive, got 0\n", "optimize", t, "--target-file-size", "0");
    expect(2, "error: Missing required option: '--by=COL'\nTry 'deltactl zorder --help' for more information.\n",
        "zorder", t);
    TestCli.Run bad = TestCli.run("optimize", t, "--where", "nosuch = 1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("error: invalid --where 'nosuch = 1': [UNRESOLVED_COLUMN");
    expect(3, "error: path not found: " + tmp.resolve("missing") + "\n", "optimize", tmp.resolve("missing").toString());
    assertThat(version(t)).isZero();
  }

  @Test
  void moreThanFourZOrderColumnsWorkWithAWarning() {
    String t = tmp.resolve("w").toString();
    ok("create", t, "-o", "json", "--as-select",
        "SELECT /*+ REPARTITION(3) */ id AS a, id AS b, id AS c, id AS d, id AS e FROM range(30)");
    TestCli.Run r = TestCli.run("zorder", t, "--by", "a,b,c,d,e", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("note: Z-ordering by 5 columns: locality weakens with each column beyond 3 or 4\n");
    assertThat(Json.parse(r.out()).get("metrics").get("zOrderStats").get("strategyName").asText())
        .isEqualTo("all");
  }

  /** Files the scan of {@code filter} reads, from the executed plan's metrics. */
  private static long filesRead(String table, String filter) {
    Dataset<Row> df = TestCli.engine().sparkSession().read().format("delta").load(table).where(filter);
    df.collectAsList();
    return ScanMetrics.sum(df, "numFiles");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void zOrderOnTwoColumnsMakesRangeFiltersOnEitherSkipFiles() {
    String t = tmp.resolve("z").toString();
    ok("create", t, "-o", "json", "--as-select", "SELECT /*+ REPARTITION(20) */ id,"
        + " CAST(pmod(xxhash64(id, 1), 1000) AS INT) AS a, CAST(pmod(xxhash64(id, 2), 1000) AS INT) AS b"
        + " FROM range(100000)");
    String before = fingerprint(t);
    long aBefore = filesRead(t, "a BETWEEN 100 AND 120");
    long bBefore = filesRead(t, "b BETWEEN 500 AND 520");
    assertThat(aBefore).isEqualTo(20);
    assertThat(bBefore).isEqualTo(20);
    JsonNode r = ok("zorder", t, "--by", "a,b", "--target-file-size", "32k", "-o", "json");
    assertThat(r.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(20);
    assertThat(r.get("metrics").get("zOrderStats")).isNotNull();
    long filesAfter = numFiles(t);
    assertThat(filesAfter).isGreaterThan(12);
    long aAfter = filesRead(t, "a BETWEEN 100 AND 120");
    long bAfter = filesRead(t, "b BETWEEN 500 AND 520");
    assertThat(aAfter).as("files read for a range on a, of %d", filesAfter).isLessThan(filesAfter);
    assertThat(bAfter).as("files read for a range on b, of %d", filesAfter).isLessThan(filesAfter);
    System.out.printf("zorder: %d files; a range reads %d, b range reads %d%n", filesAfter, aAfter, bAfter);
    assertThat(fingerprint(t)).isEqualTo(before);
  }

  @Test
  @Tag(TestCli.MATRIX)
  @Tag(TestCli.NOT_ON_CLUSTER)
  void aConcurrentAppenderLosesNoRow() throws Exception {
    String t = smallFiles("t");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger appended = new AtomicInteger();
    Thread appender = new Thread(() -> {
      while (!stop.get()) {
        TestCli.engine().sparkSession().sql("INSERT INTO delta.`" + t + "` SELECT id + 100000 + "
            + appended.get() * 10 + ", 0, 'x' FROM range(10)");
        appended.incrementAndGet();
      }
    });
    appender.start();
    JsonNode r;
    try {
      while (appended.get() < 1) {
        Thread.sleep(50);
      }
      r = ok("optimize", t, "-o", "json");
    } finally {
      stop.set(true);
      appender.join();
    }
    assertThat(r.get("status").asText()).isEqualTo("OPTIMIZED");
    TestCli.Run count = TestCli.run("sql", "SELECT count(*) AS n, count(DISTINCT id) AS d FROM delta.`" + t + "`",
        "-o", "csv");
    long expected = 2000 + appended.get() * 10L;
    assertThat(count.out()).isEqualTo("n,d\r\n" + expected + "," + expected + "\r\n");
  }

  private static void expect(int exit, String err, String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(err);
  }
}
