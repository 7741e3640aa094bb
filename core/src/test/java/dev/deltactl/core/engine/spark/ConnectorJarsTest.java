package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connectors' jars a cluster's executors get with the application, from the distribution's list. */
class ConnectorJarsTest {
  @TempDir Path dist;

  @Test
  void theListOfLibNamesTheJarsToShipAndNothingOutsideTheDistribution() throws Exception {
    Path lib = Files.createDirectories(dist.resolve("lib"));
    Files.createDirectories(lib.resolve("spark"));
    Files.writeString(lib.resolve(SparkSessionFactory.CONNECTOR_JARS), "lib/hadoop-aws-3.5.0.jar,lib/s3-2.35.4.jar\n");
    assertThat(SparkSessionFactory.connectorJars(lib.resolve("spark").toString())).containsExactly(
        lib.resolve("hadoop-aws-3.5.0.jar").toString(), lib.resolve("s3-2.35.4.jar").toString());
    assertThat(SparkSessionFactory.connectorJars(null)).isEmpty();
  }
}
