package dev.deltactl.core.api;

import java.util.List;
import java.util.Map;

/**
 * What properties list, set or unset found or did.
 *
 * @param readVersion the version the properties were read (and the change planned) from
 * @param version the version afterwards: the version committed, else {@code readVersion}
 * @param properties for list: the properties (with Delta's defaults of the known keys not set when asked)
 * @param changes for set and unset: what changes (only keys whose value changes)
 * @param before for set and unset: every property before
 * @param after for set and unset: every property after (planned, for a dry run)
 */
public record PropertiesResult(Status status, String table, long readVersion, long version,
    List<Property> properties, List<Change> changes, Map<String, String> before, Map<String, String> after,
    long elapsedMillis) {

  public enum Status {
    LISTED,
    COMMITTED,
    /** Every value was already as asked: nothing was committed. */
    UNCHANGED,
    DRY_RUN
  }

  /**
   * One property.
   *
   * @param set whether the table sets it (false: Delta's default shown with --all)
   */
  public record Property(String key, String value, TableProperties.Namespace namespace, boolean set) {}

  /**
   * One change.
   *
   * @param before the value before, null if not set
   * @param after the value after, null when unset
   * @param protocolUpgrade the table feature the change adds to the protocol, null if none or the table has it
   */
  public record Change(String key, TableProperties.Namespace namespace, String before, String after,
      String protocolUpgrade) {}
}
