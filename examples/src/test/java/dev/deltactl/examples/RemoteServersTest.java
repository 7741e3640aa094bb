package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's lines for trying the remote engines, run as written: servers started with
 * {@code bin/deltactl-server} from the distribution, commands run with {@code bin/deltactl --master} and
 * {@code --remote}.
 */
class RemoteServersTest {
  private static final Path SERVER = Launcher.LAUNCHER.getParent().resolve("deltactl-server");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private final List<Process> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Process p : servers) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private Path server(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SERVER.toString()));
    command.addAll(List.of(args));
    Path log = tmp.resolve(args[0] + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("DELTACTL_SERVER_HOME", tmp.resolve("server").toString(),
        "DELTACTL_SERVER_OPTS", "-Xmx1g", "DELTACTL_SERVER_UI_PORT", "0", "SPARK_LOCAL_IP", "127.0.0.1"));
    servers.add(pb.start());
    return log;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void await(String what, Path log, int port, String line) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean listening = false;
      if (port > 0) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 500);
          listening = true;
        } catch (IOException e) {
          listening = false;
        }
      }
      if ((port <= 0 || listening) && (line == null || Files.readString(log).contains(line))) {
        return;
      }
      for (Process p : servers) {
        assertThat(p.isAlive()).as(what + " ended:\n" + Files.readString(log)).isTrue();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " not ready in 120 s:\n" + Files.readString(log));
  }

  private JsonNode ok(Path home, String... args) throws Exception {
    Launcher.Result r = Launcher.deltactl(home, args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().isBlank() ? null : JSON.readTree(r.out());
  }

  @Test
  void aStandaloneClusterStartedFromTheDistributionRunsTheCommands() throws Exception {
    int port = freePort();
    String master = "spark://127.0.0.1:" + port;
    await("the master", server("master", String.valueOf(port)), port, null);
    await("the worker", server("worker", master), -1, "Successfully registered with master");
    Path home = tmp.resolve("home");
    String t = tmp.resolve("t").toString();
    ok(home, "--master", master, "create", t, "-o", "json", "--as-select",
        "SELECT /*+ REPARTITION(4) */ id, id % 3 AS k FROM range(1000)");
    JsonNode r = ok(home, "--master", master, "zorder", t, "--by", "id", "-o", "json");
    assertThat(r.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(4);
    assertThat(r.get("metrics").get("numFilesAdded").asLong()).isEqualTo(1);
    assertThat(ok(home, "--master", master, "sql", "SELECT count(*) AS n, sum(id) AS s FROM delta.`" + t + "`",
        "-o", "json").get(0).toString()).isEqualTo("{\"n\":1000,\"s\":499500}");
    // the work ran on the cluster's executor, which got Delta's jars from the application
    try (Stream<Path> files = Files.walk(tmp.resolve("server").resolve("work"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("delta-spark_2.13-4.4.0.jar");
    }
  }

  @Test
  void aConnectServerStartedFromTheDistributionRunsTheCommands() throws Exception {
    int port = freePort();
    await("the Connect server", server("connect", String.valueOf(port)), port, null);
    Path home = tmp.resolve("home");
    String remote = "sc://127.0.0.1:" + port;
    String t = tmp.resolve("t").toString();
    ok(home, "--remote", remote, "create", t, "-o", "json", "--as-select",
        "SELECT /*+ REPARTITION(4) */ id, id % 3 AS k FROM range(1000)");
    JsonNode r = ok(home, "--remote", remote, "optimize", t, "-o", "json");
    assertThat(r.get("version").asLong()).isEqualTo(1);
    assertThat(r.get("metrics").get("numFilesRemoved").asLong()).isEqualTo(4);
    assertThat(ok(home, "--remote", remote, "history", t, "-n", "1", "-o", "json").get(0).get("operation").asText())
        .isEqualTo("OPTIMIZE");
    assertThat(ok(home, "--remote", remote, "sql", "SELECT count(*) AS n FROM delta.`" + t + "`", "-o", "json")
        .get(0).toString()).isEqualTo("{\"n\":1000}");
    // it serves tables on object stores: the connectors and deltactl's S3 log store, Delta's for s3a
    String store = "dev.deltactl.core.engine.spark.S3ConditionalLogStore";
    JsonNode classes = ok(home, "--remote", remote, "sql", "SELECT"
        + " reflect('java.lang.Class', 'forName', 'org.apache.hadoop.fs.s3a.S3AFileSystem') AS s3,"
        + " reflect('java.lang.Class', 'forName', 'org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem') AS abfs,"
        + " reflect('java.lang.Class', 'forName', '" + store + "') AS store", "-o", "json").get(0);
    assertThat(classes.toString()).isEqualTo("{\"s3\":\"class org.apache.hadoop.fs.s3a.S3AFileSystem\","
        + "\"abfs\":\"class org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem\",\"store\":\"class " + store
        + "\"}");
    assertThat(ok(home, "--remote", remote, "sql", "SET spark.delta.logStore.s3a.impl", "-o", "json").get(0)
        .get("value").asText()).isEqualTo(store);
    // with deltactl's bounded store retries (Hadoop's own retry for minutes against a wrong endpoint)
    Map<String, String> bounded = Map.of("fs.s3a.attempts.maximum", "2", "fs.s3a.connection.establish.timeout", "5s",
        "fs.azure.io.retry.max.retries", "3");
    for (Map.Entry<String, String> e : bounded.entrySet()) {
      assertThat(ok(home, "--remote", remote, "sql", "SET spark.hadoop." + e.getKey(), "-o", "json").get(0)
          .get("value").asText()).as(e.getKey()).isEqualTo(e.getValue());
    }
  }
}
