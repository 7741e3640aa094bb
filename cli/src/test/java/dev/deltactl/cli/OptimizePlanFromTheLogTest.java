package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.OptimizePlanner;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code optimize --dry-run} (and a dry run of {@code --full}) is planned from the log by Delta Kernel, without
 * Spark, and the plan is the one Delta's snapshot on Spark gives: on every conformance table, with the sizes of
 * the request or of the settings, on partitioned, deletion-vector and clustered tables; {@code --where} and
 * {@code --zorder-by}, which Spark checks, are Spark's.
 */
class OptimizePlanFromTheLogTest {
  @TempDir static Path tmp;
  static KernelEngine kernel;
  static Engine sparkOnly;

  @BeforeAll
  static void setUp() {
    kernel = new KernelEngine(EngineConfig.local());
    sparkOnly = dev.deltactl.core.engine.spark.SparkEngine.attach(TestCli.engine().sparkSession(),
        new EngineConfig("local[2]", Map.of("deltactl.kernel", "false"), TestCli.dataDir(), "tests"), n -> {});
  }

  /** What an engine answered: the plan's outcome (status, plan, version), or the code and words it refused with. */
  record Answer(Object value, ErrorCode refused, String message) {
    static Answer of(Engine e, OptimizeRequest r) {
      try {
        OptimizeResult o = e.optimize(r);
        assertThat(o.metrics()).isEmpty();
        assertThat(o.attempts()).isEqualTo(1);
        return new Answer(List.of(o.status(), o.plan(), o.version()), null, null);
      } catch (DeltactlException ex) {
        return new Answer(null, ex.code(), ex.getMessage());
      }
    }
  }

  private static List<OptimizeRequest> dryRuns(String table) {
    TableRef ref = TableRef.ofPath(table);
    return List.of(
        new OptimizeRequest(ref, null, List.of(), null, null, true, 0, false),
        new OptimizeRequest(ref, null, List.of(), 64L * 1024, 16L * 1024, true, 0, false),
        new OptimizeRequest(ref, null, List.of(), 1L, null, true, 0, false),
        new OptimizeRequest(ref, null, List.of(), null, null, true, 0, true));
  }

  /** Kernel's answer equals Spark's for each dry run, or Kernel declines; how many it declined. */
  private static int same(KernelEngine k, String table) {
    int declined = 0;
    for (OptimizeRequest r : dryRuns(table)) {
      Answer fromLog = Answer.of(k, r);
      Answer spark = Answer.of(sparkOnly, r);
      String what = table + " " + r;
      if (fromLog.refused() == ErrorCode.NOT_SUPPORTED_BY_ENGINE) {
        declined++;
        continue;
      }
      assertThat(fromLog.refused()).as(what + "\nkernel " + fromLog + "\nspark " + spark).isEqualTo(spark.refused());
      if (spark.refused() == ErrorCode.INVALID_ARGUMENT) {
        assertThat(fromLog.message()).as(what).isEqualTo(spark.message());
      }
      assertThat(fromLog.value()).as(what).isEqualTo(spark.value());
    }
    return declined;
  }

  @TestFactory
  Stream<DynamicTest> thePlanIsSparksOnEveryConformanceTable() throws Exception {
    return ConformanceTest.tables().stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> {
      int declined = same(kernel, t.toString());
      System.out.println("optimize plan " + t.getFileName() + ": " + (declined == 0 ? "same" : declined + " declined"));
      // Kernel declines the tables it declines to describe, and those only
      boolean describes;
      try {
        kernel.describe(new dev.deltactl.core.api.DescribeRequest(TableRef.ofPath(t.toString())));
        describes = true;
      } catch (DeltactlException e) {
        describes = e.code() != ErrorCode.NOT_SUPPORTED_BY_ENGINE;
      }
      assertThat(declined).as(t.getFileName().toString()).isEqualTo(describes ? 0 : dryRuns(t.toString()).size());
    }));
  }

  /** A partitioned table of 12 small files, 3 of them with deletion vectors; and a clustered one of 4 files. */
  private static String partitioned() {
    String t = tmp.resolve("p").toString();
    if (!Files.exists(Path.of(t))) {
      sql("CREATE TABLE delta.`" + t + "` (id BIGINT, p STRING) USING delta PARTITIONED BY (p)"
          + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
      for (int i = 0; i < 4; i++) {
        sql("INSERT INTO delta.`" + t + "` SELECT id, CAST(id % 3 AS STRING) FROM range(" + (i * 300) + ", "
            + (i * 300 + 300) + ", 1, 1)");
      }
      sql("DELETE FROM delta.`" + t + "` WHERE id % 7 = 0 AND id < 300");
    }
    return t;
  }

  private static String clustered() {
    String t = tmp.resolve("c").toString();
    if (!Files.exists(Path.of(t))) {
      sql("CREATE TABLE delta.`" + t + "` (id BIGINT, s STRING) USING delta CLUSTER BY (id)");
      for (int i = 0; i < 4; i++) {
        sql("INSERT INTO delta.`" + t + "` SELECT id, 'x' FROM range(" + (i * 100) + ", " + (i * 100 + 100) + ", 1, 1)");
      }
    }
    return t;
  }

  @Test
  void theSettingsGiveTheSizesAsTheSessionsDo() {
    Map<String, String> settings = Map.of(OptimizePlanner.MAX_FILE_SIZE, "4000", OptimizePlanner.MIN_FILE_SIZE, "2500",
        OptimizePlanner.MAX_DELETED_ROWS_RATIO, "0.5", OptimizePlanner.MIN_CUBE_SIZE, "3000",
        OptimizePlanner.TARGET_CUBE_SIZE, "5000");
    KernelEngine set = new KernelEngine(new EngineConfig("local[2]", settings, TestCli.dataDir(), "tests"));
    settings.forEach((k, v) -> sql("SET " + k + " = " + v));
    try {
      for (String t : List.of(partitioned(), clustered())) {
        assertThat(same(set, t)).as(t).isZero();
      }
      OptimizeResult r = set.optimize(dryRuns(partitioned()).get(0));
      assertThat(r.plan().targetFileSize()).isEqualTo(4000);
      assertThat(r.plan().minFileSize()).isEqualTo(2500);
    } finally {
      settings.keySet().forEach(k -> sql("RESET " + k));
    }
    // a spark.* system property (-D in DELTACTL_JAVA_OPTS) is a setting when none is given, as for a session
    System.setProperty(OptimizePlanner.MAX_FILE_SIZE, "7777");
    try {
      assertThat(kernel.optimize(dryRuns(partitioned()).get(0)).plan().targetFileSize()).isEqualTo(7777);
      assertThat(set.optimize(dryRuns(partitioned()).get(0)).plan().targetFileSize()).isEqualTo(4000);
    } finally {
      System.clearProperty(OptimizePlanner.MAX_FILE_SIZE);
    }
    // and without them, Delta's defaults on both
    for (String t : List.of(partitioned(), clustered())) {
      assertThat(same(kernel, t)).as(t).isZero();
    }
    OptimizeResult d = kernel.optimize(dryRuns(partitioned()).get(0));
    assertThat(d.plan().targetFileSize()).isEqualTo(OptimizePlanner.DEFAULT_MAX_FILE_SIZE);
    assertThat(d.plan().candidateFiles()).isEqualTo(12);
    assertThat(d.plan().bins()).isEqualTo(3);
    assertThat(d.plan().partitions()).isEqualTo(3);
  }

  @Test
  void aProfilesSizesReachThePlanUnderTheCommandLinesOwn() throws Exception {
    String previous = System.getProperty("deltactl.home");
    Path home = Files.createDirectories(tmp.resolve("profile-home"));
    Path file = home.resolve("profiles.properties");
    Files.writeString(file, "sizes.conf." + OptimizePlanner.MAX_FILE_SIZE + " = 4000\n"
        + "sizes.conf." + OptimizePlanner.MIN_FILE_SIZE + " = 2500\n");
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    System.setProperty("deltactl.home", home.toString());
    try {
      TestCli.Run r = TestCli.onKernelOnly("--profile", "sizes", "optimize", partitioned(), "--dry-run", "-o", "json");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      JsonNode plan = Json.parse(r.out()).get("plan");
      assertThat(plan.get("targetFileSize").asLong()).isEqualTo(4000);
      assertThat(plan.get("minFileSize").asLong()).isEqualTo(2500);
      TestCli.Run over = TestCli.onKernelOnly("--profile", "sizes", "--conf", OptimizePlanner.MAX_FILE_SIZE + "=5000",
          "optimize", partitioned(), "--dry-run", "-o", "json");
      assertThat(over.exitCode()).as(over.toString()).isZero();
      JsonNode overPlan = Json.parse(over.out()).get("plan");
      assertThat(overPlan.get("targetFileSize").asLong()).isEqualTo(5000);
      assertThat(overPlan.get("minFileSize").asLong()).isEqualTo(2500);
    } finally {
      if (previous == null) {
        System.clearProperty("deltactl.home");
      } else {
        System.setProperty("deltactl.home", previous);
      }
    }
  }

  @Test
  void aDryRunStartsNoSparkAndSaysWhatItWouldDo() {
    String t = partitioned();
    TestCli.Run r = TestCli.onKernelOnly("optimize", t, "--dry-run", "--target-file-size", "1m", "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.get("status").asText()).isEqualTo("DRY_RUN");
    assertThat(j.get("version").asLong()).isEqualTo(5);
    assertThat(j.get("plan").get("totalFiles").asLong()).isEqualTo(12);
    assertThat(j.get("plan").get("candidateFiles").asLong()).isEqualTo(12);
    assertThat(j.get("plan").get("expectedFilesAfter").asLong()).isEqualTo(3);
    assertThat(j.get("metrics").size()).isZero();
    // the clustered table's dry run too, and the refusal of --full on a table that is not clustered
    TestCli.Run c = TestCli.onKernelOnly("optimize", clustered(), "--dry-run", "--full", "-o", "json");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    assertThat(Json.parse(c.out()).get("plan").get("clusteringColumns").get(0).asText()).isEqualTo("id");
    TestCli.Run full = TestCli.onKernelOnly("optimize", t, "--dry-run", "--full");
    assertThat(full.exitCode()).isEqualTo(2);
    assertThat(full.err()).isEqualTo("error: optimize --full reclusters a clustered table, and " + t
        + " is not clustered; run optimize without --full, or cluster it first with 'cluster-by " + t
        + " --by COL,...'\n");
    // a size setting Delta would not read is named, before any work
    TestCli.Run bad = TestCli.onKernelOnly("--conf", OptimizePlanner.MAX_FILE_SIZE + "=1g", "optimize", t, "--dry-run");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: the setting " + OptimizePlanner.MAX_FILE_SIZE
        + " is '1g': expected a whole number of bytes, 1 or more, such as 134217728\n");
  }

  @Test
  void whereAndZOrderAreCheckedAndPlannedBySpark() {
    String t = partitioned();
    TableRef ref = TableRef.ofPath(t);
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.deltactl.core.engine.CannotAnswer.class,
        () -> kernel.optimize(new OptimizeRequest(ref, "p = '1'", List.of(), null, null, true, 0, false))).reason())
        .isEqualTo("Spark checks --where");
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.deltactl.core.engine.CannotAnswer.class,
        () -> kernel.optimize(new OptimizeRequest(ref, null, List.of("id"), null, null, true, 0, false))).reason())
        .isEqualTo("Spark checks the Z-order columns");
    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.deltactl.core.engine.CannotAnswer.class,
        () -> kernel.optimize(new OptimizeRequest(ref, null, List.of(), null, null, false, 0, false))).reason())
        .isEqualTo("it rewrites files (Spark does)");
    TestCli.Run where = TestCli.run("optimize", t, "--dry-run", "--where", "p = '1'", "-o", "json");
    assertThat(where.exitCode()).as(where.toString()).isZero();
    assertThat(Json.parse(where.out()).get("plan").get("consideredFiles").asLong()).isEqualTo(4);
    TestCli.Run z = TestCli.run("zorder", t, "--by", "id", "--dry-run", "-o", "json");
    assertThat(z.exitCode()).as(z.toString()).isZero();
    assertThat(Json.parse(z.out()).get("plan").get("candidateFiles").asLong()).isEqualTo(12);
  }

  private static void sql(String s) {
    TestCli.engine().sparkSession().sql(s).collectAsList();
  }
}
