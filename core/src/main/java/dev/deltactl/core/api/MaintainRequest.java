package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keep tables healthy: for each table, {@code health}, then the operations its checks say are due, in a safe
 * order ({@link MaintainOperation}), each with its plan. A table that fails is reported and the next one goes on.
 *
 * @param tables the tables, each once
 * @param policy the run's policy overrides (as for health)
 * @param operations the operations this run may do (all by default)
 * @param dryRun plan every operation and change nothing
 * @param retries how many times an operation is re-planned and retried after a conflicting concurrent commit
 * @param vacuumMode how vacuum finds files: {@code LITE} (default) deletes what the log says was removed longer
 *     ago than the retention, without listing the table; {@code FULL} lists it
 */
public record MaintainRequest(List<TableRef> tables, HealthPolicy.Overrides policy,
    Set<MaintainOperation> operations, boolean dryRun, int retries, VacuumRequest.Mode vacuumMode) {

  public static final int DEFAULT_RETRIES = 3;

  public MaintainRequest {
    tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
    if (tables.isEmpty()) {
      throw DeltactlException.invalid("maintain needs at least one table");
    }
    Set<String> seen = new HashSet<>();
    for (TableRef t : tables) {
      t.requireCurrent("maintain");
      if (!seen.add(t.display().replaceAll("(?<=.)/+$", ""))) {
        throw DeltactlException.invalid("table " + t.display() + " is named twice: name each table once");
      }
    }
    policy = policy == null ? HealthPolicy.Overrides.NONE : policy;
    operations = operations == null || operations.isEmpty() ? EnumSet.allOf(MaintainOperation.class)
        : Collections.unmodifiableSet(EnumSet.copyOf(operations));
    if (retries < 0 || retries > 100) {
      throw DeltactlException.invalid("--retries must be between 0 and 100, got " + retries);
    }
    vacuumMode = vacuumMode == null ? VacuumRequest.Mode.LITE : vacuumMode;
  }
}
