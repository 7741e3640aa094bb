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
        "local commands=\"create describe history optimize zorder vacuum time-travel copy-into bloom-index sql shell profile completion checkpoint log-cleanup health properties maintain files fsck changes convert cluster-by feature purge\"");
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

  /** COMPREPLY of the generated script in a real bash, for the words typed so far (the last one being completed). */
  private static java.util.List<String> complete(String... words) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("deltactl", ".bash");
    try {
      java.nio.file.Files.writeString(file, GenerateCompletions.bash());
      StringBuilder line = new StringBuilder();
      StringBuilder array = new StringBuilder();
      for (String w : words) {
        line.append(line.length() == 0 ? "" : " ").append(w);
        array.append(" '").append(w).append("'");
      }
      String command = "source '" + file + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
          + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_deltactl; printf '%s\\n' \"${COMPREPLY[@]}\"";
      // compopt says it runs outside a completion (stderr): the candidates are what counts
      Process p = new ProcessBuilder("bash", "-c", command)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void bashCompletesCommandsOptionsValuesAndSubcommands() throws Exception {
    assertThat(complete("deltactl", "opt")).containsExactly("optimize");
    assertThat(complete("deltactl", "vacuum", "--re")).containsExactlyInAnyOrder("--remote", "--retain");
    assertThat(complete("deltactl", "vacuum", "--ret")).containsExactly("--retain");
    assertThat(complete("deltactl", "-o", "")).containsExactly("csv", "json", "table");
    assertThat(complete("deltactl", "time-travel", "re")).containsExactly("restore");
    assertThat(complete("deltactl", "bloom-index", "")).contains("build", "create", "drop", "show");
    assertThat(complete("deltactl", "completion", "")).containsExactly("bash", "zsh");
  }
}
