package dev.deltactl.completions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenerateCompletionsTest {
  private final String script = GenerateCompletions.bash();

  @Test
  void theBashScriptCompletesEveryCommandAndGlobalOption() {
    assertThat(script).startsWith("#!/usr/bin/env bash");
    assertThat(script).contains("complete -F _complete_deltactl -o default deltactl");
    assertThat(script).contains(
        "local commands=\"create describe history optimize zorder vacuum time-travel copy-into bloom-index sql\"");
    for (String command : new String[] {"create", "describe", "history", "optimize", "zorder", "vacuum", "sql"}) {
      assertThat(script).contains("function _picocli_deltactl_" + command + "()");
    }
    assertThat(script).contains("'--master'", "'--conf'", "'--output'", "'--partitioned-by'", "'--if-not-exists'");
  }

  @Test
  void enumValuesCompleteAndEachOptionKeepsItsOwn() {
    assertThat(script).contains("local FORMAT_option_args=(\"table\" \"json\" \"csv\") # --output values");
    assertThat(script).contains(
        "local FILE_FORMAT_option_args=(\"csv\" \"json\" \"parquet\" \"orc\" \"avro\" \"text\") # --format values");
  }

  @Test
  void flagsTakeNoArgument() {
    String flags = script.lines().filter(l -> l.contains("local flag_opts=")).findFirst().orElseThrow();
    String args = script.lines().filter(l -> l.contains("local arg_opts=")).findFirst().orElseThrow();
    assertThat(flags).contains("'-v'", "'--verbose'", "'-q'", "'--debug'");
    assertThat(args).contains("'--master'", "'--conf'", "'--output'").doesNotContain("'-v'");
  }
}
