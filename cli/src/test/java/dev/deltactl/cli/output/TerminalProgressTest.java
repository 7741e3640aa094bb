package dev.deltactl.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
  @Test
  void rewritesOneLineInPlaceAndErasesItWhenDone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    p.progress("optimize", 3, 12);
    p.progress("optimize", 12, 12);
    p.finished();
    p.finished();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "\r\033[Koptimize [#######                       ] 3/12 tasks"
            + "\r\033[Koptimize [##############################] 12/12 tasks"
            + "\r\033[K");
  }

  @Test
  void printsNothingWhenNoProgressWasShown() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8)).finished();
    assertThat(bytes.size()).isZero();
  }
}
