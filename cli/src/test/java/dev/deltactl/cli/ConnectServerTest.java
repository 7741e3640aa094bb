package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a Spark Connect server shows: a server without Delta, and the operations Connect cannot run. */
class ConnectServerTest {
  @TempDir Path tmp;

  @Test
  void aServerWithoutDeltaGetsTheSettingsItNeedsNamed() {
    String url = TestServers.connectWithoutDelta();
    TestCli.Run r = TestCli.run("--remote", url, "optimize", tmp.resolve("t").toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: the Spark Connect server " + url + " runs without Delta Lake: start it"
        + " with --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf"
        + " spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog and Delta's jars"
        + " (--packages io.delta:delta-spark_2.13:<version>); these are server settings, a client cannot set them\n");
  }

  @Test
  void copyIntoAndBloomIndexSayWhyTheyNeedAMaster() {
    String t = tmp.resolve("t").toString();
    TestCli.Run c = TestCli.run("create", t, "--schema", "id BIGINT");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    TestCli.Run r = TestCli.run("copy-into", t, "--from", tmp.toString(), "--format", "csv");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: copy-into does not run over Spark Connect yet:")
        .endsWith("run it with --master (a cluster master, or embedded)\n");
    r = TestCli.run("bloom-index", "create", t, "--column", "id");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: bloom-index does not run over Spark Connect yet:");
    assertThat(TestCli.run("describe", t, "-o", "json").out()).contains("\"version\":0");
  }
}
