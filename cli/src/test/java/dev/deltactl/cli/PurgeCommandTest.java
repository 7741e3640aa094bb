package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** purge on tables the tests write: the plan, the rewrite, and the deleted rows gone from the data files. */
class PurgeCommandTest {
  @TempDir Path tmp;

  private static JsonNode ok(TestCli.Run r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.parse(r.out());
  }

  private static List<String> lines(TestCli.Run r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().lines().skip(1).toList();
  }

  @Test
  void purgeRewritesTheFilesWithDeletionVectorsAndTheDeletedRowsAreGone() {
    String t = tmp.resolve("t").toString();
    ok(TestCli.run("create", t, "--as-select", "SELECT id FROM range(0, 10, 1, 2)", "--property",
        "delta.enableDeletionVectors=true", "-o", "json"));
    assertThat(TestCli.run("sql", "DELETE FROM delta.`" + t + "` WHERE id IN (1, 2, 6)", "-q").exitCode()).isZero();
    JsonNode files = ok(TestCli.onKernelOnly("files", t, "-o", "json"));
    List<String> dvFiles = new ArrayList<>();
    long bytes = 0;
    for (JsonNode f : files.get("files")) {
      assertThat(f.get("deletionVector").asBoolean()).isTrue();
      dvFiles.add(f.get("path").asText());
      bytes += f.get("size").asLong();
    }
    assertThat(dvFiles).hasSize(2);
    Map<String, String> before = TestCli.fingerprint(Path.of(t));

    JsonNode plan = ok(TestCli.onKernelOnly("purge", t, "--dry-run", "-o", "json"));
    assertThat(plan.get("result").asText()).isEqualTo("dry-run");
    assertThat(plan.get("readVersion").asLong()).isEqualTo(1);
    assertThat(plan.get("version").asLong()).isEqualTo(1);
    assertThat(plan.get("numFiles").asInt()).isEqualTo(2);
    assertThat(plan.get("deletedRows").asLong()).isEqualTo(3);
    assertThat(plan.get("bytes").asLong()).isEqualTo(bytes);
    assertThat(plan.get("files").findValuesAsText("path")).isEqualTo(dvFiles);
    assertThat(plan.get("files").findValuesAsText("deletedRows")).containsExactly("2", "1");
    assertThat(plan.get("files").findValuesAsText("numRecords")).containsExactly("5", "5");
    assertThat(plan.get("numFilesRemoved").asLong()).isZero();
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);

    JsonNode done = ok(TestCli.run("purge", t, "-o", "json"));
    assertThat(done.get("result").asText()).isEqualTo("purged");
    assertThat(done.get("readVersion").asLong()).isEqualTo(1);
    assertThat(done.get("version").asLong()).isEqualTo(2);
    assertThat(done.get("files").findValuesAsText("path")).isEqualTo(dvFiles);
    assertThat(done.get("deletedRows").asLong()).isEqualTo(3);
    assertThat(done.get("numFilesRemoved").asLong()).isEqualTo(2);
    assertThat(done.get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(done.get("numDeletionVectorsRemoved").asLong()).isEqualTo(2);

    JsonNode after = ok(TestCli.onKernelOnly("files", t, "-o", "json"));
    assertThat(after.get("version").asLong()).isEqualTo(2);
    assertThat(after.get("files")).hasSize(1);
    JsonNode file = after.get("files").get(0);
    assertThat(file.get("deletionVector").asBoolean()).isFalse();
    assertThat(file.get("numRecords").asLong()).isEqualTo(7);
    assertThat(dvFiles).doesNotContain(file.get("path").asText());
    // the rows through Delta, and the new data file read as plain Parquet: the deleted values are not in it
    assertThat(lines(TestCli.run("sql", "SELECT id FROM delta.`" + t + "` ORDER BY id", "-o", "csv")))
        .containsExactly("0", "3", "4", "5", "7", "8", "9");
    assertThat(lines(TestCli.run("sql", "SELECT id FROM parquet.`" + t + "/" + file.get("path").asText()
        + "` ORDER BY id", "-o", "csv"))).containsExactly("0", "3", "4", "5", "7", "8", "9");
    // the history says what Delta did
    JsonNode history = ok(TestCli.run("history", t, "--limit", "1", "-o", "json")).get(0);
    assertThat(history.get("operation").asText()).isEqualTo("REORG");
    assertThat(history.get("operationParameters").get("applyPurge").asText()).isEqualTo("true");

    // nothing left to purge: no commit
    Map<String, String> purged = TestCli.fingerprint(Path.of(t));
    JsonNode again = ok(TestCli.onKernelOnly("purge", t, "-o", "json"));
    assertThat(again.get("result").asText()).isEqualTo("nothing-to-purge");
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(purged);
  }

  @Test
  void aTableWithoutDeletionVectorsGetsNoCommit() {
    String t = tmp.resolve("plain").toString();
    ok(TestCli.run("create", t, "--as-select", "SELECT id FROM range(0, 10, 1, 2)", "-o", "json"));
    assertThat(TestCli.run("sql", "DELETE FROM delta.`" + t + "` WHERE id = 1", "-q").exitCode()).isZero();
    Map<String, String> before = TestCli.fingerprint(Path.of(t));
    TestCli.Run r = TestCli.onKernelOnly("purge", t, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().replaceAll("\"elapsedMillis\":\\d+", "\"elapsedMillis\":0")).isEqualTo("{\"result\":"
        + "\"nothing-to-purge\",\"table\":\"" + t + "\",\"readVersion\":1,\"version\":1,\"numFiles\":0,"
        + "\"deletedRows\":0,\"bytes\":0,\"files\":[],\"numFilesRemoved\":0,\"numFilesAdded\":0,"
        + "\"numDeletionVectorsRemoved\":0,\"elapsedMillis\":0}\n");
    TestCli.Run table = TestCli.onKernelOnly("purge", t, "--dry-run");
    assertThat(table.out()).startsWith("result        nothing to purge: no file carries a deletion vector\n");
    assertThat(TestCli.fingerprint(Path.of(t))).isEqualTo(before);
  }
}
