package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.engine.RoutingEngine;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.engine.spark.SparkEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection profiles: listed and shown with secrets masked, applied under the command line's own options. */
class ProfileTest {
  @TempDir Path tmp;
  Path file;
  String previousHome;
  final List<EngineConfig> opened = new ArrayList<>();

  @BeforeEach
  void profiles() throws Exception {
    previousHome = System.getProperty("deltactl.home");
    System.setProperty("deltactl.home", tmp.toString());
    file = tmp.resolve("profiles.properties");
    Files.writeString(file, String.join("\n",
        "# connection profiles",
        "prod.master = local[1]",
        "prod.conf.fs.azure.account.key.acct.dfs.core.windows.net = c2VjcmV0LWtleQ==",
        "prod.conf.spark.sql.shuffle.partitions = 3",
        "dev.conf.spark.sql.shuffle.partitions = 1",
        ""));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void restore() {
    if (previousHome == null) {
      System.clearProperty("deltactl.home");
    } else {
      System.setProperty("deltactl.home", previousHome);
    }
  }

  private TestCli.Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli.EngineFactory engines = (config, notices) -> {
      opened.add(config);
      return new RoutingEngine(() -> new KernelEngine(config),
          () -> SparkEngine.attach(TestCli.engine().sparkSession(), notices));
    };
    int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), engines, new Redactor());
    return new TestCli.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void listAndShowMaskSecrets() {
    TestCli.Run list = run("profile", "list", "-o", "csv");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).isEqualTo("name,master,settings\r\ndev,local[*],1\r\nprod,local[1],2\r\n");
    assertThat(list.err()).isEmpty();
    TestCli.Run show = run("profile", "show", "prod", "-o", "json");
    assertThat(show.out()).isEqualTo("{\"name\":\"prod\",\"master\":\"local[1]\",\"conf\":{"
        + "\"fs.azure.account.key.acct.dfs.core.windows.net\":\"*********(redacted)\","
        + "\"spark.sql.shuffle.partitions\":\"3\"}}\n");
    assertThat(show.out() + show.err()).doesNotContain("c2VjcmV0LWtleQ==");
    assertThat(opened).isEmpty(); // no engine for profiles
  }

  @Test
  void aProfileGivesMasterAndSettingsUnderTheCommandLinesOwn() {
    Path t = tmp.resolve("t");
    assertThat(TestCli.run("create", t.toString(), "--schema", "id INT", "-q").exitCode()).isZero();
    assertThat(run("--profile", "prod", "describe", t.toString(), "-q").exitCode()).isZero();
    assertThat(opened.get(0).master()).isEqualTo("local[1]");
    assertThat(opened.get(0).conf()).containsEntry("spark.sql.shuffle.partitions", "3")
        .containsKey("fs.azure.account.key.acct.dfs.core.windows.net");
    assertThat(run("--profile", "prod", "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=5",
        "describe", t.toString(), "-q").exitCode()).isZero();
    assertThat(opened.get(1).master()).isEqualTo("local[2]");
    assertThat(opened.get(1).conf()).containsEntry("spark.sql.shuffle.partitions", "5");
    assertThat(run("describe", t.toString(), "-q").exitCode()).isZero();
    assertThat(opened.get(2).master()).isEqualTo("local[*]");
    assertThat(opened.get(2).conf()).isEmpty();
  }

  @Test
  void anUnknownProfileIsExit2AndAReadableFileIsWarnedAbout() throws Exception {
    TestCli.Run unknown = run("--profile", "staging", "describe", tmp.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("error: no profile 'staging' in " + file + " (profiles: dev, prod)\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    TestCli.Run list = run("profile", "list");
    assertThat(list.err()).isEqualTo("note: " + file + " can be read by other users and may hold credentials;"
        + " chmod 600 it\n");
  }
}
