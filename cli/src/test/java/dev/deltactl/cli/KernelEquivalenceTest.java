package dev.deltactl.cli;

import dev.deltactl.core.api.VersionsRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.CannotAnswer;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kernel engine answers describe, history and versions exactly as the Spark engine does, field by
 * field, on every conformance table and on tables these tests write; or it declines (and Spark answers),
 * or both refuse with the same code.
 */
class KernelEquivalenceTest {
  static Path work;
  static KernelEngine kernel;
  /** Spark for everything, the time-travel timeline included. */
  static Engine sparkOnly;

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("deltactl-kernel-eq");
    kernel = new KernelEngine(EngineConfig.local());
    sparkOnly = dev.deltactl.core.engine.spark.SparkEngine.attach(TestCli.engine().sparkSession(),
        new EngineConfig("local[2]", Map.of("deltactl.kernel", "false"), TestCli.dataDir(), "tests"), n -> {});
  }

  /** What an engine answered: a value, or the code it refused with. */
  record Answer(Object value, ErrorCode refused, String message) {
    static Answer of(Engine e, Function<Engine, Object> q) {
      try {
        return new Answer(q.apply(e), null, null);
      } catch (DeltactlException ex) {
        return new Answer(null, ex.code(), ex.getMessage());
      }
    }
  }

  static String check(Path table) {
    TableRef ref = TableRef.ofPath(table.toString());
    StringBuilder declined = new StringBuilder();
    for (String q : List.of("describe", "history", "versions")) {
      Function<Engine, Object> question = switch (q) {
        case "describe" -> e -> e.describe(new DescribeRequest(ref));
        case "history" -> e -> e.history(new HistoryRequest(ref, null));
        default -> e -> comparable(e.versions(new VersionsRequest(ref)));
      };
      Answer k = Answer.of(kernel, question);
      Answer s = Answer.of(sparkOnly, question);
      if (k.refused() == ErrorCode.NOT_SUPPORTED_BY_ENGINE) {
        declined.append(q).append(": ").append(k.message()).append("; ");
        continue;
      }
      if (k.refused() == null && s.refused() != null && s.message().startsWith("Checksum error: ")) {
        // Spark's Hadoop reader checks the .crc files next to log files; Kernel reads the log itself
        declined.append(q).append(": Spark alone refuses: ").append(s.message()).append("; ");
        continue;
      }
      assertThat(k.refused()).as(q + " " + table.getFileName() + " kernel " + k + " spark " + s).isEqualTo(s.refused());
      assertThat(k.value()).as(q + " " + table.getFileName()).isEqualTo(s.value());
    }
    return declined.toString();
  }

  /** Versions without the wording of the reason, which differs between engines. */
  static List<List<Object>> comparable(VersionsResult r) {
    return r.versions().stream()
        .map(v -> List.<Object>of(v.version(), v.timestamp(), String.valueOf(v.operation()), v.readable()))
        .toList();
  }

  /** Kernel reads the table: its answers equal Spark's. */
  static final String READS = "";

  /** Kernel declines describe, history and versions for this reason (and Spark answers). */
  static String declines(String reason) {
    return "describe: " + new CannotAnswer("describe", "<table>", reason, null).getMessage() + "; history: "
        + new CannotAnswer("history", "<table>", reason, null).getMessage() + "; versions: "
        + new CannotAnswer("time-travel versions", "<table>", reason, null).getMessage() + "; ";
  }

  /**
   * Which conformance tables Kernel reads (an empty string: its answers equal Spark's) and which it declines, and
   * why: what {@link #check} returns, {@code <table>} standing for the table's path. A table added to the corpus
   * without a row here fails.
   */
  static final Map<String, String> KERNEL_READS = pins(
      "COVID-19_NYT", READS,
      // a commit whose .crc file does not match it: Hadoop's reader refuses it under Kernel (and under Spark,
      // which then refuses the table with its checksum error)
      "cdc_ict_table", declines("IOException reading from file <table>/_delta_log/00000000000000000001.json at offset 0"
          + " size 1839"),
      "cdf-table", READS,
      "cdf-table-non-partitioned", READS,
      "cdf-table-with-cdc-and-dvs", READS,
      "checkpoint-cdf-table", READS,
      "checkpoint-v2-table", READS,
      "checkpoint_with_partitions", READS,
      "checkpoints", READS,
      "checkpoints_tombstones", READS,
      "checkpoints_vacuumed", READS,
      "concurrent_workers", READS,
      "delta-0.2.0", READS,
      "delta-0.8-empty", READS,
      "delta-0.8.0", READS,
      "delta-0.8.0-date", READS,
      "delta-0.8.0-null-partition", READS,
      "delta-0.8.0-numeric-partition", READS,
      "delta-0.8.0-partitioned", READS,
      "delta-0.8.0-special-partition", READS,
      "delta-1.2.1-only-struct-stats", READS,
      "delta-2.2.0-partitioned-types", READS,
      "delta-checkpoint-stats-optional", READS,
      "delta-live-table", READS,
      "delta-stats-optional", READS,
      // no _delta_log: not a Delta table, said alike by both
      "golden", READS,
      "http_requests", READS,
      "issue-2152", READS,
      "issue_1374", READS,
      "latest_not_checkpointed", READS,
      "partition-type-primitives", READS,
      "python-0.25.5-checkpoint", READS,
      "simple_commit", READS,
      "simple_table", READS,
      // a protocol no engine reads: reader version 5 (which has no feature list) with reader features, one of
      // them unknown ("blahabl"); Spark refuses it too
      "simple_table_features", declines("Unsupported Delta protocol reader version: table `<table>` requires reader"
          + " version 5 which is unsupported by this version of Delta Kernel."),
      "simple_table_with_cdc", READS,
      "simple_table_with_checkpoint", READS,
      "spark-shredded-variant-preview-delta", READS,
      "spark-variant-checkpoint", READS,
      "spark-variant-stable-feature-checkpoint", READS,
      "table-with-domain-metadata", READS,
      "table-with-dv-small", READS,
      "table-without-dv-small", READS,
      "table_failed_last_checkpoint_update", READS,
      "table_with_column_mapping", READS,
      "table_with_deletion_logs", READS,
      "table_with_edge_timestamps", READS,
      "table_with_liquid_clustering", READS,
      "table_with_null_stats_in_notnull_struct", READS,
      "table_with_partitioning_mapping", READS,
      "with_checkpoint_no_last_checkpoint", READS);

  @TestFactory
  Stream<DynamicTest> sameAnswersOnEveryConformanceTable() throws Exception {
    return ConformanceTest.tables().stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
      String name = t.getFileName().toString();
      String declined = check(t).replace("file:" + t, "<table>").replace(t.toString(), "<table>");
      System.out.println("kernel equivalence " + name + ": " + (declined.isEmpty() ? "same" : declined));
      assertThat(KERNEL_READS).as("no pinned outcome for the conformance table " + name + "; Kernel gives: "
          + (declined.isEmpty() ? "the same answers as Spark" : declined)).containsKey(name);
      assertThat(declined).as("what Kernel declines on " + name).isEqualTo(KERNEL_READS.get(name));
    }));
  }

  @Test
  void everyPinNamesATableOfTheCorpus() throws Exception {
    assertThat(ConformanceTest.tables().stream().map(t -> t.getFileName().toString()))
        .containsExactlyInAnyOrderElementsOf(KERNEL_READS.keySet());
  }

  private static Map<String, String> pins(String... tableThenDeclined) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < tableThenDeclined.length; i += 2) {
      assertThat(m.put(tableThenDeclined[i], tableThenDeclined[i + 1])).as(tableThenDeclined[i]).isNull();
    }
    return m;
  }

  @Test
  void sameAnswersOnTablesWrittenHere(@TempDir Path dir) {
    Path t = dir.resolve("t");
    String p = "delta.`" + t + "`";
    sql("CREATE TABLE " + p + " (id BIGINT NOT NULL COMMENT 'the id', s STRING, d DECIMAL(10,2),"
        + " tags ARRAY<STRING>, attrs MAP<STRING, INT>, `odd name` STRUCT<x: INT, `y z`: DATE>, ts TIMESTAMP_NTZ)"
        + " USING delta PARTITIONED BY (s) COMMENT 'a table'"
        + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true', 'delta.checkpointInterval' = '3',"
        + " 'delta.columnMapping.mode' = 'name')");
    for (int i = 0; i < 4; i++) {
      sql("INSERT INTO " + p + " SELECT id, CAST(id % 3 AS STRING), id / 7, array('a'), map('k', 1),"
          + " named_struct('x', 1, 'y z', DATE'2026-01-01'), TIMESTAMP_NTZ'2026-01-01 00:00:00'"
          + " FROM range(" + (i * 100) + ", " + (i * 100 + 100) + ")");
    }
    sql("DELETE FROM " + p + " WHERE id % 10 = 0");
    sql("OPTIMIZE " + p);
    sql("UPDATE " + p + " SET d = 0 WHERE id = 5");
    sql("RESTORE TABLE " + p + " TO VERSION AS OF 2");
    sql("ALTER TABLE " + p + " SET TBLPROPERTIES ('delta.enableInCommitTimestamps' = 'true')");
    sql("INSERT INTO " + p + " VALUES (1000, 'x', 1.5, array(), map(), null, null)");
    assertThat(check(t)).isEmpty();
    assertThat(kernel.history(new HistoryRequest(TableRef.ofPath(t.toString()), 3)))
        .isEqualTo(sparkOnly.history(new HistoryRequest(TableRef.ofPath(t.toString()), 3)));
  }

  @Test
  void vacuumedVersionsAreUnreadableInBoth(@TempDir Path dir) {
    Path t = dir.resolve("t");
    String p = "delta.`" + t + "`";
    sql("CREATE TABLE " + p + " (id BIGINT) USING delta");
    sql("INSERT INTO " + p + " SELECT * FROM range(10)");
    sql("INSERT OVERWRITE " + p + " SELECT * FROM range(5)");
    sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    try {
      sql("VACUUM " + p + " RETAIN 0 HOURS");
    } finally {
      sql("SET spark.databricks.delta.retentionDurationCheck.enabled = true");
    }
    assertThat(check(t)).isEmpty();
    assertThat(comparable(kernel.versions(new VersionsRequest(TableRef.ofPath(t.toString())))).stream().map(v -> v.get(3)))
        .containsExactly(true, true, true, false, true); // vacuum end, vacuum start, overwrite, insert, create
  }

  @Test
  void timestampsResolveToTheSameVersion(@TempDir Path dir) {
    Path t = TestCli.fixCommitTimes(TestCli.copy(TestCli.conformance().resolve("simple_table"), dir.resolve("t")));
    TableRef ref = TableRef.ofPath(t.toString());
    assertThat(kernel.resolve(ref, new VersionSpec(null, Instant.parse("2026-01-01T00:02:30Z")))).isEqualTo(2);
    assertThat(kernel.resolve(ref, new VersionSpec(3L, null))).isEqualTo(3);
    assertThat(kernel.resolve(ref, VersionSpec.latest())).isEqualTo(4);
    DeltactlException e = org.junit.jupiter.api.Assertions.assertThrows(DeltactlException.class,
        () -> kernel.resolve(ref, new VersionSpec(null, Instant.parse("2025-12-31T00:00:00Z"))));
    assertThat(e.code()).isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("no version of " + t + " at 2025-12-31T00:00:00Z: the valid range is"
        + " 2026-01-01T00:00:00Z (version 0) to 2026-01-01T00:04:00Z (version 4)");
  }

  @Test
  void missingPathsAndNonDeltaFoldersFailLikeSpark(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("plain"));
    for (Path p : List.of(dir.resolve("nope"), dir.resolve("plain"))) {
      assertThat(check(p)).isEmpty();
    }
    DeltactlException e = org.junit.jupiter.api.Assertions.assertThrows(DeltactlException.class,
        () -> kernel.describe(new DescribeRequest(TableRef.ofPath(dir.resolve("plain").toString()))));
    assertThat(e.getMessage()).isEqualTo(dir.resolve("plain") + " is not a Delta table: it has no _delta_log folder");
  }

  /**
   * Both engines list a local log through deltactl's log store (its listing reads only the names from the
   * version asked for), and still agree with each other at every depth of a log of 25 commits past two
   * checkpoints.
   */
  @Test
  void bothEnginesListLocalLogsFromTheVersionAskedFor(@TempDir Path dir) {
    assertThat(TestCli.engine().sparkSession().conf().get("spark.delta.logStore.file.impl"))
        .isEqualTo(dev.deltactl.core.engine.spark.SparkLocalLogStore.class.getName());
    assertThat(KernelEngine.hadoopConf(Map.of()).get("io.delta.kernel.logStore.file.impl"))
        .isEqualTo(dev.deltactl.core.engine.localfs.LocalLogStore.class.getName());
    Path t = dir.resolve("t");
    String p = "delta.`" + t + "`";
    sql("CREATE TABLE " + p + " (id BIGINT) USING delta TBLPROPERTIES ('delta.checkpointInterval' = '10')");
    // the store Delta on Spark made for the table's log is ours (a setting alone could be ignored)
    Object store = org.apache.spark.sql.delta.DeltaLog.forTable(TestCli.engine().sparkSession(), t.toString()).store();
    try {
      Object delegate = store.getClass().getMethod("getDelegate", org.apache.hadoop.fs.Path.class)
          .invoke(store, new org.apache.hadoop.fs.Path(t.toUri()));
      assertThat(delegate.getClass().getMethod("logStoreImpl").invoke(delegate).getClass().getName())
          .isEqualTo(dev.deltactl.core.engine.spark.SparkLocalLogStore.class.getName());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    for (int i = 0; i < 24; i++) {
      sql("INSERT INTO " + p + " VALUES (" + i + ")");
    }
    assertThat(check(t)).isEmpty();
    for (int n : List.of(1, 5, 10, 24, 25, 26)) {
      HistoryRequest r = new HistoryRequest(TableRef.ofPath(t.toString()), n);
      assertThat(kernel.history(r)).as("history -n " + n).isEqualTo(sparkOnly.history(r));
      assertThat(kernel.history(r).entries()).hasSize(Math.min(n, 25));
    }
  }

  @Test
  void namesAreLeftToSpark() {
    DeltactlException e = org.junit.jupiter.api.Assertions.assertThrows(DeltactlException.class,
        () -> kernel.history(new HistoryRequest(TableRef.parse("db.t"), null)));
    assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED_BY_ENGINE);
  }

  private static void sql(String s) {
    TestCli.engine().sparkSession().sql(s).collectAsList();
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
