package dev.deltactl.cli;

import static dev.deltactl.cli.ClusteringCommandTest.ROWS;
import static dev.deltactl.cli.ClusteringCommandTest.bytes;
import static dev.deltactl.cli.ClusteringCommandTest.dataFiles;
import static dev.deltactl.cli.ClusteringCommandTest.ok;
import static dev.deltactl.cli.ClusteringCommandTest.refused;
import static dev.deltactl.cli.ClusteringCommandTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liquid clustering end to end on the suite's engine: embedded, a standalone cluster, Spark Connect. */
@Tag(TestCli.MATRIX)
class ClusteringEngineMatrixTest {
  @TempDir Path tmp;

  @Test
  void createClusteredOptimizeChangeTheColumnsAndRecluster() throws IOException {
    String t = ClusteringCommandTest.clustered(tmp.resolve("t"), 2);
    assertThat(dataFiles(t)).hasSize(2);
    long bytes = bytes(t);

    JsonNode plan = ok("optimize", t, "--dry-run", "-o", "json").get("plan");
    assertThat(plan.get("clusteringColumns").toString()).isEqualTo("[\"id\",\"day\"]");
    assertThat(plan.get("candidateFiles").asLong()).isEqualTo(2);
    assertThat(plan.get("fullRewriteBytes").asLong()).isEqualTo(bytes);
    JsonNode done = ok("optimize", t, "-o", "json");
    assertThat(done.get("status").asText()).isEqualTo("OPTIMIZED");
    assertThat(done.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(2);
    assertThat(done.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(dataFiles(t)).hasSize(1);
    assertThat(rows(t)).isEqualTo(ROWS);

    refused(Path.of(t), 2, "cannot Z-order " + t + ": it is clustered by id, day (liquid clustering); change its"
        + " clustering columns with 'cluster-by " + t + " --by COL,...' and run optimize to cluster it",
        "zorder", t, "--by", "name");

    assertThat(ok("cluster-by", t, "--by", "name", "-o", "json").get("version").asLong()).isEqualTo(4);
    assertThat(ok("describe", t, "-o", "json").get("clusteringColumns").toString()).isEqualTo("[\"name\"]");
    assertThat(ok("optimize", t, "-o", "json").get("status").asText()).isEqualTo("NOTHING_TO_DO");
    JsonNode full = ok("optimize", t, "--full", "-o", "json");
    assertThat(full.get("plan").get("candidateFiles").asLong()).isEqualTo(1);
    assertThat(full.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(1);
    assertThat(rows(t)).isEqualTo(ROWS);
  }
}
