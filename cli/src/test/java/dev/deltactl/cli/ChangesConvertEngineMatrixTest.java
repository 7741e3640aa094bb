package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** changes and convert end to end on each engine: embedded Spark, a standalone cluster, a Spark Connect server. */
@Tag(TestCli.MATRIX)
class ChangesConvertEngineMatrixTest {
  @TempDir Path tmp;

  @Test
  void changesAreTheExactChangeRowsAndARangeWithoutTheFeedIsRefused() {
    String t = ChangesCommandTest.withFeed(tmp);
    List<String> rows = ChangesCommandTest.rows(ChangesCommandTest.ok("changes", t, "--from", "2", "-o", "json"));
    assertThat(rows).containsExactly("2,b,update_preimage,2", "2,B,update_postimage,2", "3,c,delete,3");
    JsonNode count = ChangesCommandTest.ok("changes", t, "--from", "0", "--count", "-o", "json");
    assertThat(count.get("count").asLong()).isEqualTo(6);

    String plain = tmp.resolve("plain").toString();
    ChangesCommandTest.sql("CREATE TABLE delta.`" + plain + "` (id BIGINT) USING delta");
    TestCli.Run refused = TestCli.run("changes", plain, "--from", "0");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.err()).isEqualTo("error: " + plain + " has no change data for versions 0 to 0:"
        + " delta.enableChangeDataFeed is not enabled; enable it with 'deltactl properties set " + plain
        + " delta.enableChangeDataFeed=true' to record changes from then on\n");
  }

  @Test
  void convertTurnsPartitionFoldersIntoADeltaTableAndRefusesMixedFiles() throws Exception {
    Path p = ConvertCommandTest.parquet(tmp.resolve("part"), true);
    long[] files = ConvertCommandTest.parquetFiles(p);
    JsonNode done = ConvertCommandTest.ok("convert", p.toString(), "--format", "parquet", "--partitioned-by",
        "region STRING", "-o", "json");
    assertThat(done.get("status").asText()).isEqualTo("CONVERTED");
    assertThat(done.get("version").asLong()).isZero();
    assertThat(done.get("rows").asLong()).isEqualTo(10);
    assertThat(done.get("plan").get("files").asLong()).isEqualTo(files[0]);
    assertThat(done.get("plan").get("partitions").asLong()).isEqualTo(2);
    assertThat(ConvertCommandTest.ok("time-travel", "show", p.toString(), "--where", "region = 'eu'", "--count",
        "-o", "json").get("count").asLong()).isEqualTo(4);

    Path mixed = ConvertCommandTest.parquet(tmp.resolve("mixed"), false);
    Files.writeString(mixed.resolve("notes.txt"), "not data");
    Map<String, String> before = TestCli.fingerprint(mixed);
    TestCli.Run r = TestCli.run("convert", mixed.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: cannot convert " + mixed + ": it holds files that are not Parquet"
        + " (notes.txt); convert takes a folder of Parquet files only\n");
    assertThat(TestCli.fingerprint(mixed)).isEqualTo(before);
  }
}
