package dev.deltactl.core.api;

import dev.deltactl.core.api.PropertiesResult.Change;
import dev.deltactl.core.api.PropertiesResult.Property;
import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What properties list shows and what set or unset would change, from what the table has now; no engine. */
public final class PropertiesPlanner {
  private PropertiesPlanner() {}

  /**
   * What the planner reads of a table.
   *
   * @param properties the log's metadata configuration
   * @param columns the top-level column names
   * @param features the protocol's table features (explicit and implied)
   */
  public record TableState(String table, long version, Map<String, String> properties, List<String> columns,
      List<String> partitionColumns, int minReaderVersion, int minWriterVersion, Collection<String> features) {

    public static TableState of(String table, TableDetail d) {
      return new TableState(table, d.version(), d.properties(), d.schema().stream().map(ColumnInfo::name).toList(),
          d.partitionColumns(), d.minReaderVersion(), d.minWriterVersion(), d.tableFeatures());
    }
  }

  /** The properties, sorted by key; with {@code all}, Delta's defaults of the known keys the table does not set. */
  public static PropertiesResult list(TableState t, boolean all, long elapsedMillis) {
    Map<String, Property> out = new TreeMap<>();
    t.properties().forEach((k, v) -> out.put(k, new Property(k, v, TableProperties.Namespace.of(k), true)));
    if (all) {
      for (TableProperties.Known k : TableProperties.deltaKeys()) {
        if (k.deltaDefault() != null && !out.containsKey(k.key()) && k.type() != TableProperties.Type.NOT_SETTABLE) {
          out.put(k.key(), new Property(k.key(), k.deltaDefault(), TableProperties.Namespace.DELTA, false));
        }
      }
    }
    return new PropertiesResult(PropertiesResult.Status.LISTED, t.table(), t.version(), t.version(),
        List.copyOf(out.values()), List.of(), Map.of(), Map.of(), elapsedMillis);
  }

  /**
   * The change a set or unset makes: every key and value checked against the table (columns, protocol); only
   * the keys whose value changes. Status {@code UNCHANGED} when none does, else {@code DRY_RUN}.
   */
  public static PropertiesResult plan(PropertiesRequest r, TableState t, long elapsedMillis) {
    if (r.action() == PropertiesRequest.Action.LIST) {
      return list(t, r.all(), elapsedMillis);
    }
    Map<String, String> before = new TreeMap<>(t.properties());
    Map<String, String> after = new TreeMap<>(t.properties());
    List<Change> changes = new ArrayList<>();
    if (r.action() == PropertiesRequest.Action.SET) {
      for (Map.Entry<String, String> e : r.set().entrySet()) {
        String key = e.getKey();
        String value = e.getValue();
        TableProperties.checkSet(key, value, t.columns(), t.partitionColumns());
        String current = before.get(key);
        if (key.equals("delta.minReaderVersion") || key.equals("delta.minWriterVersion")) {
          boolean reader = key.equals("delta.minReaderVersion");
          int now = reader ? t.minReaderVersion() : t.minWriterVersion();
          int asked = Integer.parseInt(value);
          if (asked < now) {
            throw DeltactlException.invalid("cannot set " + key + " to " + asked + ": the table is at "
                + (reader ? "reader" : "writer") + " version " + now + " and Delta never lowers a protocol"
                + " version (drop features with ALTER TABLE ... DROP FEATURE instead)");
          }
          if (asked == now) {
            continue;
          }
          changes.add(new Change(key, TableProperties.Namespace.DELTA, String.valueOf(now), value,
              (reader ? "reader" : "writer") + " version " + asked));
          continue; // Delta keeps protocol versions in the protocol, not in the properties
        }
        if (Objects.equals(current, value)) {
          continue;
        }
        String implied = TableProperties.impliedFeature(key, value);
        String feature = implied != null && t.features().stream().anyMatch(f -> f.equalsIgnoreCase(implied))
            ? null : implied;
        changes.add(new Change(key, TableProperties.Namespace.of(key), current, value, feature));
        after.put(key, value);
      }
    } else {
      for (String key : r.unset()) {
        boolean isSet = before.containsKey(key);
        TableProperties.checkKey(key, true, isSet);
        if (isSet) {
          changes.add(new Change(key, TableProperties.Namespace.of(key), before.get(key), null, null));
          after.remove(key);
        }
      }
    }
    return new PropertiesResult(changes.isEmpty() ? PropertiesResult.Status.UNCHANGED
        : PropertiesResult.Status.DRY_RUN, t.table(), t.version(), t.version(), List.of(), List.copyOf(changes),
        before, after, elapsedMillis);
  }

  /** The result of a committed change: the version committed and the properties read back. */
  public static PropertiesResult committed(PropertiesResult plan, long version, Map<String, String> after,
      long elapsedMillis) {
    return new PropertiesResult(PropertiesResult.Status.COMMITTED, plan.table(), plan.readVersion(), version,
        List.of(), plan.changes(), plan.before(), new TreeMap<>(after), elapsedMillis);
  }

  /** Whether a key is kept in the protocol rather than in the properties. */
  public static boolean isProtocolKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.equals("delta.minreaderversion") || k.equals("delta.minwriterversion");
  }
}
