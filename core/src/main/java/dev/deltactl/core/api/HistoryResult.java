package dev.deltactl.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The commits of a table, newest first, with the columns of Delta's {@code DESCRIBE HISTORY}. */
public record HistoryResult(String table, List<Entry> entries) {

  /** One commit. Maps keep Delta's keys and string values. */
  public record Entry(
      long version,
      Instant timestamp,
      String userId,
      String userName,
      String operation,
      Map<String, String> operationParameters,
      Long readVersion,
      String isolationLevel,
      Boolean isBlindAppend,
      Map<String, String> operationMetrics,
      String userMetadata,
      String engineInfo) {}
}
