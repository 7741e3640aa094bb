package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The translations both Spark engines share, for what each receives: the classic engine Delta's own exception,
 * a Spark Connect client only the condition's name (it has no text for Delta's conditions). No session.
 */
class SparkErrorsSharedTest {
  /** What the Spark Connect client throws for a Delta condition: the name only. */
  private static RuntimeException overConnect(String condition) {
    return new RuntimeException("[INTERNAL_ERROR] Cannot find main error class '" + condition + "'");
  }

  @Test
  void optimizeThatLostItsLastAttemptSaysItIsSafeAndHowToRetryOnBothEngines() {
    Throwable classic = new io.delta.exceptions.ConcurrentAppendException("Files were added to the root of the table");
    for (Throwable e : List.of(classic, overConnect("DELTA_CONCURRENT_APPEND.WITHOUT_HINT"))) {
      List<String> notices = new ArrayList<>();
      DeltactlException once = SparkErrors.optimizeFailure(e, "optimize", "/t", 1, 0, notices::add);
      assertThat(once.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
      assertThat(once.getMessage()).startsWith("optimize of /t conflicted with a concurrent commit and changed"
          + " nothing; it is safe to run again (--retries N retries by itself). Delta said: ");
      assertThat(notices).isEmpty();
      assertThat(SparkErrors.optimizeFailure(e, "zorder", "/t", 2, 2, notices::add)).isNull();
      assertThat(notices).containsExactly("a concurrent commit conflicted with zorder (attempt 2 of 3); planning again");
      DeltactlException last = SparkErrors.optimizeFailure(e, "zorder", "/t", 3, 2, notices::add);
      assertThat(last.getMessage()).startsWith("zorder of /t conflicted with a concurrent commit and changed nothing;"
          + " it is safe to run again (gave up after 3 attempts). Delta said: ");
    }
    DeltactlException other = SparkErrors.optimizeFailure(overConnect("DELTA_ZORDERING_ON_PARTITION_COLUMN"),
        "zorder", "/t", 1, 3, n -> { throw new AssertionError(n); });
    assertThat(other.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void vacuumLiteOnACleanedLogSaysWhatToDoInTheSameWordsOnBothEngines() {
    String expected = "[DELTA_CANNOT_VACUUM_LITE] VACUUM LITE cannot delete all eligible files as some files are"
        + " not referenced by the Delta log. Please run VACUUM FULL. The log no longer holds every removed file"
        + " (it was cleaned up); --mode full lists the folders instead.";
    Throwable classic = org.apache.spark.sql.delta.DeltaErrors.deltaCannotVacuumLite();
    for (Throwable e : List.of(classic, overConnect("DELTA_CANNOT_VACUUM_LITE"))) {
      DeltactlException d = SparkErrors.vacuumFailure(e);
      assertThat(d.getMessage()).isEqualTo(expected);
      assertThat(d.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
    }
  }
}
