package dev.deltactl.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Real Spark servers for the engine suites, each started once per test JVM on 127.0.0.1 as processes of
 * their own and stopped when the JVM ends: a standalone cluster (one Master, one Worker) and a Spark Connect
 * server with Delta's extension. They run from the test class path, except that neither the cluster's
 * executors nor the Connect server see deltactl or the Connect client: the executors get Delta's jars only
 * the way a user's cluster would, from the application ({@code spark.jars}).
 */
public final class TestServers {
  private static final List<Process> PROCESSES = new ArrayList<>();
  private static String master;
  private static String connect;
  private static String connectWithoutDelta;
  private static Path dir;

  private TestServers() {}

  /** The JVM options the tests run with (Spark's --add-opens), for the servers. */
  private static List<String> jvmOptions() {
    List<String> out = new ArrayList<>();
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
        out.add(a);
      }
    }
    return out;
  }

  private static List<String> classPath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
  }

  private static String name(String path) {
    return Path.of(path).getFileName().toString();
  }

  private static synchronized Path dir() throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("deltactl-servers");
      Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll));
    }
    return dir;
  }

  /** A standalone cluster's master URL: spark://127.0.0.1:PORT, with one Worker of 2 cores registered. */
  public static synchronized String standalone() {
    if (master != null) {
      return master;
    }
    try {
      Path home = dir().resolve("spark-home");
      Path jars = Files.createDirectories(home.resolve("jars"));
      // what a Spark installation has in jars/: Spark and its dependencies, not Delta, not deltactl
      List<String> sparkJars = classPath().stream().filter(p -> p.endsWith(".jar"))
          .filter(p -> !name(p).contains("delta") && !name(p).contains("spark-connect")).toList();
      for (String j : sparkJars) {
        Path link = jars.resolve(Path.of(j).getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, Path.of(j));
        }
      }
      String cp = String.join(File.pathSeparator, sparkJars);
      Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
          "SPARK_LOCAL_IP", "127.0.0.1");
      int port = freePort();
      start("master", cp, env, List.of(), "org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
      awaitPort(port, 90);
      Path workerLog = start("worker", cp, env, List.of(), "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", "2", "--memory", "3g", "--webui-port", String.valueOf(freePort()),
          "--work-dir", dir().resolve("work").toString(), "spark://127.0.0.1:" + port);
      awaitLog(workerLog, l -> l.contains("Successfully registered with master"), 90);
      master = "spark://127.0.0.1:" + port;
      return master;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The warehouse folder of the Connect server, where its named tables go by default. */
  public static synchronized Path connectWarehouse() {
    connect();
    return dir.resolve("connect").resolve("warehouse");
  }

  /** A Spark Connect server's URL, sc://127.0.0.1:PORT, running Spark embedded with Delta's extension. */
  public static synchronized String connect() {
    if (connect == null) {
      connect = startConnect("connect", true);
    }
    return connect;
  }

  /** A Spark Connect server without Delta's extension and catalog (as started by someone who forgot them). */
  public static synchronized String connectWithoutDelta() {
    if (connectWithoutDelta == null) {
      connectWithoutDelta = startConnect("connect-plain", false);
    }
    return connectWithoutDelta;
  }

  private static Store s3;
  private static Store azure;
  private static final Map<String, RequestLog> REQUESTS = new java.util.HashMap<>();

  /** The requests a store's server received, from its log. */
  public static synchronized RequestLog requests(Store store) {
    return REQUESTS.get(store.name());
  }

  /**
   * An S3 API server on 127.0.0.1 (S3Proxy with its file system backend; it checks request signatures and
   * honours {@code If-None-Match}), run from its own class path ({@code s3proxy.classpath}, written by the
   * test-servers module), with one bucket; and the settings deltactl needs to reach it.
   */
  public static synchronized Store s3() {
    if (s3 == null) {
      try {
        String cp = Files.readString(Path.of(System.getProperty("s3proxy.classpath"))).trim();
        Path data = Files.createDirectories(dir().resolve("s3-data"));
        Files.createDirectories(data.resolve(Store.BUCKET));
        Files.createDirectories(data.resolve(Store.OTHER_BUCKET));
        int port = freePort();
        Path props = dir().resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + Store.S3_KEY,
            "s3proxy.credential=" + Store.S3_SECRET,
            "jclouds.provider=filesystem-nio2",
            "jclouds.filesystem.basedir=" + data) + "\n");
        Path logback = dir().resolve("s3proxy-logback.xml");
        try (java.io.InputStream in = TestServers.class.getResourceAsStream("/s3proxy-logback.xml")) {
          Files.copy(in, logback, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = start("s3proxy", cp, Map.of(), List.of("-Dlogback.configurationFile=" + logback),
            "org.gaul.s3proxy.Main", "--properties", props.toString());
        awaitPort(port, 60);
        s3 = Store.s3(port, data);
        REQUESTS.put(s3.name(), RequestLog.s3proxy(log, port));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return s3;
  }

  /**
   * Azure's storage emulator (Azurite, its Blob service) on 127.0.0.1, installed from npm ({@code azurite.bin}
   * names its {@code azurite-blob}, else it is looked up on the PATH), with its well-known development account;
   * and the settings deltactl needs to reach it with ABFS.
   */
  public static synchronized Store azure() {
    if (azure == null) {
      try {
        String bin = System.getProperty("azurite.bin", "");
        if (!bin.isBlank() && !Files.isExecutable(Path.of(bin))) {
          installAzurite(Path.of(bin));
        }
        if (bin.isBlank()) {
          bin = "azurite-blob";
        }
        Path data = Files.createDirectories(dir().resolve("azure-data"));
        int port = freePort();
        List<String> cmd = List.of(bin, "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
            "--location", data.toString(), "--skipApiVersionCheck", "--loose");
        // its access log, a line per request, is what RequestLog counts
        Path log = dir().resolve("azurite.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        try {
          PROCESSES.add(pb.start());
        } catch (IOException e) {
          throw new IllegalStateException("Azurite is not installed (npm install azurite; -Dazurite.bin=PATH"
              + " names its azurite-blob): " + e.getMessage(), e);
        }
        awaitPort(port, 60);
        azure = Store.azure(port);
        REQUESTS.put(azure.name(), RequestLog.azurite(log, port));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return azure;
  }

  /** The Azurite version the tests install with npm when {@code azurite.bin} names none yet. */
  static final String AZURITE = "azurite@3.37.0";

  /** Installs Azurite with npm so that {@code bin} (PREFIX/node_modules/.bin/azurite-blob) exists. */
  private static void installAzurite(Path bin) throws IOException {
    Path prefix = bin.getParent().getParent().getParent();
    Files.createDirectories(prefix);
    Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix.toString(), AZURITE)
        .redirectErrorStream(true).redirectOutput(dir().resolve("npm.log").toFile()).start();
    try {
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isExecutable(bin)) {
        throw new IllegalStateException("could not install " + AZURITE + " with npm into " + prefix + "; see "
            + dir().resolve("npm.log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String startConnect(String name, boolean delta) {
    try {
      String server = System.getProperty("spark.connect.server.jar");
      if (server == null || !Files.exists(Path.of(server))) {
        throw new IllegalStateException("spark.connect.server.jar does not name the Spark Connect server jar: "
            + server);
      }
      List<String> cp = new ArrayList<>(classPath().stream()
          .filter(p -> p.endsWith(".jar") && !name(p).contains("spark-connect-client")
              && !name(p).contains("deltactl"))
          .toList());
      cp.add(server);
      // deltactl's S3 log store, as bin/deltactl-server connect serves it
      cp.add(codeOf(dev.deltactl.core.engine.spark.S3ConditionalLogStore.class));
      int port = freePort();
      Path work = dir().resolve(name);
      List<String> props = new ArrayList<>(List.of(
          "-Dspark.master=local[2]",
          "-Dspark.app.name=deltactl-test-connect",
          "-Dspark.connect.grpc.binding.address=127.0.0.1",
          "-Dspark.connect.grpc.binding.port=" + port,
          "-Dspark.sql.session.timeZone=UTC",
          "-Dspark.sql.shuffle.partitions=4",
          "-Dspark.default.parallelism=4",
          "-Dspark.sql.sources.parallelPartitionDiscovery.parallelism=4",
          "-Dspark.sql.adaptive.enabled=true",
          "-Dspark.ui.enabled=false",
          "-Dspark.sql.warehouse.dir=" + work.resolve("warehouse").toUri(),
          "-Dspark.databricks.delta.snapshotPartitions=2",
          "-Dspark.databricks.delta.setTransactionsInCrc.maxAllowed=10000",
          "-Dderby.system.home=" + work,
          "-Xmx3g"));
      // as the tests' embedded session: no whole-stage code generation (TestCli.INTERPRETED)
      TestCli.INTERPRETED.forEach((k, v) -> props.add("-D" + k + "=" + v));
      // Delta's extension and catalog, the S3 log store and the store defaults, as bin/deltactl-server has them
      dev.deltactl.core.engine.spark.ServerSettings.connect().forEach((k, v) -> props.add("-D" + k + "=" + v));
      if (!delta) {
        props.removeIf(p -> p.startsWith("-Dspark.sql.extensions") || p.startsWith("-Dspark.sql.catalog"));
        props.add("-Xmx1g");
      }
      Path log = start(name, String.join(File.pathSeparator, cp),
          Map.of("SPARK_LOCAL_IP", "127.0.0.1"), props,
          "org.apache.spark.sql.connect.service.SparkConnectServer");
      awaitPort(port, 120);
      return "sc://127.0.0.1:" + port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String codeOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path start(String name, String cp, Map<String, String> env, List<String> props, String main,
      String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(jvmOptions());
    cmd.addAll(props);
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(main);
    cmd.addAll(List.of(args));
    Path log = dir().resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    // the servers log through log4j2 to their own files, at INFO
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    PROCESSES.add(pb.start());
    return log;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        sleep();
      }
      failIfDead();
    }
    throw new IllegalStateException("no server on 127.0.0.1:" + port + " after " + seconds + " s; logs in " + dir);
  }

  private static void awaitLog(Path log, Predicate<String> line, int seconds) throws IOException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(line)) {
        return;
      }
      failIfDead();
      sleep();
    }
    throw new IllegalStateException("the server did not get ready in " + seconds + " s: " + log);
  }

  private static void failIfDead() {
    for (Process p : PROCESSES) {
      if (!p.isAlive()) {
        throw new IllegalStateException("a test server ended with exit " + p.exitValue() + "; logs in " + dir);
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void stopAll() {
    for (Process p : PROCESSES) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
