package dev.deltactl.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadabilityTest {
  private static VersionsResult.Entry entry(long version, boolean readable) {
    return new VersionsResult.Entry(version, Instant.EPOCH, "WRITE", readable,
        readable ? null : Readability.FILES_MISSING);
  }

  @Test
  void aVersionIsReadableExactlyWhenEveryFileItReadsIsPresent() {
    Set<String> onStorage = Set.of("a.parquet", "b.parquet");
    assertThat(Readability.whyNot(List.of("a.parquet", "b.parquet"), onStorage::contains)).isNull();
    assertThat(Readability.whyNot(List.of(), onStorage::contains)).as("an empty version").isNull();
    assertThat(Readability.whyNot(List.of("a.parquet", "c.parquet"), onStorage::contains))
        .isEqualTo("data files missing (deleted by vacuum or otherwise)");
  }

  @Test
  void theOldestReadableVersionIsTheEndOfTheNewestRunOfReadableVersions() {
    // newest first: 5 and 4 readable, 3 not, 2 readable again (restored files): the oldest readable is 4
    List<VersionsResult.Entry> versions = List.of(entry(5, true), entry(4, true), entry(3, false), entry(2, true));
    assertThat(Readability.oldestReadable(versions)).isEqualTo(4);
    assertThat(Readability.oldestReadable(List.of(entry(1, false), entry(0, true)))).isEqualTo(-1);
  }

  @Test
  void aVersionWhoseFilesAreGoneIsNotFoundNamingTheOldestReadable() {
    DeltactlException e = Readability.notReadable("/t", 3, List.of(entry(5, true), entry(4, true), entry(3, false)),
        null);
    assertThat(e.code()).isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("version 3 of /t is not readable: data files it needs are gone (deleted by"
        + " vacuum or otherwise); the oldest readable version is 4");
    assertThat(Readability.notReadable("/t", 1, List.of(entry(1, false)), null).getMessage())
        .endsWith("the oldest readable version is none");
  }
}
