package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.Objects;

/**
 * List a table's protocol features, or drop one ({@code ALTER TABLE ... DROP FEATURE name [TRUNCATE HISTORY]}).
 *
 * @param name for {@link Action#DROP}: the feature, in Delta's spelling
 * @param truncateHistory for {@link Action#DROP}: Delta's {@code TRUNCATE HISTORY} way (wait, then truncate the log)
 * @param dryRun plan and print, commit nothing
 */
public record FeatureRequest(Action action, TableRef table, String name, boolean truncateHistory, boolean dryRun) {

  public enum Action {
    LIST,
    DROP
  }

  public FeatureRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(table, "table").requireCurrent("feature " + action.name().toLowerCase(java.util.Locale.ROOT));
    if (action == Action.DROP && (name == null || name.isBlank())) {
      throw DeltactlException.invalid("feature drop needs the name of a feature (feature list TABLE shows them)");
    }
    name = name == null ? null : name.strip();
  }

  public static FeatureRequest list(TableRef table) {
    return new FeatureRequest(Action.LIST, table, null, false, false);
  }

  public static FeatureRequest drop(TableRef table, String name, boolean truncateHistory, boolean dryRun) {
    return new FeatureRequest(Action.DROP, table, name, truncateHistory, dryRun);
  }

  /** The same drop, planned only. */
  public FeatureRequest asDryRun() {
    return new FeatureRequest(action, table, name, truncateHistory, true);
  }
}
