package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fsck on the suite's engine (embedded Spark, a standalone cluster, a Spark Connect server): the table is written
 * by that engine, a data file deleted by hand; a dry run finds it and changes nothing, the repair's one commit
 * makes the table read again with the rows of the remaining files (fsck itself reads and commits with Delta
 * Kernel on every engine).
 */
@Tag(TestCli.MATRIX)
class FsckEngineMatrixTest {
  @TempDir Path tmp;

  @Test
  void aDeletedDataFileIsFoundThenRepaired() throws Exception {
    Path table = tmp.resolve("sales");
    String t = table.toString();
    TestCli.Run w = TestCli.run("sql", "CREATE TABLE delta.`" + t + "` USING delta PARTITIONED BY (region) AS SELECT"
        + " /*+ REPARTITION(1) */ * FROM VALUES (1L, 'eu'), (2L, 'eu'), (3L, 'us') AS v(id, region)", "-q");
    assertThat(w.exitCode()).as(w.toString()).isZero();
    Path eu;
    try (Stream<Path> s = Files.list(table.resolve("region=eu"))) {
      eu = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.delete(eu);
    TestCli.Run before = TestCli.run("time-travel", "show", t, "--count");
    assertThat(before.exitCode()).as(before.toString()).isNotZero();

    var print = TestCli.fingerprint(table);
    TestCli.Run dry = TestCli.run("fsck", t, "-o", "json");
    assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(6);
    JsonNode found = Json.parse(dry.out());
    assertThat(found.get("problems").get(0).get("path").asText()).isEqualTo("region=eu/" + eu.getFileName());
    assertThat(found.get("totals").get("rows").asLong()).isEqualTo(2);
    assertThat(TestCli.fingerprint(table)).isEqualTo(print);

    TestCli.Run repair = TestCli.run("fsck", t, "--repair", "-o", "json");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(Json.parse(repair.out()).get("committedVersion").asLong()).isEqualTo(1);
    TestCli.Run after = TestCli.run("time-travel", "show", t, "--count", "-o", "json");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(Json.parse(after.out()).get("count").asLong()).isEqualTo(1);
  }
}
