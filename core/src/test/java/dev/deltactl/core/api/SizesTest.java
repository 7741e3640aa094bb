package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void parsesBytesAndBinaryUnits() {
    assertThat(Sizes.parse("1048576", "x")).isEqualTo(1048576);
    assertThat(Sizes.parse("512k", "x")).isEqualTo(512 * 1024);
    assertThat(Sizes.parse("128m", "x")).isEqualTo(128L << 20);
    assertThat(Sizes.parse("1G", "x")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("2gb", "x")).isEqualTo(2L << 30);
    assertThat(Sizes.parse("1t", "x")).isEqualTo(1L << 40);
  }

  @Test
  void rejectsWhatIsNotASize() {
    for (String bad : new String[] {"-1m", "1.5g", "m", "12x", "99999999999999999999"}) {
      assertThatThrownBy(() -> Sizes.parse(bad, "--target-file-size")).as(bad)
          .isInstanceOf(DeltactlException.class).hasMessageStartingWith("invalid --target-file-size '" + bad + "'");
    }
  }

  @Test
  void humanSizes() {
    assertThat(Sizes.human(812)).isEqualTo("812 B");
    assertThat(Sizes.human(1536)).isEqualTo("1.5 KiB");
    assertThat(Sizes.human(1L << 30)).isEqualTo("1.0 GiB");
    assertThat(Sizes.human(200L << 20)).isEqualTo("200 MiB");
  }
}
