package dev.deltactl.core.api;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.deltactl.core.error.DeltactlException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The operations {@code maintain} may run on a table, in the order it runs them. */
public enum MaintainOperation {
  /** optimize, or zorder by the table's {@code deltactl.zorder.by}: small files, deleted rows, statistics. */
  OPTIMIZE("optimize"),
  /** bloom-index build: files without a filter for an indexed column. */
  BLOOM_INDEX("bloom-index"),
  /** checkpoint: commits since the last checkpoint. */
  CHECKPOINT("checkpoint"),
  /** vacuum with the table's retention: files removed longer ago than it. */
  VACUUM("vacuum"),
  /** log-cleanup with the table's log retention: expired log files. */
  LOG_CLEANUP("log-cleanup");

  private final String label;

  MaintainOperation(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** The operations of a comma-separated list of names; an unknown name is exit 2 naming the nearest. */
  public static Set<MaintainOperation> parse(List<String> names, String option) {
    Set<MaintainOperation> out = EnumSet.noneOf(MaintainOperation.class);
    for (String list : names) {
      for (String raw : list.split(",", -1)) {
        String name = raw.strip();
        MaintainOperation op = Arrays.stream(values()).filter(o -> o.label.equalsIgnoreCase(name)
            || (o == OPTIMIZE && name.equalsIgnoreCase("zorder"))).findFirst().orElse(null);
        if (op == null) {
          List<String> labels = Arrays.stream(values()).map(MaintainOperation::label).toList();
          throw DeltactlException.invalid("unknown operation '" + name + "' in " + option + ": did you mean "
              + TableProperties.nearest(name, labels) + "? (operations: " + String.join(", ", labels) + ")");
        }
        out.add(op);
      }
    }
    return out;
  }
}
