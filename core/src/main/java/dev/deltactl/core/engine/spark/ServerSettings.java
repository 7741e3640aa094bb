package dev.deltactl.core.engine.spark;

import java.util.Map;

/**
 * The settings of a Spark Connect server that serves deltactl's commands, the same ones deltactl's own
 * sessions have ({@link SparkSessionFactory#deltaAndStores}): {@code bin/deltactl-server connect} starts the
 * server with what {@link #main} prints, one {@code -Dkey=value} a line, so the script repeats none of them.
 */
public final class ServerSettings {
  private ServerSettings() {}

  /** Delta's extension and catalog, the S3 log store and the object-store defaults, as Spark settings. */
  public static Map<String, String> connect() {
    return SparkSessionFactory.deltaAndStores(false);
  }

  public static void main(String[] args) {
    connect().forEach((k, v) -> System.out.println("-D" + k + "=" + v));
  }
}
