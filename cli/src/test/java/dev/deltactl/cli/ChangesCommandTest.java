package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangesCommandTest {
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

  /**
   * A table with the change data feed from its creation: 0 create, 1 insert 1..3, 2 update 2, 3 delete 3.
   */
  static String withFeed(Path dir) {
    String t = dir.resolve("t").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT, name STRING) USING delta"
        + " TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    sql("INSERT INTO delta.`" + t + "` VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    sql("UPDATE delta.`" + t + "` SET name = 'B' WHERE id = 2");
    sql("DELETE FROM delta.`" + t + "` WHERE id = 3");
    return t;
  }

  /** Each change row as {@code id,name,_change_type,_commit_version}, in the order printed. */
  static List<String> rows(JsonNode rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add((r.has("id") ? r.get("id").asText() + "," : "") + r.get("name").asText() + ","
        + r.get("_change_type").asText() + "," + r.get("_commit_version").asLong()));
    return out;
  }

  @Test
  void insertsUpdatesAndDeletesAreTheExactChangeRowsOfTheirVersions() {
    String t = withFeed(tmp);
    JsonNode all = ok("changes", t, "--from", "0", "-o", "json");
    List<String> rows = rows(all);
    assertThat(rows.subList(0, 3)).containsExactlyInAnyOrder("1,a,insert,1", "2,b,insert,1", "3,c,insert,1");
    assertThat(rows.subList(3, rows.size())).containsExactly(
        "2,b,update_preimage,2", "2,B,update_postimage,2", "3,c,delete,3");
    assertThat(all.get(0).get("_commit_timestamp").asText()).endsWith("Z");
    assertThat(rows(ok("changes", t, "--from", "2", "--to", "2", "-o", "json")))
        .containsExactly("2,b,update_preimage,2", "2,B,update_postimage,2");

    JsonNode count = ok("changes", t, "--from", "1", "--count", "-o", "json");
    assertThat(count.get("fromVersion").asLong()).isEqualTo(1);
    assertThat(count.get("toVersion").asLong()).isEqualTo(3);
    assertThat(count.get("count").asLong()).isEqualTo(6);
    assertThat(ok("changes", t, "--from", "1", "--where", "_change_type = 'insert' AND id > 1", "--count",
        "-o", "json").get("count").asLong()).isEqualTo(2);

    JsonNode named = ok("changes", t, "--from", "3", "--columns", "name", "-o", "json");
    assertThat(rows(named)).containsExactly("c,delete,3");
    List<String> fields = new ArrayList<>();
    named.get(0).fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("name", "_change_type", "_commit_version", "_commit_timestamp");

    TestCli.Run limited = TestCli.run("changes", t, "--from", "1", "--columns", "id", "-n", "2", "-o", "csv");
    assertThat(limited.exitCode()).as(limited.toString()).isZero();
    assertThat(limited.out().lines().toList()).hasSize(3).first()
        .isEqualTo("id,_change_type,_commit_version,_commit_timestamp");
    assertThat(limited.err()).isEqualTo(
        "note: showing the first 2 rows; more exist (use --limit N, or --limit 0 for all)\n");
  }

  @Test
  void timestampsMeanTheFirstCommitAtOrAfterAndTheLastAtOrBefore() throws IOException {
    String t = withFeed(tmp);
    Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);
    for (long v = 0; v <= 3; v++) {
      Files.setLastModifiedTime(Path.of(t, "_delta_log", String.format("%020d.json", v)),
          FileTime.from(base.plus(v, ChronoUnit.MINUTES)));
    }
    DeltaLog.clearCache();
    String from = base.plus(90, ChronoUnit.SECONDS).toString();
    String to = base.plus(150, ChronoUnit.SECONDS).toString().replace("T", " ").replace("Z", "");
    JsonNode r = ok("changes", t, "--from", from, "--to", to, "--count", "-o", "json");
    assertThat(r.get("fromVersion").asLong()).isEqualTo(2);
    assertThat(r.get("toVersion").asLong()).isEqualTo(2);
    assertThat(r.get("count").asLong()).isEqualTo(2);
  }

  @Test
  void aRangeBeforeTheFeedWasEnabledNamesTheVersionFromWhichChangesExist() {
    String t = tmp.resolve("late").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT) USING delta");
    sql("INSERT INTO delta.`" + t + "` VALUES (1)");
    ok("properties", "set", t, "delta.enableChangeDataFeed=true", "-o", "json");
    sql("INSERT INTO delta.`" + t + "` VALUES (2)");
    Map<String, String> before = TestCli.fingerprint(Path.of(t));

    TestCli.Run early = TestCli.run("changes", t, "--from", "0");
    assertThat(early.exitCode()).as(early.toString()).isEqualTo(3);
    assertThat(early.out()).isEmpty();
    assertThat(early.err()).isEqualTo("error: " + t + " has no change data for versions 0 to 3:"
        + " delta.enableChangeDataFeed was not enabled then; changes exist from version 2\n");
    TestCli.Run beforeIt = TestCli.run("changes", t, "--from", "0", "--to", "1");
    assertThat(beforeIt.exitCode()).isEqualTo(3);
    assertThat(beforeIt.err()).isEqualTo("error: " + t + " has no change data for versions 0 to 1:"
        + " delta.enableChangeDataFeed was not enabled then; changes exist from version 2\n");

    JsonNode from2 = ok("changes", t, "--from", "2", "-o", "json");
    assertThat(from2.size()).isEqualTo(1);
    assertThat(from2.get(0).get("id").asLong()).isEqualTo(2);
    assertThat(from2.get(0).get("_change_type").asText()).isEqualTo("insert");
    assertThat(from2.get(0).get("_commit_version").asLong()).isEqualTo(3);
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);
  }

  @Test
  void aTableWithoutTheFeedSaysHowToEnableIt() {
    String t = tmp.resolve("plain").toString();
    sql("CREATE TABLE delta.`" + t + "` (id BIGINT) USING delta");
    sql("INSERT INTO delta.`" + t + "` VALUES (1)");
    TestCli.Run r = TestCli.run("changes", t, "--from", "0");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("error: " + t + " has no change data for versions 0 to 1:"
        + " delta.enableChangeDataFeed is not enabled; enable it with 'deltactl properties set " + t
        + " delta.enableChangeDataFeed=true' to record changes from then on\n");
  }

  @Test
  void versionsOutOfRangeAndBadValuesAreOneLine() {
    String t = withFeed(tmp);
    TestCli.Run past = TestCli.run("changes", t, "--from", "9");
    assertThat(past.exitCode()).isEqualTo(3);
    assertThat(past.err()).isEqualTo("error: version 9 of " + t + " does not exist: the latest version is 3\n");
    TestCli.Run pastTo = TestCli.run("changes", t, "--from", "1", "--to", "7");
    assertThat(pastTo.exitCode()).isEqualTo(3);
    assertThat(pastTo.err()).isEqualTo("error: version 7 of " + t + " does not exist: the latest version is 3\n");
    TestCli.Run reversed = TestCli.run("changes", t, "--from", "3", "--to", "1");
    assertThat(reversed.exitCode()).isEqualTo(2);
    assertThat(reversed.err()).isEqualTo("error: --from version 3 of " + t + " is after --to version 1\n");
    TestCli.Run bad = TestCli.run("changes", t, "--from", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: invalid --from 'yesterday': expected a version number, or 2026-11-20,"
        + " 2026-11-20T16:30:00 or 2026-11-20 16:30:00, in UTC unless an offset such as +01:00 or Z is given\n");
    TestCli.Run early = TestCli.run("changes", t, "--from", "2000-01-01");
    assertThat(early.exitCode()).isEqualTo(3);
    assertThat(early.err()).startsWith("error: no version of " + t + " at 2000-01-01T00:00:00Z: the valid range is ");
  }

  @Test
  void vacuumedChangeFilesAreNotFoundNamingTheOldestReadableVersion() {
    String t = withFeed(tmp);
    sql("INSERT INTO delta.`" + t + "` VALUES (4, 'd')");
    assertThat(TestCli.run("vacuum", t, "--retain", "0h", "--force", "-q").exitCode()).isZero();
    // the update's change files and the files of the insert it rewrote are gone; version 4's insert is there,
    // and vacuum's two commits (5, 6) changed no rows
    TestCli.Run r = TestCli.run("changes", t, "--from", "1");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: changes of " + t + " from version 1 to 6 are not readable: change data"
        + " files they need are gone (deleted by vacuum or otherwise); the oldest version from which changes can be"
        + " read is 4\n");
    assertThat(rows(ok("changes", t, "--from", "4", "-o", "json"))).containsExactly("4,d,insert,4");
  }

  @Test
  void aMetastoreTableIsReadByName() {
    String name = "changes_by_name";
    sql("DROP TABLE IF EXISTS " + name);
    try {
      sql("CREATE TABLE " + name + " (id BIGINT) USING delta TBLPROPERTIES (delta.enableChangeDataFeed = true)");
      sql("INSERT INTO " + name + " VALUES (7)");
      JsonNode r = ok("changes", name, "--from", "1", "-o", "json");
      assertThat(r.size()).isEqualTo(1);
      assertThat(r.get(0).get("id").asLong()).isEqualTo(7);
      assertThat(r.get(0).get("_change_type").asText()).isEqualTo("insert");
    } finally {
      sql("DROP TABLE IF EXISTS " + name);
    }
  }
}
