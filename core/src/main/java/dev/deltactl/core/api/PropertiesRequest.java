package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * List, set or unset a table's properties. Keys and values are checked here, before any engine opens (what
 * needs the table, such as the columns {@code deltactl.zorder.by} names, when the table is read).
 *
 * @param set for {@link Action#SET}: the keys (Delta's keys in Delta's spelling) and their values, in order
 * @param unset for {@link Action#UNSET}: the keys
 * @param all for {@link Action#LIST}: also Delta's defaults of the known keys not set
 * @param dryRun plan and print, commit nothing
 */
public record PropertiesRequest(Action action, TableRef table, Map<String, String> set, List<String> unset,
    boolean all, boolean dryRun) {

  public enum Action {
    LIST,
    SET,
    UNSET
  }

  public PropertiesRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(table, "table").requireCurrent("properties " + action.name().toLowerCase(java.util.Locale.ROOT));
    Map<String, String> s = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : (set == null ? Map.<String, String>of() : set).entrySet()) {
      String key = TableProperties.canonical(e.getKey());
      TableProperties.checkKey(key, false, false);
      TableProperties.checkValue(key, e.getValue(), null, null);
      if (s.containsKey(key) && !Objects.equals(s.get(key), e.getValue())) {
        throw DeltactlException.invalid("'" + key + "' is given twice, with different values");
      }
      s.put(key, e.getValue());
    }
    List<String> u = new ArrayList<>();
    for (String k : unset == null ? List.<String>of() : unset) {
      String key = TableProperties.canonical(k);
      if (key.isBlank()) {
        throw DeltactlException.invalid("a property key must not be empty");
      }
      if (!u.contains(key)) {
        u.add(key);
      }
    }
    if (action == Action.SET && s.isEmpty()) {
      throw DeltactlException.invalid("properties set needs at least one KEY=VALUE");
    }
    if (action == Action.UNSET && u.isEmpty()) {
      throw DeltactlException.invalid("properties unset needs at least one KEY");
    }
    set = java.util.Collections.unmodifiableMap(s);
    unset = List.copyOf(u);
  }

  public static PropertiesRequest list(TableRef table, boolean all) {
    return new PropertiesRequest(Action.LIST, table, Map.of(), List.of(), all, false);
  }

  public static PropertiesRequest set(TableRef table, Map<String, String> values, boolean dryRun) {
    return new PropertiesRequest(Action.SET, table, values, List.of(), false, dryRun);
  }

  public static PropertiesRequest unset(TableRef table, List<String> keys, boolean dryRun) {
    return new PropertiesRequest(Action.UNSET, table, Map.of(), keys, false, dryRun);
  }

  /** The same change, planned only. */
  public PropertiesRequest asDryRun() {
    return new PropertiesRequest(action, table, set, unset, all, true);
  }

  /**
   * Parses {@code KEY=VALUE} arguments (the value may hold {@code =}; an empty value is allowed).
   */
  public static Map<String, String> parseAssignments(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw DeltactlException.invalid("expected KEY=VALUE, got '" + a + "'");
      }
      String key = a.substring(0, eq).strip();
      String value = a.substring(eq + 1);
      if (out.containsKey(key) && !out.get(key).equals(value)) {
        throw DeltactlException.invalid("'" + key + "' is given twice, with different values");
      }
      out.put(key, value);
    }
    return out;
  }
}
