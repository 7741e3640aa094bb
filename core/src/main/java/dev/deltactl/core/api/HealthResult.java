package dev.deltactl.core.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * A table's health: its figures (flat in JSON, each under a stable name), the size histogram, the partitions
 * (with {@code --by-partition}, else empty), the policy in effect, and the checks.
 */
public record HealthResult(String table, @JsonUnwrapped HealthFigures.Files files,
    @JsonUnwrapped HealthFigures.Rows rows, @JsonUnwrapped HealthFigures.Log log,
    @JsonUnwrapped HealthFigures.Tombstones tombstones, @JsonUnwrapped HealthFigures.Columns columns,
    @JsonUnwrapped HealthFigures.Protocol protocol, List<HealthFigures.Bucket> sizeHistogram,
    List<HealthFigures.Partition> partitions, Map<String, Number> policy, List<HealthCheck> checks) {

  /** The worst verdict of the checks. */
  @com.fasterxml.jackson.annotation.JsonProperty("verdict")
  public HealthCheck.Verdict verdict() {
    return checks.stream().map(HealthCheck::verdict).max(Enum::compareTo).orElse(HealthCheck.Verdict.OK);
  }
}
