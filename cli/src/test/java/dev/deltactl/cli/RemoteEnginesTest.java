package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.engine.Engines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote engines that do not answer: the command fails with exit 1 and a message naming the address, within
 * the connect timeout, and a Connect token never shows. These run the real engine factory (no shared
 * session), on addresses where nothing listens.
 */
class RemoteEnginesTest {
  private static final String TOKEN = "s3cr3t-t0ken-4711";
  @TempDir Path tmp;

  private static TestCli.Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Redactor redactor = new Redactor();
    PrintStream e = redactor.wrap(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), e, Engines::open, redactor);
    return new TestCli.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A port on 127.0.0.1 where nothing listens (taken, then released). */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private String table() {
    return tmp.resolve("t").toString();
  }

  @Test
  @Timeout(60)
  void anUnreachableMasterFailsWithExitOneNamingIt() throws Exception {
    int port = closedPort();
    TestCli.Run r = run("optimize", table(), "--master", "spark://127.0.0.1:" + port, "--connect-timeout", "2s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).isEqualTo("error: cannot reach the Spark master spark://127.0.0.1:" + port
        + " within 2.0 s: 127.0.0.1:" + port + " (connection refused); is it running, and is the address right?"
        + " (--connect-timeout sets the wait)\n");
  }

  @Test
  @Timeout(60)
  void anUnreachableConnectServerFailsWithExitOneAndTheTokenNeverShows() throws Exception {
    int port = closedPort();
    String url = "sc://127.0.0.1:" + port + "/;token=" + TOKEN + ";use_ssl=false";
    for (String[] args : new String[][] {
        {"optimize", table(), "--remote", url},
        {"optimize", table(), "--remote", url, "-v", "-v", "--debug"},
        {"sql", "SELECT 1", "--master", url}}) {
      TestCli.Run r = run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(r.toString()).contains("error: cannot reach the Spark Connect server sc://127.0.0.1:"
          + port + "/;token=*********(redacted);use_ssl=false within 5.0 s: 127.0.0.1:" + port + " (connection refused)");
      assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }
  }

  @Test
  void masterAndRemoteTogetherAreAUsageError() {
    TestCli.Run r = run("optimize", table(), "--master", "local[1]", "--remote", "sc://127.0.0.1:15002");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: --master and --remote both name an engine: give one\n");
    r = run("optimize", table(), "--remote", "spark://127.0.0.1:7077");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --remote takes a Spark Connect URL");
  }

  @Test
  @Timeout(60)
  void aProfileSelectsTheRemoteEngineAndMasksItsToken() throws Exception {
    String previous = System.getProperty("deltactl.home");
    System.setProperty("deltactl.home", tmp.toString());
    try {
      int port = closedPort();
      Path file = tmp.resolve("profiles.properties");
      Files.writeString(file, "remote.remote = sc://127.0.0.1:" + port + "/;token=" + TOKEN + "\n"
          + "remote.conf.deltactl.connect.timeout = 1s\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      TestCli.Run show = run("profile", "show", "remote", "-o", "json");
      assertThat(show.exitCode()).as(show.toString()).isZero();
      assertThat(Json.parse(show.out()).get("master").asText())
          .isEqualTo("sc://127.0.0.1:" + port + "/;token=*********(redacted)");
      TestCli.Run r = run("vacuum", table(), "--profile", "remote");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).as(r.toString()).startsWith("error: cannot reach the Spark Connect server sc://127.0.0.1:"
          + port + "/;token=*********(redacted) within 1.0 s");
      // the command line's master wins over the profile's remote
      r = run("vacuum", table(), "--profile", "remote", "--master", "spark://127.0.0.1:" + port);
      assertThat(r.err()).as(r.toString()).startsWith("error: cannot reach the Spark master spark://127.0.0.1:" + port);
      for (TestCli.Run x : new TestCli.Run[] {show, r}) {
        assertThat(x.out() + x.err()).doesNotContain(TOKEN);
      }
    } finally {
      if (previous == null) {
        System.clearProperty("deltactl.home");
      } else {
        System.setProperty("deltactl.home", previous);
      }
    }
  }
}
