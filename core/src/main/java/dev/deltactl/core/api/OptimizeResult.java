package dev.deltactl.core.api;

import java.util.Map;

/**
 * What optimize did.
 *
 * @param status what happened: {@code OPTIMIZED}, {@code DRY_RUN} or {@code NOTHING_TO_DO}
 * @param plan the plan it followed (for a retried run, the last one)
 * @param version the table version afterwards (unchanged unless optimized)
 * @param metrics Delta's optimize metrics with Delta's names ({@code numFilesAdded}, {@code filesAdded},
 *     {@code zOrderStats}, ...); empty unless optimized
 * @param attempts how many times it ran (more than one after conflicts)
 */
public record OptimizeResult(
    Status status, OptimizePlan plan, long version, Map<String, Object> metrics, long elapsedMillis, int attempts) {

  public enum Status {
    OPTIMIZED,
    DRY_RUN,
    NOTHING_TO_DO
  }
}
