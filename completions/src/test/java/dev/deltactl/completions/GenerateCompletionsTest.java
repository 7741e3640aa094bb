package dev.deltactl.completions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenerateCompletionsTest {
  @Test
  void theBashScriptCompletesEveryCommandAndGlobalOption() {
    String script = GenerateCompletions.bash();
    assertThat(script).startsWith("#!/usr/bin/env bash");
    assertThat(script).contains("complete -F _complete_deltactl");
    for (String command : new String[] {"create", "describe", "history", "sql"}) {
      assertThat(script).contains("function _picocli_deltactl_" + command + "()");
    }
    assertThat(script).contains("--master", "--conf", "--output", "--partitioned-by", "--if-not-exists");
    // enum values complete too
    assertThat(script).contains("table json csv");
  }
}
