package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.cli.command.RootCommand;
import dev.deltactl.cli.command.ShellSettings;
import dev.deltactl.cli.output.OutputFormat;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.engine.RoutingEngine;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.engine.spark.SparkEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings that choose and configure the engine (--master, --remote, --conf, --connect-timeout, a
 * profile's, the shell's set) are checked before any command runs: a bad one is exit 2 naming it, whichever
 * command it comes with, and no engine opens. Secrets in settings (URL user-info included) never show.
 */
class GlobalSettingsTest {
  private static final String MASTERS = "expected local, local[N], local[*], local[N,F],"
      + " spark://HOST:PORT[,HOST:PORT], yarn, k8s://[https://]HOST[:PORT], or a Spark Connect URL"
      + " sc://HOST[:PORT][/;token=...]";
  private static final String SECRET = "hunter2-S3cr3t";

  @TempDir Path tmp;
  Path table;
  final List<EngineConfig> opened = new ArrayList<>();
  String previousHome;

  @BeforeEach
  void setUp() {
    previousHome = System.getProperty("deltactl.home");
    System.setProperty("deltactl.home", tmp.resolve("home").toString());
    table = tmp.resolve("t");
    TestCli.Run created = TestCli.run("create", table.toString(), "--schema", "id INT", "-q");
    assertThat(created.exitCode()).as(created.toString()).isZero();
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

  private List<String> commits() throws Exception {
    try (Stream<Path> s = Files.list(table.resolve("_delta_log"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
  }

  /** Each bad value, with the message it gets. */
  private static final String[][] BAD = {
      {"--conf", "=x", "invalid --conf '=x': the key is empty; give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8"},
      {"--conf", "spark.sql. shuffle.partitions=4", "invalid --conf 'spark.sql. shuffle.partitions=4': a key has no"
          + " spaces or control characters; give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8"},
      {"--conf", "deltactl.kernel=maybe", "invalid --conf 'deltactl.kernel=maybe': deltactl.kernel is true or false"},
      {"--conf", "deltactl.connect.timeout=soon", "invalid --conf deltactl.connect.timeout 'soon': expected a number"
          + " and a unit (ms, s, m, h, d), e.g. 30s or 168h"},
      {"--connect-timeout", "soon", "invalid --connect-timeout 'soon': expected a number and a unit (ms, s, m, h, d),"
          + " e.g. 30s or 168h"},
      {"--master", "garbage://", "invalid --master 'garbage://': " + MASTERS},
      {"--master", "local[0]", "invalid --master 'local[0]': local needs at least 1 thread (local[1]), or local[*]"
          + " for one per core"},
      {"--master", "spark://master", "invalid --master 'spark://master': no port (spark://HOST:PORT, e.g."
          + " spark://master:7077)"},
      {"--master", "spark://u:" + SECRET + "@master:7077", "invalid --master 'spark://***@master:7077': a master URL"
          + " has no path, query or user (spark://HOST:PORT, e.g. spark://master:7077)"},
      {"--remote", "spark://h:7077", "--remote takes a Spark Connect URL, sc://HOST[:PORT][/;token=...], not"
          + " 'spark://h:7077' (a master URL goes to --master)"},
      {"--remote", "sc://h:15002/db", "invalid --remote 'sc://h:15002/db': a Spark Connect URL has no path ('/db');"
          + " parameters go after /; (sc://HOST:PORT/;token=...)"},
      {"--remote", "sc://h:15002/;token=" + SECRET + ";use_ssl", "invalid --remote"
          + " 'sc://h:15002/;token=*********(redacted);use_ssl': parameter 'use_ssl' is not NAME=VALUE"},
  };

  @Test
  void aBadSettingIsExit2NamingItOnAKernelCommandAndASparkOneAndNothingRuns() throws Exception {
    Path created = tmp.resolve("created");
    for (String[] bad : BAD) {
      String expected = "error: " + bad[2] + "\n";
      List<String[]> commands = List.of(
          new String[] {bad[0], bad[1], "describe", table.toString()},
          new String[] {"describe", table.toString(), bad[0], bad[1]},
          new String[] {bad[0], bad[1], "sql", "INSERT INTO delta.`" + table + "` VALUES (1)"},
          new String[] {"sql", "CREATE TABLE delta.`" + created + "` (id INT) USING delta", bad[0], bad[1]},
          new String[] {bad[0], bad[1], "profile", "list"});
      for (String[] args : commands) {
        TestCli.Run r = run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo(expected);
        assertThat(r.out()).as(String.join(" ", args)).isEmpty();
        assertThat(r.err()).doesNotContain(SECRET);
      }
    }
    assertThat(opened).as("no engine opened").isEmpty();
    assertThat(created).doesNotExist();
    assertThat(commits()).containsExactly("00000000000000000000.json");
    // the same command with good settings runs
    TestCli.Run ok = run("--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2", "--connect-timeout", "2s",
        "sql", "INSERT INTO delta.`" + table + "` VALUES (1)");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(commits()).hasSize(2);
  }

  @Test
  void aProfileWithABadSettingIsExit2NamingTheProfile() throws Exception {
    Path file = tmp.resolve("home/profiles.properties");
    Files.createDirectories(file.getParent());
    for (String[] bad : new String[][] {
        {"bad.master = garbage://", "invalid master 'garbage://': " + MASTERS},
        {"bad.remote = spark://h:7077", "remote takes a Spark Connect URL, sc://HOST[:PORT][/;token=...], not"
            + " 'spark://h:7077' (a master URL goes to --master)"},
        {"bad.conf.a\\ b = x", "invalid setting 'a b=x': a key has no spaces or control characters; give KEY=VALUE,"
            + " e.g. spark.sql.shuffle.partitions=8"},
        {"bad.conf.deltactl.connect.timeout = soon", "invalid setting deltactl.connect.timeout 'soon': expected a"
            + " number and a unit (ms, s, m, h, d), e.g. 30s or 168h"}}) {
      Files.writeString(file, "good.master = local[1]\n" + bad[0] + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      String expected = "error: profile 'bad' in " + file + ": " + bad[1] + "\n";
      for (String[] args : new String[][] {
          {"--profile", "bad", "describe", table.toString()},
          {"--profile", "bad", "sql", "INSERT INTO delta.`" + table + "` VALUES (1)"},
          {"profile", "show", "bad"}}) {
        TestCli.Run r = run(args);
        assertThat(r.exitCode()).as(bad[0] + ": " + String.join(" ", args) + "\n" + r).isEqualTo(2);
        assertThat(r.err()).as(bad[0] + ": " + String.join(" ", args)).isEqualTo(expected);
      }
    }
    assertThat(opened).isEmpty();
    assertThat(commits()).containsExactly("00000000000000000000.json");
  }

  @Test
  void theShellRefusesABadSettingAndKeepsTheOneItHad() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli.EngineFactory engines = (config, notices) -> {
      opened.add(config);
      return new RoutingEngine(() -> new KernelEngine(config),
          () -> SparkEngine.attach(TestCli.engine().sparkSession(), notices));
    };
    RootCommand root = new RootCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), engines, new Redactor());
    Shell shell = new Shell(root, new ShellSettings("local[*]", Map.of(), OutputFormat.CSV, List.of()));
    String script = String.join("\n",
        "set conf 'a b=x'",
        "set conf 'fs.s3a.secret.key =" + SECRET + "'",
        "set master garbage://",
        "set remote spark://h:7077",
        "set master local[1]",
        "set",
        "");
    assertThat(shell.runScript(new StringReader(script), true)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
        "error: invalid setting 'a b=x': a key has no spaces or control characters; give KEY=VALUE, e.g."
            + " spark.sql.shuffle.partitions=8",
        "error: invalid setting 'fs.s3a.secret.key =*********(redacted)': a key has no spaces or control characters;"
            + " give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8",
        "error: invalid master 'garbage://': " + MASTERS,
        "error: remote takes a Spark Connect URL, sc://HOST[:PORT][/;token=...], not 'spark://h:7077' (a master URL"
            + " goes to --master)",
        ""));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("master  local[1]\noutput  csv\ntiming  off\n");
    assertThat(opened).isEmpty();
  }

  @Test
  void urlUserInfoAndSecretKeysNeverShowInErrorsStackTracesOrProfiles() throws Exception {
    String endpoint = "http://admin:" + SECRET + "@minio.example:9000";
    // an error that names the secret (here in a path), with the stack trace
    Path missing = tmp.resolve(SECRET);
    TestCli.Run describe = run("-v", "-v", "--debug", "--conf", "fs.s3a.endpoint=" + endpoint, "describe",
        missing.toString());
    assertThat(describe.exitCode()).as(describe.toString()).isEqualTo(3);
    assertThat(describe.err()).startsWith("error: path not found: " + tmp + "/*********(redacted)\n")
        .contains("\tat dev.deltactl.core.engine.kernel.KernelEngine");
    // Spark's stack trace shows the plan: a URL's user-info in it is masked although no setting holds it
    TestCli.Run sql = run("-v", "-v", "--debug", "--conf", "fs.s3a.secret.key=" + SECRET, "sql",
        "SELECT 'https://bob:pa55word-x@host/p' AS u, '" + SECRET + "' AS k FROM no_such_table");
    assertThat(sql.exitCode()).as(sql.toString()).isEqualTo(3);
    assertThat(sql.err()).startsWith("error: [TABLE_OR_VIEW_NOT_FOUND]")
        .contains("Project [https://***@host/p AS u#", ", *********(redacted) AS k#").doesNotContain("pa55word");
    // a usage error that echoes a value
    TestCli.Run usage = run("--conf", "fs.s3a.endpoint=" + endpoint, "--output", endpoint, "describe", table.toString());
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).startsWith("error: Invalid value for option '--output': expected one of [TABLE, JSON, CSV]"
        + " (case-insensitive) but was 'http://***@minio.example:9000'\n");
    // a profile's settings
    Path file = tmp.resolve("home/profiles.properties");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "p.conf.fs.s3a.endpoint = " + endpoint + "\np.conf.spark.hadoop.fs.s3a.bucket.b.secret.key = "
        + SECRET + "\np.conf.spark.sql.shuffle.partitions = 3\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    TestCli.Run show = run("profile", "show", "p", "-o", "json");
    assertThat(show.out()).isEqualTo("{\"name\":\"p\",\"master\":\"local[*]\",\"conf\":{"
        + "\"fs.s3a.endpoint\":\"http://***@minio.example:9000\","
        + "\"spark.hadoop.fs.s3a.bucket.b.secret.key\":\"*********(redacted)\","
        + "\"spark.sql.shuffle.partitions\":\"3\"}}\n");
    for (TestCli.Run r : List.of(describe, sql, usage, show)) {
      assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void theShellKeepsNoLineWithASecretInItsHistory() {
    for (String line : List.of("describe t --conf fs.s3a.endpoint=http://u:" + SECRET + "@h",
        "describe t --conf=fs.s3a.secret.key=" + SECRET, "set conf spark.hadoop.fs.azure.sas.fixed.token=" + SECRET,
        "describe t --remote 'sc://h/;token=" + SECRET + "'")) {
      assertThat(Shell.holdsSecret(line)).as(line).isTrue();
    }
    for (String line : List.of("describe t --conf fs.s3a.endpoint=http://h:9000", "set conf spark.sql.shuffle.partitions=3",
        "sql \"SELECT * FROM t WHERE a = 1\"")) {
      assertThat(Shell.holdsSecret(line)).as(line).isFalse();
    }
  }
}
