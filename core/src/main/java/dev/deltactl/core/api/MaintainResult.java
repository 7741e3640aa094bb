package dev.deltactl.core.api;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.deltactl.core.error.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code maintain} did: per table, in the order asked.
 *
 * @param dryRun nothing was changed: the steps carry their plans
 */
public record MaintainResult(boolean dryRun, List<Table> tables, long elapsedMillis) {
  public MaintainResult {
    tables = List.copyOf(tables);
  }

  public long numFailed() {
    return tables.stream().filter(t -> t.status() == Status.FAILED).count();
  }

  /** What happened to a table, or to one of its operations. */
  public enum Status {
    /** Something was changed, and nothing failed. */
    DONE,
    /** Nothing was due (a table), or the operation found nothing to do. */
    NOTHING_TO_DO,
    /** A dry run: planned, nothing changed. */
    PLANNED,
    /** It failed: the error says why. A table fails when its health or one of its operations fails. */
    FAILED,
    /** Not run because an earlier operation of the table failed. */
    SKIPPED;

    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One table.
   *
   * @param before its figures before (null when health failed)
   * @param after its figures after the operations (the same as before when nothing was changed; null when health
   *     failed or after a dry run)
   * @param error why it failed, one line; null unless failed
   * @param errorCode the error's code; null unless failed
   */
  public record Table(String table, Status status, List<Step> steps, Figures before, Figures after,
      long elapsedMillis, String error, ErrorCode errorCode) {
    public Table {
      steps = List.copyOf(steps);
    }
  }

  /**
   * One operation of a table.
   *
   * @param form how it ran: {@code optimize}, {@code zorder by a, b}, {@code vacuum lite}, ...
   * @param reasons why it was due
   * @param summary what it did (or would do, in a dry run), in one line
   * @param metrics its figures, with the names of the operation's own JSON ({@code numFilesAdded},
   *     {@code numDeletedFiles}, ...)
   * @param attempts how many times it ran (more than one after conflicting commits)
   */
  public record Step(MaintainOperation operation, String form, List<String> reasons, Status status, String summary,
      Map<String, Object> metrics, int attempts, long elapsedMillis, String error, ErrorCode errorCode) {
    public Step {
      reasons = List.copyOf(reasons);
      metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
  }

  /** The health figures maintain compares before and after, with health's names. */
  public record Figures(long version, long numFiles, long sizeInBytes, long numSmallFiles, long numRecords,
      long numDeletedRows, long filesWithoutStats, long commitsSinceCheckpoint, long logFiles,
      long logFilesPastRetention, HealthCheck.Verdict verdict, List<String> due) {

    public static Figures of(HealthResult h) {
      return new Figures(h.log().version(), h.files().numFiles(), h.files().sizeInBytes(), h.files().numSmallFiles(),
          h.rows().numRecords(), h.rows().numDeletedRows(), h.rows().filesWithoutStats(),
          h.log().commitsSinceCheckpoint(), h.log().logFiles(), h.log().logFilesPastRetention(), h.verdict(),
          h.checks().stream().filter(c -> c.verdict() != HealthCheck.Verdict.OK).map(HealthCheck::name).toList());
    }
  }
}
