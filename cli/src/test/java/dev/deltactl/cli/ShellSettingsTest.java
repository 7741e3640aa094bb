package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.cli.command.RootCommand;
import dev.deltactl.cli.command.ShellSettings;
import dev.deltactl.cli.output.OutputFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shell's set and unset, picocli commands on the shell's tree: no engine is opened for them. */
class ShellSettingsTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final RootCommand root = new RootCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), (config, notices) -> {
        throw new AssertionError("no engine for a setting");
      }, new Redactor());

  private int run(String... lines) throws Exception {
    Shell shell = new Shell(root, new ShellSettings("local[*]", Map.of("spark.sql.shuffle.partitions", "4"),
        OutputFormat.CSV, List.of("-q")));
    return shell.runScript(new StringReader(String.join("\n", lines) + "\n"), true);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void setChangesEachSettingAndShowsThemAll() throws Exception {
    assertThat(run("set output JSON", "set timing on", "set conf fs.azure.account.key=abc123",
        "set remote sc://h:15002", "unset conf spark.sql.shuffle.partitions", "set")).isZero();
    assertThat(out()).isEqualTo("master  sc://h:15002\noutput  json\ntiming  on\n"
        + "conf    fs.azure.account.key=*********(redacted)\n");
    // timing on: each command after it says its wall time
    assertThat(err().lines().filter(l -> l.matches("time: \\d+\\.\\d{3} s")).count()).isEqualTo(5);
  }

  @Test
  void aBadSettingIsAUsageErrorAndKeepsTheOneThereWas() throws Exception {
    assertThat(run("set output parquet", "set timing maybe", "set output", "unset", "unset conf", "set conf novalue",
        "set")).isEqualTo(2);
    assertThat(err()).isEqualTo("""
        error: Invalid value for positional parameter at index 0 (FORMAT): expected one of [TABLE, JSON, CSV] \
        (case-insensitive) but was 'parquet'
        Try 'deltactl set output --help' for more information.
        error: Invalid value for positional parameter at index 0 (on|off): expected one of [ON, OFF] \
        (case-insensitive) but was 'maybe'
        Try 'deltactl set timing --help' for more information.
        error: Missing required parameter: 'FORMAT'
        Try 'deltactl set output --help' for more information.
        error: Missing required subcommand
        Try 'deltactl unset --help' for more information.
        error: Missing required parameter: 'KEY'
        Try 'deltactl unset conf --help' for more information.
        error: set conf takes KEY=VALUE, e.g. spark.sql.shuffle.partitions=8
        """);
    assertThat(out()).isEqualTo("master  local[*]\noutput  csv\ntiming  off\nconf    spark.sql.shuffle.partitions=4\n");
  }

  @Test
  void theShellIsNotStartedInsideItselfAndHelpDescribesSet() throws Exception {
    assertThat(run("shell", "set --help")).isEqualTo(2);
    assertThat(err()).isEqualTo("error: already in the shell\n");
    assertThat(out()).contains("output", "conf", "master", "remote", "timing");
  }
}
