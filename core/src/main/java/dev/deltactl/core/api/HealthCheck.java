package dev.deltactl.core.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One check of {@code health}: the figure it looks at, the threshold it crossed (or the due threshold when
 * none), and why, in one line.
 *
 * @param name smallFiles and deletedRows (OPTIMIZE fixes them), checkpoint, logCleanup, statistics
 */
public record HealthCheck(String name, Verdict verdict, Number value, String threshold, String reason) {

  /** In order of gravity. */
  public enum Verdict {
    OK,
    DUE,
    BAD;

    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
