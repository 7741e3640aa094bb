package dev.deltactl.core.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach and configure an engine.
 *
 * @param master Spark master URL ({@code local[*]} runs Spark embedded in this process), or a Spark Connect
 *     URL ({@code sc://host:port})
 * @param conf user settings, in the order given: Spark keys ({@code spark.*}), Hadoop keys (anything else,
 *     passed as {@code spark.hadoop.*}) and deltactl's own ({@code deltactl.*})
 * @param dataDir where deltactl keeps its metastore and warehouse
 * @param invocation what runs, for messages to other processes ({@code deltactl describe}); never arguments
 */
public record EngineConfig(String master, Map<String, String> conf, Path dataDir, String invocation) {

  /** Our own setting: how long to wait for the embedded metastore held by another process. */
  public static final String METASTORE_WAIT = "deltactl.metastore.wait";

  /** Our own setting: how long to wait for a remote master or Spark Connect server to answer. */
  public static final String CONNECT_TIMEOUT = "deltactl.connect.timeout";

  public static final String DEFAULT_MASTER = "local[*]";

  public EngineConfig {
    master = master == null || master.isBlank() ? DEFAULT_MASTER : master;
    conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf == null ? Map.of() : conf));
    dataDir = Objects.requireNonNullElseGet(dataDir, EngineConfig::defaultDataDir);
    invocation = invocation == null ? "deltactl" : invocation;
  }

  public static EngineConfig local() {
    return new EngineConfig(DEFAULT_MASTER, Map.of(), null, null);
  }

  public Duration metastoreWait() {
    String v = conf.get(METASTORE_WAIT);
    return v == null ? Duration.ofSeconds(60) : Durations.parse(v, METASTORE_WAIT);
  }

  /** How long to wait for a remote master or Connect server to accept a connection (default 5 s). */
  public Duration connectTimeout() {
    String v = conf.get(CONNECT_TIMEOUT);
    return v == null ? Duration.ofSeconds(5) : Durations.parse(v, CONNECT_TIMEOUT);
  }

  /**
   * The data folder: the {@code deltactl.home} system property, else {@code $DELTACTL_HOME}, else
   * {@code $XDG_DATA_HOME/deltactl}, else {@code ~/.local/share/deltactl}.
   */
  public static Path defaultDataDir() {
    String prop = System.getProperty("deltactl.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath();
    }
    String env = System.getenv("DELTACTL_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "deltactl").toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "deltactl");
  }
}
