package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** properties list, set and unset on tables written by Spark: exact output, exact exit codes, untouched logs. */
class PropertiesCommandTest {
  @TempDir Path tmp;

  private static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  /** A table of 10 rows partitioned by day, with one Delta property and one of the user's own. */
  private String table(String name) {
    String t = tmp.resolve(name).toString();
    ok("create", t, "-o", "json", "--as-select", "SELECT id, CAST(id AS STRING) AS name, id % 2 AS day FROM range(10)",
        "--partitioned-by", "day", "--property", "delta.appendOnly=false", "--property", "team=data");
    return t;
  }

  /** Every file of the log with its size and modification time. */
  private static Map<String, String> log(String table) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Path dir = Path.of(table, "_delta_log");
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  private static long version(String table) {
    return ok("properties", "list", table, "-o", "json").get("version").asLong();
  }

  @Test
  @Tag(TestCli.MATRIX)
  void listPrintsTheLogsPropertiesWithTheirNamespace() {
    String t = table("t");
    TestCli.Run r = TestCli.run("properties", "list", t, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"table\":\"" + t + "\",\"version\":0,\"properties\":["
        + "{\"key\":\"delta.appendOnly\",\"value\":\"false\",\"namespace\":\"delta\",\"set\":true},"
        + "{\"key\":\"team\",\"value\":\"data\",\"namespace\":\"other\",\"set\":true}]}\n");
    JsonNode all = ok("properties", "list", t, "--all", "-o", "json");
    assertThat(all.get("properties").findValuesAsText("key")).contains("delta.appendOnly", "team",
        "delta.logRetentionDuration", "delta.deletedFileRetentionDuration", "delta.checkpointInterval");
    assertThat(TestCli.run("properties", "list", t, "-o", "csv").out()).isEqualTo(
        "key,value,namespace,source\r\ndelta.appendOnly,false,delta,table\r\nteam,data,other,table\r\n");
  }

  @Test
  @Tag(TestCli.MATRIX)
  void setCommitsOneVersionThatListShowsAndUnsetRemovesInTheNext() throws IOException {
    String t = table("t");
    int logFiles = log(t).size();
    JsonNode set = ok("properties", "set", t, "delta.logRetentionDuration=interval 60 days", "deltactl.zorder.by=id",
        "owned.by=me", "-o", "json");
    assertThat(set.get("result").asText()).isEqualTo("committed");
    assertThat(set.get("readVersion").asLong()).isZero();
    assertThat(set.get("version").asLong()).isEqualTo(1);
    assertThat(set.get("changes").toString()).isEqualTo("["
        + "{\"key\":\"delta.logRetentionDuration\",\"namespace\":\"delta\",\"before\":null,\"after\":\"interval 60"
        + " days\",\"protocolUpgrade\":null},"
        + "{\"key\":\"deltactl.zorder.by\",\"namespace\":\"deltactl\",\"before\":null,\"after\":\"id\","
        + "\"protocolUpgrade\":null},"
        + "{\"key\":\"owned.by\",\"namespace\":\"other\",\"before\":null,\"after\":\"me\",\"protocolUpgrade\":null}]");
    assertThat(set.get("before").toString()).isEqualTo("{\"delta.appendOnly\":\"false\",\"team\":\"data\"}");
    assertThat(set.get("after").toString()).isEqualTo("{\"delta.appendOnly\":\"false\",\"delta.logRetentionDuration\":"
        + "\"interval 60 days\",\"deltactl.zorder.by\":\"id\",\"owned.by\":\"me\",\"team\":\"data\"}");
    assertThat(log(t).keySet()).contains("00000000000000000001.json");
    assertThat(version(t)).isEqualTo(1);
    assertThat(ok("properties", "list", t, "-o", "json").get("properties").findValuesAsText("key"))
        .containsExactly("delta.appendOnly", "delta.logRetentionDuration", "deltactl.zorder.by", "owned.by", "team");

    JsonNode unset = ok("properties", "unset", t, "owned.by", "deltactl.zorder.by", "not.there", "-o", "json");
    assertThat(unset.get("result").asText()).isEqualTo("committed");
    assertThat(unset.get("version").asLong()).isEqualTo(2);
    assertThat(unset.get("changes").findValuesAsText("key")).containsExactly("owned.by", "deltactl.zorder.by");
    assertThat(unset.get("after").toString()).isEqualTo("{\"delta.appendOnly\":\"false\",\"delta.logRetentionDuration\":"
        + "\"interval 60 days\",\"team\":\"data\"}");
    assertThat(log(t).keySet().stream().filter(f -> f.endsWith(".json")).count()).isEqualTo(3);
    assertThat(logFiles).isPositive();
  }

  @Test
  void settingTheValuesItHasCommitsNothing() throws IOException {
    String t = table("t");
    Map<String, String> before = log(t);
    TestCli.Run r = TestCli.run("properties", "set", t, "delta.appendOnly=false", "team=data");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("result   unchanged: every value is already as asked, nothing to commit\n");
    assertThat(log(t)).isEqualTo(before);
  }

  @Test
  void aBadValueExits2AndLeavesTheLogAsItWas() throws IOException {
    String t = table("t");
    Map<String, String> before = log(t);
    TestCli.Run r = TestCli.run("properties", "set", t, "owned.by=me", "delta.checkpointInterval=0");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(
        "error: invalid value '0' for delta.checkpointInterval: expected a whole number of 1 or more\n");
    TestCli.Run interval = TestCli.run("properties", "set", t, "delta.deletedFileRetentionDuration=1 month");
    assertThat(interval.exitCode()).as(interval.toString()).isEqualTo(2);
    assertThat(interval.err()).isEqualTo("error: invalid value '1 month' for delta.deletedFileRetentionDuration:"
        + " months and years are not accepted; write days, e.g. '365 days'\n");
    assertThat(log(t)).isEqualTo(before);
  }

  @Test
  void anUnknownDeltaKeyExits2NamingTheNearestKnownKey() throws IOException {
    String t = table("t");
    Map<String, String> before = log(t);
    TestCli.Run r = TestCli.run("properties", "set", t, "delta.logRetentionDurations=interval 30 days");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: unknown Delta table property 'delta.logRetentionDurations'; did you mean"
        + " 'delta.logRetentionDuration'? (deltactl properties list TABLE --all shows Delta's keys)\n");
    TestCli.Run unknownOwn = TestCli.run("properties", "set", t, "deltactl.zorderby=id");
    assertThat(unknownOwn.exitCode()).isEqualTo(2);
    assertThat(unknownOwn.err()).isEqualTo("error: unknown deltactl table property 'deltactl.zorderby'; did you mean"
        + " 'deltactl.zorder.by'? (deltactl's keys: deltactl.zorder.by, deltactl.policy.<key>)\n");
    TestCli.Run reserved = TestCli.run("properties", "set", t, "owner=me");
    assertThat(reserved.exitCode()).isEqualTo(2);
    assertThat(reserved.err()).startsWith("error: 'owner' is a property Spark reserves and sets itself;");
    assertThat(log(t)).isEqualTo(before);
  }

  @Test
  void zorderColumnsMustBeColumnsOfTheTableAndNotPartitionColumns() throws IOException {
    String t = table("t");
    Map<String, String> before = log(t);
    TestCli.Run missing = TestCli.run("properties", "set", t, "deltactl.zorder.by=id,nope");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo(
        "error: invalid deltactl.zorder.by: the table has no column 'nope' (columns: id, name, day)\n");
    TestCli.Run partition = TestCli.run("properties", "set", t, "deltactl.zorder.by=day");
    assertThat(partition.exitCode()).isEqualTo(2);
    assertThat(partition.err()).isEqualTo("error: invalid deltactl.zorder.by: 'day' is a partition column; Z-order"
        + " by other columns (each partition is ordered on its own)\n");
    assertThat(log(t)).isEqualTo(before);
  }

  @Test
  void aDryRunNamesTheProtocolUpgradeAndChangesNothing() throws IOException {
    String t = table("t");
    Map<String, String> before = log(t);
    JsonNode plan = ok("properties", "set", t, "delta.enableChangeDataFeed=true", "--dry-run", "-o", "json");
    assertThat(plan.get("result").asText()).isEqualTo("dry-run");
    assertThat(plan.get("version").asLong()).isZero();
    assertThat(plan.get("changes").toString()).isEqualTo("[{\"key\":\"delta.enableChangeDataFeed\","
        + "\"namespace\":\"delta\",\"before\":null,\"after\":\"true\",\"protocolUpgrade\":\"changeDataFeed\"}]");
    JsonNode unset = ok("properties", "unset", t, "team", "--dry-run", "-o", "json");
    assertThat(unset.get("result").asText()).isEqualTo("dry-run");
    assertThat(unset.get("after").toString()).isEqualTo("{\"delta.appendOnly\":\"false\"}");
    assertThat(log(t)).isEqualTo(before);
  }

  @Test
  void aPropertyThatNeedsAFeatureUpgradesTheProtocolInTheSameCommit() {
    String t = table("t");
    JsonNode set = ok("properties", "set", t, "delta.enableDeletionVectors=true", "-o", "json");
    assertThat(set.get("version").asLong()).isEqualTo(1);
    assertThat(set.get("changes").get(0).get("protocolUpgrade").asText()).isEqualTo("deletionVectors");
    JsonNode d = ok("describe", t, "-o", "json");
    assertThat(d.get("tableFeatures").toString()).contains("\"deletionVectors\"");
    assertThat(d.get("version").asLong()).isEqualTo(1);
  }

  @Test
  void aMissingTableExits3() {
    String t = tmp.resolve("nothing-here").toString();
    TestCli.Run r = TestCli.run("properties", "set", t, "team=x");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: path not found: " + t + "\n");
    assertThat(TestCli.run("properties", "list", t).exitCode()).isEqualTo(3);
    assertThat(Files.exists(Path.of(t))).isFalse();
  }

  /** What the README says of Databricks-only keys: OSS Delta 4.4 itself refuses them. */
  @Test
  void deltaItselfRefusesADatabricksOnlyKey() throws IOException {
    String t = table("t");
    Map<String, String> before = log(t);
    TestCli.Run delta = TestCli.run("sql", "ALTER TABLE delta.`" + t + "` SET TBLPROPERTIES ('delta.targetFileSize' ="
        + " '128mb')");
    assertThat(delta.exitCode()).as(delta.toString()).isNotZero();
    assertThat(delta.err()).contains("DELTA_UNKNOWN_CONFIGURATION");
    TestCli.Run ours = TestCli.run("properties", "set", t, "delta.targetFileSize=128mb");
    assertThat(ours.exitCode()).isEqualTo(2);
    assertThat(ours.err()).isEqualTo("error: 'delta.targetFileSize' is a Databricks table property: OSS Delta Lake"
        + " 4.4 does not know it and refuses it (DELTA_UNKNOWN_CONFIGURATION)\n");
    assertThat(log(t)).isEqualTo(before);
  }

  @Test
  void kernelAndSparkListTheSameAndANamedTableIsListedAndSetBySpark() {
    String t = table("t");
    TestCli.Run kernel = TestCli.run("properties", "list", t, "--all", "-o", "json");
    TestCli.Run spark = TestCli.run("--conf", "deltactl.kernel=false", "properties", "list", t, "--all", "-o", "json");
    assertThat(spark.exitCode()).as(spark.toString()).isZero();
    assertThat(spark.out()).isEqualTo(kernel.out());

    String name = "default.props_" + Long.toHexString(System.nanoTime());
    ok("create", name, "--schema", "id INT", "--property", "team=data", "-o", "json");
    try {
      JsonNode set = ok("properties", "set", name, "delta.checkpointInterval=5", "-o", "json");
      assertThat(set.get("result").asText()).isEqualTo("committed");
      assertThat(set.get("version").asLong()).isEqualTo(set.get("readVersion").asLong() + 1);
      JsonNode list = ok("properties", "list", name, "-o", "json");
      assertThat(list.get("properties").toString()).contains(
          "{\"key\":\"delta.checkpointInterval\",\"value\":\"5\",\"namespace\":\"delta\",\"set\":true}",
          "{\"key\":\"team\",\"value\":\"data\",\"namespace\":\"other\",\"set\":true}");
    } finally {
      TestCli.run("sql", "DROP TABLE IF EXISTS " + name, "-q");
    }
  }

  /**
   * A table written by Databricks carries keys OSS Delta does not know (delta.targetFileSize,
   * delta.tuneFileSizesForRewrites): listed as they are, removable, never set.
   */
  @Test
  void aDatabricksTablesUnknownKeysAreListedAndMayBeUnsetButNotSet() throws IOException {
    String t = TestCli.copy(TestCli.conformance().resolve("table_with_deletion_logs"), tmp.resolve("dbx")).toString();
    TestCli.Run list = TestCli.run("properties", "list", t, "-o", "csv");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).isEqualTo("key,value,namespace,source\r\n"
        + "delta.autoOptimize.optimizeWrite,true,delta,table\r\n"
        + "delta.enableDeletionVectors,true,delta,table\r\n"
        + "delta.targetFileSize,33554432,delta,table\r\n"
        + "delta.tuneFileSizesForRewrites,true,delta,table\r\n");
    Map<String, String> before = log(t);
    TestCli.Run set = TestCli.run("properties", "set", t, "delta.tuneFileSizesForRewrites=false");
    assertThat(set.exitCode()).isEqualTo(2);
    assertThat(set.err()).isEqualTo("error: 'delta.tuneFileSizesForRewrites' is a Databricks table property: OSS"
        + " Delta Lake 4.4 does not know it and refuses it (DELTA_UNKNOWN_CONFIGURATION)\n");
    assertThat(log(t)).isEqualTo(before);
    long v = version(t);
    JsonNode unset = ok("properties", "unset", t, "delta.targetFileSize", "delta.tuneFileSizesForRewrites", "-o",
        "json");
    assertThat(unset.get("version").asLong()).isEqualTo(v + 1);
    assertThat(unset.get("after").toString()).isEqualTo(
        "{\"delta.autoOptimize.optimizeWrite\":\"true\",\"delta.enableDeletionVectors\":\"true\"}");
  }

  /**
   * What the README says of auto compaction: OSS Delta 4.4 honours delta.autoOptimize.autoCompact, and deltactl's
   * copy-into writes through the path that runs it (a table never compacted is compacted after its next write,
   * delta-io/delta#4043).
   */
  @Test
  void copyIntoHonoursAutoCompactionSetAsAProperty() throws IOException {
    String t = table("t");
    ok("properties", "set", t, "delta.autoOptimize.autoCompact=true", "-o", "json");
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 3; i++) {
      Files.writeString(src.resolve("f" + i + ".csv"), "id,name,day\n" + (100 + i) + ",n" + i + ",0\n");
    }
    ok("copy-into", t, "--from", src.toString(), "--format", "csv", "--format-option", "header=true", "-o", "json");
    TestCli.Run h = TestCli.run("history", t, "-n", "1", "-o", "csv");
    assertThat(h.exitCode()).as(h.toString()).isZero();
    assertThat(h.out()).contains("OPTIMIZE").contains("auto");
  }
}
