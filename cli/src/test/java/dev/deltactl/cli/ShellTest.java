package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.cli.command.RootCommand;
import dev.deltactl.cli.command.ShellSettings;
import dev.deltactl.cli.output.OutputFormat;
import dev.deltactl.core.engine.RoutingEngine;
import dev.deltactl.core.engine.spark.SparkEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell, driven by scripted input: one engine for all commands, errors survived, settings, history. */
class ShellTest {
  @TempDir Path tmp;
  Path table;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final AtomicInteger enginesOpened = new AtomicInteger();
  RootCommand root;

  @BeforeEach
  void setUp() {
    table = tmp.resolve("t");
    assertThat(TestCli.run("create", table.toString(), "--schema", "id BIGINT, name STRING", "-q").exitCode()).isZero();
    Cli.EngineFactory engines = (config, notices) -> {
      enginesOpened.incrementAndGet();
      return RoutingEngine.open(config, () -> SparkEngine.attach(TestCli.engine().sparkSession(), config, notices));
    };
    root = new RootCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), engines, new Redactor());
  }

  private Shell shell() {
    return new Shell(root, new ShellSettings("local[*]", Map.of(), OutputFormat.CSV, List.of()));
  }

  @Test
  void aScriptRunsEveryCommandOnOneEngineAndSurvivesErrors() throws Exception {
    String script = String.join("\n",
        "# a comment",
        "sql \"SET spark.app.id\"",
        "sql \"INSERT INTO delta.`" + table + "` VALUES (1, 'ann'), \\",
        "  (2, 'bob')\"",
        "describe " + tmp.resolve("missing"),
        "no-such-command",
        "set output json",
        "history " + table + " -n 1",
        "set output table",
        "sql 'SELECT name FROM delta.`" + table + "` ORDER BY id'",
        "sql \"SET spark.app.id\" -o csv",
        "");
    int code = shell().runScript(new StringReader(script), true);
    assertThat(code).isEqualTo(2); // the last failure's: an unknown command is a usage error
    String o = out.toString(StandardCharsets.UTF_8);
    String e = err.toString(StandardCharsets.UTF_8);
    List<String> appIds = o.lines().filter(l -> l.startsWith("spark.app.id,")).toList();
    assertThat(appIds).hasSize(2);
    assertThat(appIds.get(0)).isEqualTo(appIds.get(1));
    assertThat(enginesOpened.get()).isEqualTo(1);
    assertThat(e).contains("error: path not found: " + tmp.resolve("missing") + "\n",
        "error: Unmatched argument at index 4: 'no-such-command'\n");
    assertThat(o).contains("{\"version\":1,").contains("\"operation\":\"WRITE\"");
    assertThat(o).contains("name\n----\nann\nbob\n(2 rows)\n");
  }

  @Test
  void sqlGetsTheRestOfTheLineAsTypedQuotesAndBackticksIncluded() throws Exception {
    String t = "delta.`" + table + "`";
    String script = String.join("\n",
        "sql \"INSERT INTO " + t + " VALUES (1, 'ann'), (2, 'name'), (3, 'it''s'), (4, 'b_b'), (5, \\\"x'y\\\")\"",
        // a string equal to a column's name stays a string
        "sql SELECT 'id' AS lit, count(*) AS c FROM range(3) GROUP BY 1",
        "sql DELETE FROM " + t + " WHERE name = 'name'",
        "sql -n 10 SELECT id, name, 'it''s' = name AS doubled, 'x\\'y' = name AS escaped, \"say \\\"hi\\\"\" AS dq"
            + " FROM " + t + " ORDER BY id;",
        "");
    assertThat(shell().runScript(new StringReader(script), false))
        .as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "status", "OK",
        "lit,c", "id,3",
        "num_affected_rows", "1",
        "id,name,doubled,escaped,dq", "1,ann,false,false,\"say \"\"hi\"\"\"", "3,it's,true,false,\"say \"\"hi\"\"\"",
        "4,b_b,false,false,\"say \"\"hi\"\"\"", "5,x'y,false,true,\"say \"\"hi\"\"\"");
  }

  @Test
  void optionValuesAreUnquotedAsAPosixShellDoes() throws Exception {
    String script = String.join("\n",
        "sql \"INSERT INTO delta.`" + table + "` VALUES (1, 'ann'), (2, 'b_b'), (3, 'it''s')\"",
        // in single quotes a backslash is itself: the LIKE escapes its _
        "time-travel show " + table + " --where 'name LIKE \"%\\_%\"' --columns name",
        // a word of several quoted parts
        "time-travel show " + table + " --where 'name = '\"'it''s'\" --columns 'id'",
        "time-travel show " + table + " --where \"name = 'ann' AND id = \\\"1\\\"\" --columns \"i\"d",
        "");
    assertThat(shell().runScript(new StringReader(script), false)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "status", "OK", "name", "b_b", "id", "3", "id", "1");
  }

  @Test
  void aQuoteLeftOpenInAScriptIsAnErrorNamingItsLine() throws Exception {
    String script = String.join("\n",
        "sql SELECT 1 AS one",
        "sql SELECT 'two",
        "  AS two' AS spans_lines",
        "sql SELECT 'it''s AS three",
        "sql SELECT 4 AS four",
        "describe " + tmp.resolve("missing"),
        "");
    for (boolean continueOnError : List.of(false, true)) {
      out.reset();
      err.reset();
      assertThat(shell().runScript(new StringReader(script), continueOnError)).isEqualTo(2);
      // the lines before it ran; the command it opens runs to the end, and none of it runs
      assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
          .containsExactly("one", "1", "spans_lines", "\"two", "  AS two\"");
      assertThat(err.toString(StandardCharsets.UTF_8))
          .isEqualTo("error: line 4: the ' opened here is never closed; lines 4 to 6 were not run: close the quote\n");
    }
    err.reset();
    assertThat(shell().runScript(new StringReader("sql SELECT 1 AS one\ndescribe \\\n" + table + " \\\n"), false))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: line 3: the script ends after a \\ that"
        + " continues this line; lines 2 to 3 were not run: remove the \\\n");
    err.reset();
    assertThat(shell().runScript(new StringReader("sql SELECT 1 /* a comment\n"), false)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: line 1: the /* opened here is never closed;"
        + " line 1 was not run: close the comment with */\n");
  }

  @Test
  void theInteractiveShellGoesOnOnTheNextLineWhileAQuoteIsOpen() throws Exception {
    int code = typeInto(shell(), type -> {
      type.accept("sql SELECT 'id' AS lit, \"it's\" AS dq, 'a");
      type.accept("b' AS m");
      type.accept("# a comment");
      type.accept("exit");
    });
    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("lit,dq,m", "id,it's,\"a", "b\"");
  }

  @Test
  void aScriptStopsAtTheFirstFailureWithItsExitCode() throws Exception {
    String script = "describe " + tmp.resolve("missing") + "\nsql \"SELECT 1 AS one\"\n";
    assertThat(shell().runScript(new StringReader(script), false)).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("one");
  }

  @Test
  void setChangesAndShowsTheSettingsWithSecretsMasked() throws Exception {
    String script = String.join("\n", "sql \"SELECT 1 AS one\"", "set conf fs.azure.account.key=abc123", "set conf spark.sql.shuffle.partitions=3",
        "set output parquet", "set", "sql \"SET spark.sql.shuffle.partitions\"", "unset conf fs.azure.account.key",
        "set", "");
    assertThat(shell().runScript(new StringReader(script), true)).isEqualTo(2);
    String o = out.toString(StandardCharsets.UTF_8);
    assertThat(o).contains("master  local[*]\noutput  csv\ntiming  off\nconf    fs.azure.account.key=*********(redacted)\n"
        + "conf    spark.sql.shuffle.partitions=3\n");
    // other settings: a new session for the commands that follow
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("note: the settings changed: starting a new session\n");
    assertThat(enginesOpened.get()).isEqualTo(2);
    assertThat(o).doesNotContain("abc123");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: Invalid value for positional parameter at index 0 (FORMAT): expected one of [TABLE, JSON, CSV]"
        + " (case-insensitive) but was 'parquet'\n");
  }

  /**
   * optimize's dry run plans with the sizes in effect: those set before Spark opens (Kernel plans), then the
   * live session's, changed by 'set conf' or by SQL (Spark plans).
   */
  @Test
  void optimizesDryRunTakesTheSizesInEffect() throws Exception {
    String key = "spark.databricks.delta.optimize.maxFileSize";
    String dry = "optimize " + table + " --dry-run";
    String script = String.join("\n", "set output json", "set conf " + key + "=1000", dry,
        "sql SELECT 1 AS one", "set conf " + key + "=2000", dry, "sql \"SET " + key + " = 3000\"", dry,
        "unset conf " + key, "sql \"RESET " + key + "\"", dry, "");
    assertThat(shell().runScript(new StringReader(script), false)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> sizes = java.util.regex.Pattern.compile("\"targetFileSize\":(\\d+)")
        .matcher(out.toString(StandardCharsets.UTF_8)).results().map(m -> m.group(1)).toList();
    assertThat(sizes).containsExactly("1000", "2000", "3000", "1073741824");
  }

  @Test
  void sparkSettingsApplyToTheLiveSessionAndComeBackWhenUnset() throws Exception {
    String get = "sql \"SET spark.sql.shuffle.partitions\"";
    String script = String.join("\n", get, "set conf spark.sql.shuffle.partitions=3", get,
        "unset conf spark.sql.shuffle.partitions", get, "");
    assertThat(shell().runScript(new StringReader(script), false)).isZero();
    List<String> values = out.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("spark.sql.shuffle.partitions,")).toList();
    assertThat(values).hasSize(3);
    assertThat(values.get(1)).isEqualTo("spark.sql.shuffle.partitions,3");
    assertThat(values.get(2)).isEqualTo(values.get(0)).isNotEqualTo(values.get(1));
    assertThat(enginesOpened.get()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theInteractiveShellReadsATerminalAndWritesTheHistory() throws Exception {
    String typed = "describe " + table + "\nset output json\nset conf fs.azure.sas.key=c2VjcmV0LXNhcw==\n"
        + "history " + table + " -n 1\nexit\n";
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Path history = tmp.resolve("home").resolve("history");
    // the input stays open, as a terminal's does: the shell ends on exit, not on the end of the input
    java.io.PipedInputStream keyboard = new java.io.PipedInputStream(64 * 1024);
    try (java.io.PipedOutputStream typing = new java.io.PipedOutputStream(keyboard);
        Terminal terminal = TerminalBuilder.builder().system(false).type("xterm")
            .size(new org.jline.terminal.Size(200, 50)).streams(keyboard, screen).build()) {
      typing.write(typed.getBytes(StandardCharsets.UTF_8));
      typing.flush();
      assertThat(shell().runInteractive(terminal, history)).isZero();
    }
    // a Hadoop setting needs a new session (the next command opens it)
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("note: the settings changed: starting a new session\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).as(screen.toString(StandardCharsets.UTF_8))
        .contains("version,").contains("[{\"version\":0,");
    List<String> saved = Files.readAllLines(history);
    // the line with the secret is not kept
    assertThat(String.join("\n", saved)).doesNotContain("c2VjcmV0LXNhcw==");
    assertThat(saved).hasSize(4);
    assertThat(saved.get(0)).endsWith("describe " + table);
    assertThat(saved.get(2)).endsWith("history " + table + " -n 1");
  }

  @Test
  void tabOffersColumnsOfTheTableTypedAndTheMetastoresTables() throws Exception {
    Shell shell = shell();
    assertThat(shell.runScript(new StringReader("create shell_completion_t --schema 'id INT, region STRING'"
        + " --if-not-exists -q\n"), false)).isZero();
    try (Terminal terminal = TerminalBuilder.builder().system(false).type("dumb")
        .streams(new java.io.ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build()) {
      org.jline.reader.LineReader reader = org.jline.reader.LineReaderBuilder.builder().terminal(terminal).build();
      org.jline.reader.Completer completer = shell.completer();
      org.jline.reader.impl.DefaultParser parser = new org.jline.reader.impl.DefaultParser();
      java.util.function.Function<String, List<String>> complete = typed -> {
        List<org.jline.reader.Candidate> candidates = new java.util.ArrayList<>();
        completer.complete(reader, parser.parse(typed, typed.length()), candidates);
        String word = typed.substring(typed.lastIndexOf(' ') + 1);
        return candidates.stream().map(org.jline.reader.Candidate::value).filter(v -> v.startsWith(word))
            .sorted().toList();
      };
      assertThat(complete.apply("zorder " + table + " --by ")).containsExactly("id", "name");
      assertThat(complete.apply("optimize " + table + " --zorder-by id,")).containsExactly("id,id", "id,name");
      assertThat(complete.apply("cluster-by " + table + " --by ")).containsExactly("id", "name");
      assertThat(complete.apply("create " + table + " --replace --cluster-by id,")).containsExactly("id,id", "id,name");
      assertThat(complete.apply("describe shell_comp")).containsExactly("shell_completion_t");
      assertThat(complete.apply("describe default.shell_comp")).containsExactly("default.shell_completion_t");
      assertThat(complete.apply("vacuum --ret")).containsExactly("--retain");
      assertThat(complete.apply("vacuum --re")).containsExactly("--remote", "--retain");
    }
  }

  /** The scratch folders of this process's warm-up rounds, in the temporary folder. */
  private static java.util.Set<Path> warmUpFolders() throws Exception {
    String prefix = "deltactl-warmup-" + ProcessHandle.current().pid() + "-";  // then the start time
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  /** Types into an interactive shell running on its own thread; returns the shell's exit code at the end. */
  private int typeInto(Shell shell, java.util.function.Consumer<java.util.function.Consumer<String>> user)
      throws Exception {
    java.io.PipedInputStream keyboard = new java.io.PipedInputStream(64 * 1024);
    try (java.io.PipedOutputStream typing = new java.io.PipedOutputStream(keyboard);
        Terminal terminal = TerminalBuilder.builder().system(false).type("xterm")
            .size(new org.jline.terminal.Size(200, 50)).streams(keyboard, new ByteArrayOutputStream()).build()) {
      var code = new java.util.concurrent.CompletableFuture<Integer>();
      Thread t = new Thread(() -> {
        try {
          code.complete(shell.runInteractive(terminal, tmp.resolve("home").resolve("history")));
        } catch (Throwable e) {
          code.completeExceptionally(e);
        }
      });
      t.start();
      user.accept(line -> {
        try {
          typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          typing.flush();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      return code.get(5, java.util.concurrent.TimeUnit.MINUTES);
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 3 minutes").isLessThan(end);
      Thread.sleep(50);
    }
  }

  @Test
  void theInteractiveShellWarmsUpWhileTheUserReadsAndStopsForTheNextCommand() throws Exception {
    java.util.Set<Path> before = warmUpFolders();
    Shell shell = new Shell(root, new ShellSettings("local[*]", Map.of(Shell.WARM_UP, "10"), OutputFormat.CSV, List.of()));
    int code = typeInto(shell, type -> {
      type.accept("sql \"INSERT INTO delta.`" + table + "` VALUES (1, 'ann'), (2, 'bob')\"");
      try {
        await(() -> shell.warmUpRoundsRun() >= 1);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      // typed while the second round runs: the round stops, the command runs
      type.accept("sql 'SELECT name FROM delta.`" + table + "` ORDER BY id'");
      type.accept("exit");
    });
    assertThat(code).isZero();
    assertThat(shell.warmUpRoundsRun()).isBetween(1, 9);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("status", "OK", "name", "ann", "bob");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    // nothing of the rounds is left behind, and the user's table has the user's commits only
    assertThat(warmUpFolders()).isEqualTo(before);
    out.reset();
    assertThat(shell().runScript(new StringReader("history " + table + "\n"), false)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).map(l -> l.split(",")[0]).toList())
        .containsExactly("1", "0");
  }

  @Test
  void twoRoundsByDefaultNoneWhenSetToZeroOrVerboseAndAWarningForANonNumber() throws Exception {
    for (var c : List.of(Map.entry(Map.<String, String>of(), List.<String>of()),
        Map.entry(Map.of(Shell.WARM_UP, "many"), List.<String>of()),
        Map.entry(Map.of(Shell.WARM_UP, "0"), List.<String>of()),
        Map.entry(Map.<String, String>of(), List.of("-v")))) {
      err.reset();
      root.closeEngine(); // each case its own settings, without the note of a new session
      Shell shell = new Shell(root, new ShellSettings("local[*]", c.getKey(), OutputFormat.CSV, c.getValue()));
      boolean warms = c.getKey().isEmpty() && c.getValue().isEmpty();
      assertThat(typeInto(shell, type -> {
        type.accept("sql \"SELECT 1 AS one\"");
        try {
          if (warms) {
            await(() -> shell.warmUpRoundsRun() == 2);
          }
          Thread.sleep(2000); // past the half second a round waits for, and a third round's start
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        type.accept("exit");
      })).isZero();
      assertThat(shell.warmUpRoundsRun()).as(c.toString()).isEqualTo(warms ? 2 : 0);
      assertThat(shell.warmUpsStarted()).as(c.toString()).isEqualTo(warms ? 1 : 0);
      assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(c.getKey().containsValue("many")
          ? "warning: deltactl.shell.warmup takes a number of rounds from 0 to 10, not 'many': no warm-up\n" : "");
    }
  }
}
