package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.Secrets;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.engine.Engines;
import dev.deltactl.core.engine.ObjectStores;
import dev.deltactl.core.engine.Routing;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the Spark session: Delta's extension and catalog, defaults sized to this machine, the metastore
 * (embedded Derby under the data folder, or the service named by {@code hive.metastore.uris}) only when a
 * command needs table names, and the user's {@code --conf} over all of it.
 */
final class SparkSessionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessionFactory.class);
  static final String HADOOP_PREFIX = "spark.hadoop.";

  private SparkSessionFactory() {}

  /**
   * What every Spark session deltactl opens or serves has ({@code bin/deltactl-server connect} reads them from
   * {@link ServerSettings}): Delta's extension and catalog, {@code s3://} and {@code s3n://} through S3A, the
   * store clients' bounded retries and timeouts ({@link ObjectStores#hadoopDefaults}), and commits on S3 with
   * conditional writes, safe with several writing processes (Delta's default S3 log store is safe within one
   * process only), and, embedded, local logs listed from the version asked for ({@link SparkLocalLogStore}). The user's
   * settings come after these and win.
   */
  static Map<String, String> deltaAndStores(boolean embedded) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    s.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    ObjectStores.hadoopDefaults(embedded).forEach((k, v) -> s.put(HADOOP_PREFIX + k, v));
    for (String scheme : List.of("s3a", "s3", "s3n")) {
      s.put("spark.delta.logStore." + scheme + ".impl", S3ConditionalLogStore.class.getName());
    }
    if (embedded) { // as the local file system's classes: executors elsewhere do not have this class
      s.put("spark.delta.logStore.file.impl", SparkLocalLogStore.class.getName());
    }
    return s;
  }

  /** The Spark settings for a session: defaults first, then the user's settings. */
  static Map<String, String> settings(EngineConfig config, boolean catalog) {
    int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
    Map<String, String> s = new LinkedHashMap<>();
    s.put("spark.app.name", "deltactl");
    s.put("spark.ui.enabled", "false");
    s.put("spark.ui.showConsoleProgress", "false");
    s.put("spark.sql.session.timeZone", "UTC");
    s.put("spark.sql.datetime.java8API.enabled", "true");
    // Spark's defaults are sized for clusters; on a laptop or CI runner they turn small jobs into
    // hundreds or thousands of tasks (VACUUM listing, snapshot state reconstruction, shuffles).
    s.put("spark.sql.shuffle.partitions", String.valueOf(cores * 2));
    s.put("spark.default.parallelism", String.valueOf(cores * 2));
    s.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", String.valueOf(cores * 2));
    s.put(DeltaFacts.SNAPSHOT_PARTITIONS, String.valueOf(cores));
    s.put("spark.sql.adaptive.enabled", "true");
    // copy-into records each loaded file as an application transaction; Delta keeps them in the checksum
    // file only up to 100 (then a run must reconstruct the snapshot's state, seconds of Spark jobs)
    s.put("spark.databricks.delta.setTransactionsInCrc.maxAllowed", "10000");
    // Spark's own listings (its UI, event logs, plans) mask what deltactl masks
    s.put("spark.redaction.regex", Secrets.SPARK_REDACTION_REGEX);
    s.put("spark.redaction.string.regex", Secrets.SPARK_STRING_REDACTION_REGEX);
    Path dataDir = config.dataDir();
    s.put("spark.sql.warehouse.dir", dataDir.resolve("warehouse").toUri().toString());
    if (catalog) {
      s.put("spark.sql.catalogImplementation", "hive");
      s.put(HADOOP_PREFIX + "javax.jdo.option.ConnectionURL",
          "jdbc:derby:;databaseName=" + dataDir.resolve("metastore_db") + ";create=true");
      // keep Hive's scratch and session folders under the data folder instead of littering /tmp
      Path tmp = dataDir.resolve("tmp");
      s.put(HADOOP_PREFIX + "hive.exec.scratchdir", tmp.resolve("hive-scratch").toString());
      s.put(HADOOP_PREFIX + "hive.exec.local.scratchdir", tmp.resolve("hive-local").toString());
      s.put(HADOOP_PREFIX + "hive.downloaded.resources.dir", tmp.resolve("hive-resources").toString());
    } else {
      s.put("spark.sql.catalogImplementation", "in-memory");
    }
    // local files without a chmod or readlink process per file written (executors of a cluster do not have
    // those classes, so only an embedded session uses them)
    boolean embedded = Routing.EngineKind.of(config.master()) == Routing.EngineKind.EMBEDDED;
    s.putAll(deltaAndStores(embedded));
    config.conf().forEach((k, v) -> {
      if (!k.startsWith("deltactl.")) {
        s.put(k.startsWith("spark.") ? k : HADOOP_PREFIX + k, v);
      }
    });
    if (!embedded) {
      // executors of a cluster run Delta's code (its expressions, its writers) and read and write the tables'
      // files: ship Delta's jars and the object-store connectors with the application, after whatever the
      // user ships
      List<String> shipped = new ArrayList<>(deltaJars());
      shipped.addAll(connectorJars(System.getProperty(Engines.SPARK_LIB)));
      String jars = String.join(",", shipped);
      String user = s.get("spark.jars");
      s.put("spark.jars", user == null || user.isBlank() ? jars : user + "," + jars);
    }
    return s;
  }

  /** The jars of Delta's Spark code and its storage layer, as this process loaded them. */
  static List<String> deltaJars() {
    List<String> out = new ArrayList<>();
    for (Class<?> c : List.of(io.delta.sql.DeltaSparkSessionExtension.class, io.delta.storage.LogStore.class)) {
      var source = c.getProtectionDomain().getCodeSource();
      if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
        throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot find the jar of " + c.getName()
            + " to ship to the cluster's executors; set spark.jars yourself");
      }
      try {
        out.add(Path.of(source.getLocation().toURI()).toString());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** The distribution's list of the connectors' jars, in lib/, comma-separated, each as {@code lib/NAME}. */
  static final String CONNECTOR_JARS = "connector-jars.txt";

  /**
   * The jars of lib/ the object-store connectors add to what a Spark installation has (hadoop-aws, the AWS
   * SDK's modules, hadoop-azure, hadoop-gcp, ...), as the build listed them: what a cluster's executors need to
   * open s3a, abfs[s] and gs paths. None outside the distribution ({@code sparkLib}, the lib/spark folder of
   * {@link Engines#SPARK_LIB}, null).
   */
  static List<String> connectorJars(String sparkLib) {
    if (sparkLib == null) {
      return List.of();
    }
    Path lib = Path.of(sparkLib).getParent();
    Path list = lib.resolve(CONNECTOR_JARS);
    try {
      List<String> out = new ArrayList<>();
      for (String entry : java.nio.file.Files.readString(list).strip().split(",")) {
        if (!entry.isBlank()) {
          out.add(lib.resolveSibling(entry.strip()).toString());
        }
      }
      return out;
    } catch (java.io.IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot read " + list + " (the object-store"
          + " connectors' jars to ship to the cluster's executors): " + e.getMessage() + "; reinstall deltactl", e);
    }
  }

  /** True when the settings use an embedded Derby metastore, which admits one process at a time. */
  static boolean usesEmbeddedMetastore(Map<String, String> settings) {
    if (!"hive".equals(settings.get("spark.sql.catalogImplementation"))) {
      return false;
    }
    String uris = settings.get(HADOOP_PREFIX + "hive.metastore.uris");
    if (uris != null && !uris.isBlank()) {
      return false;
    }
    String url = settings.getOrDefault(HADOOP_PREFIX + "javax.jdo.option.ConnectionURL", "");
    return url.startsWith("jdbc:derby:") && !url.startsWith("jdbc:derby://");
  }

  static SparkSession open(EngineConfig config, Map<String, String> settings) {
    if (System.getProperty("derby.stream.error.file") == null) {
      System.setProperty("derby.stream.error.file", config.dataDir().resolve("derby.log").toString());
    }
    if (LOG.isInfoEnabled()) {
      StringBuilder b = new StringBuilder("starting Spark session on " + Secrets.redactUrls(config.master()));
      settings.forEach((k, v) -> b.append("\n  ").append(k).append('=').append(Secrets.display(k, v)));
      LOG.info(b.toString());
    }
    SparkSession.Builder builder = SparkSession.builder().master(config.master());
    settings.forEach(builder::config);
    if ("hive".equals(settings.get("spark.sql.catalogImplementation"))) {
      builder.enableHiveSupport();
    }
    long t0 = System.nanoTime();
    SparkSession spark = builder.getOrCreate();
    LOG.info("Spark {} session ready in {} ms", spark.version(), (System.nanoTime() - t0) / 1_000_000);
    return spark;
  }
}
