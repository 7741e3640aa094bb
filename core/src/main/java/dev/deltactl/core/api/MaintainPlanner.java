package dev.deltactl.core.api;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Decides from a table's health and properties which operations are due: pure, no I/O. */
public final class MaintainPlanner {
  private MaintainPlanner() {}

  /** The operation each health check asks for when it is due or bad. */
  static MaintainOperation operationOf(String check) {
    return switch (check) {
      case "smallFiles", "deletedRows", "statistics" -> MaintainOperation.OPTIMIZE;
      case "bloomIndex" -> MaintainOperation.BLOOM_INDEX;
      case "checkpoint" -> MaintainOperation.CHECKPOINT;
      case "vacuum" -> MaintainOperation.VACUUM;
      case "logCleanup" -> MaintainOperation.LOG_CLEANUP;
      default -> null;
    };
  }

  /**
   * @param health the table's health
   * @param properties the table's properties ({@code deltactl.zorder.by}, {@code deltactl.bloomFilter.*})
   * @param allowed the operations this run may do
   * @param vacuumMode the mode vacuum runs in
   */
  public static MaintainPlan plan(HealthResult health, Map<String, String> properties, Set<MaintainOperation> allowed,
      VacuumRequest.Mode vacuumMode) {
    return plan(health, properties, List.of(), allowed, vacuumMode);
  }

  /**
   * @param clusteringColumns the table's liquid clustering columns, empty when not clustered: a clustered table is
   *     optimized plainly (Delta clusters it), never Z-ordered, whatever {@code deltactl.zorder.by} says
   */
  public static MaintainPlan plan(HealthResult health, Map<String, String> properties, List<String> clusteringColumns,
      Set<MaintainOperation> allowed, VacuumRequest.Mode vacuumMode) {
    Map<MaintainOperation, List<String>> due = new EnumMap<>(MaintainOperation.class);
    boolean bloomChecked = false;
    for (HealthCheck c : health.checks()) {
      MaintainOperation op = operationOf(c.name());
      bloomChecked |= op == MaintainOperation.BLOOM_INDEX;
      if (op != null && c.verdict() != HealthCheck.Verdict.OK) {
        due.computeIfAbsent(op, k -> new ArrayList<>()).add(c.name() + " " + c.verdict().label() + ": " + c.reason());
      }
    }
    if (!bloomChecked && properties.keySet().stream().anyMatch(k -> k.startsWith(TableProperties.BLOOM_FILTER_PREFIX))) {
      // health does not read footers: build finds the files without filters itself and does nothing when none
      due.put(MaintainOperation.BLOOM_INDEX, List.of("the table has bloom-index definitions: build rewrites the"
          + " files without filters, if any"));
    }
    List<String> zorder = clusteringColumns.isEmpty() ? zOrderBy(properties) : List.of();
    List<MaintainPlan.Step> steps = new ArrayList<>();
    for (MaintainOperation op : MaintainOperation.values()) {
      if (!due.containsKey(op) || !allowed.contains(op)) {
        continue;
      }
      String form = switch (op) {
        case OPTIMIZE -> !clusteringColumns.isEmpty() ? "optimize (clustering by " + String.join(", ", clusteringColumns)
            + ")" : zorder.isEmpty() ? "optimize" : "zorder by " + String.join(", ", zorder);
        case BLOOM_INDEX -> "bloom-index build";
        case VACUUM -> "vacuum " + vacuumMode.name().toLowerCase(Locale.ROOT);
        default -> op.label();
      };
      steps.add(new MaintainPlan.Step(op, form, op == MaintainOperation.OPTIMIZE ? zorder : List.of(), due.get(op)));
    }
    return new MaintainPlan(health.table(), steps);
  }

  /** The table's {@code deltactl.zorder.by} columns, else empty. */
  static List<String> zOrderBy(Map<String, String> properties) {
    String v = properties.get(TableProperties.ZORDER_BY);
    return v == null || v.isBlank() ? List.of() : TableProperties.columnList(TableProperties.ZORDER_BY, v);
  }
}
