package dev.deltactl.core.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.engine.localfs.LocalLogStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which log store lists a local log: ours in this process, Delta's own on a cluster or when the user says so. */
class LogStoreSettingsTest {
  private static final String SPARK_KEY = "spark.delta.logStore.file.impl";
  private static final String KERNEL_KEY = "io.delta.kernel.logStore.file.impl";
  private static final String DELTAS_OWN = "io.delta.storage.HDFSLogStore";

  private static EngineConfig config(String master, Map<String, String> conf) {
    return new EngineConfig(master, conf, Path.of("data"), "tests");
  }

  @Test
  void embeddedSessionsAndKernelListWithOurs() {
    assertEquals(SparkLocalLogStore.class.getName(),
        SparkSessionFactory.settings(config("local[*]", Map.of()), false).get(SPARK_KEY));
    assertEquals(LocalLogStore.class.getName(), KernelEngine.hadoopConf(Map.of()).get(KERNEL_KEY));
  }

  @Test
  void aClusterSessionKeepsDeltasOwn() {
    // its executors do not have our classes
    assertNull(SparkSessionFactory.settings(config("spark://host:7077", Map.of()), false).get(SPARK_KEY));
    assertNull(ServerSettings.connect().get(SPARK_KEY));
  }

  @Test
  void theUsersSettingWins() {
    assertEquals(DELTAS_OWN,
        SparkSessionFactory.settings(config("local[*]", Map.of(SPARK_KEY, DELTAS_OWN)), false).get(SPARK_KEY));
    assertEquals(DELTAS_OWN, KernelEngine.hadoopConf(Map.of(KERNEL_KEY, DELTAS_OWN)).get(KERNEL_KEY));
  }
}
