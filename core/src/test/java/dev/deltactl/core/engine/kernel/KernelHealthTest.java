package dev.deltactl.core.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelHealthTest {
  @Test
  void theCheckpointsKindIsReadFromItsFileName() {
    assertThat(KernelHealth.kind("00000000000000000010.checkpoint.parquet")).isEqualTo("classic");
    assertThat(KernelHealth.kind("00000000000000000010.checkpoint.0000000002.0000000003.parquet"))
        .isEqualTo("multi-part");
    assertThat(KernelHealth.kind("00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json"))
        .isEqualTo("v2");
    assertThat(KernelHealth.kind("00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.parquet"))
        .isEqualTo("v2");
    assertThat(KernelHealth.kind("00000000000000000010.json")).isNull();
    assertThat(KernelHealth.kind("_last_checkpoint")).isNull();
  }
}
