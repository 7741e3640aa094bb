package dev.deltactl.core.api;

/**
 * One Spark SQL statement.
 *
 * @param maxRows at most this many rows are returned; the result says whether more existed
 */
public record SqlRequest(String statement, int maxRows) {
  public SqlRequest {
    if (statement == null || statement.isBlank()) {
      throw dev.deltactl.core.error.DeltactlException.invalid("SQL statement must not be empty");
    }
    if (maxRows < 0) {
      throw dev.deltactl.core.error.DeltactlException.invalid("--limit must not be negative, got " + maxRows);
    }
  }
}
