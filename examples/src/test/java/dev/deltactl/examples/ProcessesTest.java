package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only separate processes show: names that persist, the metastore shared safely, quiet logs. */
class ProcessesTest {
  @TempDir static Path tmp;
  static Path home;
  static Path pathTable;

  @BeforeAll
  static void createTables() throws Exception {
    home = tmp.resolve("home");
    pathTable = tmp.resolve("by-path");
    Launcher.Result named = Launcher.deltactl(home, "create", "sales", "--schema", "id BIGINT", "-o", "json");
    assertThat(named.exitCode()).as(named.toString()).isZero();
    assertThat(named.err()).as(named.toString()).isEmpty();
    Launcher.Result path = Launcher.deltactl(home, "create", pathTable.toString(), "--schema", "id BIGINT", "-q");
    assertThat(path.exitCode()).as(path.toString()).isZero();
  }

  @Test
  void aNameCreatedInOneProcessIsFoundByTheNext() throws Exception {
    Launcher.Result r = Launcher.deltactl(home, "describe", "sales", "-o", "csv");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains(",spark_catalog.default.sales,,file:" + home.resolve("warehouse/sales") + ",");
  }

  @Test
  void twoProcessesUsingNamesAtOnceBothSucceed() throws Exception {
    Process a = Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "describe", "sales", "-o", "json"), Map.of());
    Process b = Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "history", "sales", "-o", "json"), Map.of());
    Launcher.Result ra = Launcher.finish(a);
    Launcher.Result rb = Launcher.finish(b);
    assertThat(ra.exitCode()).as(ra.toString()).isZero();
    assertThat(rb.exitCode()).as(rb.toString()).isZero();
    assertThat(ra.out()).startsWith("{\"format\":\"delta\"");
    assertThat(rb.out()).startsWith("[{\"version\":0,");
  }

  @Test
  void aBusyMetastoreIsWaitedForThenRefusedNamingItsHolderWhilePathsStillWork() throws Exception {
    Path lockFile = home.resolve("metastore.lock");
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap("pid 4242, deltactl shell, since 2026-11-23T10:00:00Z".getBytes(StandardCharsets.UTF_8)));
      long t0 = System.nanoTime();
      Launcher.Result r = Launcher.deltactl(home, "--conf", "deltactl.metastore.wait=2s", "describe", "sales");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo(
          "note: waiting up to 2s for the metastore, in use by pid 4242, deltactl shell, since 2026-11-23T10:00:00Z\n"
              + "error: the embedded metastore in " + home + " is in use by another process (pid 4242, deltactl shell,"
              + " since 2026-11-23T10:00:00Z); waited 2s. Retry when it has finished, raise the wait with --conf"
              + " deltactl.metastore.wait=5m, address the table by its path, or share a metastore service with"
              + " --conf spark.hadoop.hive.metastore.uris=thrift://HOST:9083\n");
      assertThat((System.nanoTime() - t0) / 1_000_000_000).as("seconds").isLessThan(60);

      Launcher.Result byPath = Launcher.deltactl(home, "describe", pathTable.toString(), "-o", "json");
      assertThat(byPath.exitCode()).as(byPath.toString()).isZero();
      assertThat(byPath.err()).isEmpty();
      assertThat(held.isValid()).isTrue();
    }
    // released: the same command goes through, and the metastore is intact
    Launcher.Result after = Launcher.deltactl(home, "describe", "sales", "-o", "json");
    assertThat(after.exitCode()).as(after.toString()).isZero();
  }

  @Test
  void sqlAndCreateAsSelectOnPathsRunWhileAnotherProcessHoldsTheMetastore() throws Exception {
    Path lockFile = home.resolve("metastore.lock");
    Path created = tmp.resolve("created-while-busy");
    String wait = "deltactl.metastore.wait=5s"; // a wait for the metastore would fail the command
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap("pid 4242, deltactl shell, since 2026-11-23T10:00:00Z".getBytes(StandardCharsets.UTF_8)));
      long t0 = System.nanoTime();
      Process sql = Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "--conf", wait, "sql",
          "SELECT count(*) AS n FROM delta.`" + pathTable + "`", "-o", "csv"), Map.of());
      Process create = Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "--conf", wait, "create",
          created.toString(), "--as-select", "SELECT 1 AS x", "-q"), Map.of());
      Launcher.Result rs = Launcher.finish(sql);
      Launcher.Result rc = Launcher.finish(create);
      long seconds = (System.nanoTime() - t0) / 1_000_000_000;
      assertThat(rs.exitCode()).as(rs.toString()).isZero();
      assertThat(rs.err()).as(rs.toString()).isEmpty();
      assertThat(rs.out()).isEqualTo("n\r\n0\r\n");
      assertThat(rc.exitCode()).as(rc.toString()).isZero();
      assertThat(rc.err()).as(rc.toString()).isEmpty();

      // MERGE with a CTE and a subquery, all on paths: still no metastore
      Launcher.Result merge = Launcher.deltactl(home, "--conf", wait, "sql",
          "MERGE INTO delta.`" + created + "` t USING (WITH s AS (SELECT 2 AS x) SELECT * FROM s"
              + " WHERE x NOT IN (SELECT id FROM delta.`" + pathTable + "`)) s ON t.x = s.x"
              + " WHEN NOT MATCHED THEN INSERT *", "-q");
      assertThat(merge.exitCode()).as(merge.toString()).isZero();
      assertThat(merge.err()).as(merge.toString()).isEmpty();
      Launcher.Result rows = Launcher.deltactl(home, "--conf", wait, "sql",
          "SELECT x FROM delta.`" + created + "` ORDER BY x", "-o", "csv");
      assertThat(rows.exitCode()).as(rows.toString()).isZero();
      assertThat(rows.out()).isEqualTo("x\r\n1\r\n2\r\n");

      // a statement naming a table still waits for the metastore, and says so
      Launcher.Result named = Launcher.deltactl(home, "--conf", "deltactl.metastore.wait=1s", "sql",
          "SELECT count(*) FROM delta.`" + pathTable + "` WHERE id IN (SELECT id FROM sales)");
      assertThat(named.exitCode()).as(named.toString()).isEqualTo(1);
      assertThat(named.err()).startsWith("note: waiting up to 1s for the metastore, in use by pid 4242,");
      assertThat(held.isValid()).isTrue();
      System.out.println("sql and create --as-select on paths beside a held metastore: " + seconds + " s");
    }
  }

  @Test
  void theShellOpensTheMetastoreOnlyForAStatementNamingATable() throws Exception {
    Path script = tmp.resolve("paths-then-a-name.txt");
    Files.writeString(script, String.join("\n",
        "sql -o csv CREATE TEMP VIEW v AS SELECT id FROM delta.`" + pathTable + "`",
        "sql -o csv SELECT count(*) AS n FROM v", // the session's own view: no metastore
        "sql -o csv WITH c AS (SELECT 1 AS x) SELECT x FROM c",
        "sql -o csv SELECT count(*) AS n FROM sales",
        ""));
    Path lockFile = home.resolve("metastore.lock");
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap("pid 4242, deltactl shell, since 2026-11-23T10:00:00Z".getBytes(StandardCharsets.UTF_8)));
      Launcher.Result r = Launcher.finish(Launcher.start(home, List.of(Launcher.LAUNCHER.toString(),
          "--conf", "deltactl.metastore.wait=1s", "shell"), Map.of(), script));
      // the statements on paths, views and CTEs ran; the name waited for the metastore, then gave up
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.out()).isEqualTo("status\r\nOK\r\nn\r\n0\r\nx\r\n1\r\n");
      assertThat(r.err()).as(r.toString()).startsWith(
          "note: starting the Spark session again, with the metastore, for table names\n"
              + "note: waiting up to 1s for the metastore, in use by pid 4242,");
      assertThat(held.isValid()).isTrue();
    }
    Launcher.Result free = Launcher.finish(Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "shell"),
        Map.of(), script));
    assertThat(free.exitCode()).as(free.toString()).isZero();
    assertThat(free.out()).isEqualTo("status\r\nOK\r\nn\r\n0\r\nx\r\n1\r\nn\r\n0\r\n");
    assertThat(free.err()).isEqualTo("note: starting the Spark session again, with the metastore, for table names\n");
  }

  @Test
  void verboseShowsOurSettingsWithSecretsRedactedAndTwiceVerboseShowsSparksLogs() throws Exception {
    String secret = "AKIAVERYSECRET12345";
    Launcher.Result quiet = Launcher.deltactl(home, "--conf", "fs.s3a.secret.key=" + secret,
        "describe", pathTable.toString(), "-o", "json");
    assertThat(quiet.exitCode()).isZero();
    assertThat(quiet.err()).isEmpty();

    Launcher.Result k = Launcher.deltactl(home, "-v", "--conf", "fs.s3a.secret.key=" + secret,
        "describe", pathTable.toString(), "-o", "json");
    assertThat(k.exitCode()).as(k.toString()).isZero();
    assertThat(k.err()).contains("[INFO] KernelEngine - reading the log with Delta Kernel, without Spark;"
            + " Hadoop settings: fs.s3a.secret.key=*********(redacted)")
        .doesNotContain(secret).doesNotContain("Spark session").doesNotContain("WARN");
    assertThat(k.out()).isEqualTo(quiet.out());

    Launcher.Result v = Launcher.deltactl(home, "-v", "--conf", "fs.s3a.secret.key=" + secret,
        "time-travel", "show", pathTable.toString(), "--count", "--where", "1 = 1", "-o", "csv", "--master",
        "local[1]"); // a count with a filter is a Spark query (without one, Kernel sums the statistics)
    assertThat(v.exitCode()).as(v.toString()).isZero();
    assertThat(v.err()).contains("[INFO] SparkSessionFactory - starting Spark session on local[1]")
        .contains("spark.hadoop.fs.s3a.secret.key=*********(redacted)")
        .contains("spark.sql.catalogImplementation=in-memory")
        .doesNotContain(secret)
        .doesNotContain("SparkContext - Running Spark version");
    assertThat(v.out()).contains(",0,query,\r\n");

    Launcher.Result vv = Launcher.deltactl(home, "-vv", "--conf", "fs.s3a.secret.key=" + secret,
        "time-travel", "show", pathTable.toString(), "--count", "--where", "1 = 1", "-o", "csv");
    assertThat(vv.exitCode()).isZero();
    assertThat(vv.err()).contains("[INFO] SparkContext - Running Spark version 4.2.0").doesNotContain(secret);
    assertThat(vv.out()).isEqualTo(v.out());
  }

  @Test
  void helpAndVersionNeedNoEngine() throws Exception {
    Launcher.Result v = Launcher.deltactl(home, "--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).startsWith("deltactl ").contains("Spark 4.2.0, Delta Lake 4.4.0");
    assertThat(Files.exists(home.resolve("metastore_db/seg0"))).isTrue();
  }

  @Test
  void aSparkSettingInTheJavaOptionsSizesOptimizesDryRun() throws Exception {
    // the plan is read from the log without Spark, and takes the JVM's spark.* properties as a session would
    Launcher.Result r = Launcher.finish(Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "optimize",
        pathTable.toString(), "--dry-run", "-o", "json"),
        Map.of("DELTACTL_JAVA_OPTS", "-Xmx1g -Dspark.databricks.delta.optimize.maxFileSize=7777")));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out())
        .get("plan");
    assertThat(plan.get("targetFileSize").asLong()).isEqualTo(7777);
    assertThat(plan.get("minFileSize").asLong()).isEqualTo(1024L * 1024 * 1024);
    // --conf wins over the JVM's property
    Launcher.Result c = Launcher.finish(Launcher.start(home, List.of(Launcher.LAUNCHER.toString(), "--conf",
        "spark.databricks.delta.optimize.maxFileSize=8888", "optimize", pathTable.toString(), "--dry-run", "-o",
        "json"), Map.of("DELTACTL_JAVA_OPTS", "-Dspark.databricks.delta.optimize.maxFileSize=7777")));
    assertThat(c.exitCode()).as(c.toString()).isZero();
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.out()).get("plan").get("targetFileSize")
        .asLong()).isEqualTo(8888);
  }
}
