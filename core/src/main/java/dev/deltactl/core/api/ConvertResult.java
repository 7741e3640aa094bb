package dev.deltactl.core.api;

/**
 * A conversion, or its plan.
 *
 * @param version the table's version after the conversion (0), or null for a dry run
 * @param rows the rows of the new table, when known from its statistics; null for a dry run or without statistics
 */
public record ConvertResult(Status status, ConvertPlan plan, Long version, Long rows, long millis) {
  public enum Status {
    CONVERTED,
    DRY_RUN
  }
}
