package dev.deltactl.core.api;

import java.util.List;

/**
 * What {@code maintain} will do to one table, decided from its health: the operations that are due, in the order
 * they run.
 */
public record MaintainPlan(String table, List<Step> steps) {
  public MaintainPlan {
    steps = List.copyOf(steps);
  }

  /**
   * One operation.
   *
   * @param form how it runs: {@code optimize}, {@code zorder by a, b}, {@code vacuum lite}, ...
   * @param zOrderBy for optimize: the table's {@code deltactl.zorder.by} columns, else empty
   * @param reasons why it is due: the reasons of the checks that asked for it
   */
  public record Step(MaintainOperation operation, String form, List<String> zOrderBy, List<String> reasons) {
    public Step {
      zOrderBy = List.copyOf(zOrderBy);
      reasons = List.copyOf(reasons);
    }
  }
}
