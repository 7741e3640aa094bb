package dev.deltactl.cli.output;

import dev.deltactl.core.api.PropertiesResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How properties list, set and unset look in each output format. */
public final class PropertiesViews {
  private static final List<String> LIST_COLUMNS = List.of("key", "value", "namespace", "source");
  private static final List<String> CHANGE_COLUMNS = List.of("key", "namespace", "before", "after",
      "protocolUpgrade");

  private PropertiesViews() {}

  public static Rendered of(PropertiesResult r) {
    return r.status() == PropertiesResult.Status.LISTED ? list(r) : change(r);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * json: {@code {"table", "version", "properties": [{"key", "value", "namespace", "set"}]}}, sorted by key;
   * {@code set} is false for Delta's defaults shown with {@code --all}.
   */
  private static Rendered list(PropertiesResult r) {
    List<Map<String, Object>> props = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (PropertiesResult.Property p : r.properties()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", p.key());
      m.put("value", p.value());
      m.put("namespace", lower(p.namespace()));
      m.put("set", p.set());
      props.add(m);
      rows.add(Arrays.asList(p.key(), p.value(), lower(p.namespace()), p.set() ? "table" : "default"));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", r.table());
    json.put("version", r.version());
    json.put("properties", props);
    return new Rendered(json, Tabular.grid(LIST_COLUMNS, rows));
  }

  /**
   * json: {@code {"result", "table", "readVersion", "version", "changes": [{"key", "namespace", "before",
   * "after", "protocolUpgrade"}], "before": {...}, "after": {...}, "elapsedMillis"}}.
   */
  private static Rendered change(PropertiesResult r) {
    String result = switch (r.status()) {
      case COMMITTED -> "committed";
      case UNCHANGED -> "unchanged";
      case DRY_RUN -> "dry-run";
      case LISTED -> "listed";
    };
    List<Map<String, Object>> changes = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (PropertiesResult.Change c : r.changes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", c.key());
      m.put("namespace", lower(c.namespace()));
      m.put("before", c.before());
      m.put("after", c.after());
      m.put("protocolUpgrade", c.protocolUpgrade());
      changes.add(m);
      rows.add(Arrays.asList(c.key(), lower(c.namespace()), c.before(), c.after(), c.protocolUpgrade()));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("result", result);
    json.put("table", r.table());
    json.put("readVersion", r.readVersion());
    json.put("version", r.version());
    json.put("changes", changes);
    json.put("before", r.before());
    json.put("after", r.after());
    json.put("elapsedMillis", r.elapsedMillis());
    String said = switch (r.status()) {
      case COMMITTED -> "committed";
      case UNCHANGED -> "unchanged: every value is already as asked, nothing to commit";
      default -> "dry run: nothing was committed";
    };
    Tabular summary = Tabular.record(List.of("result", "table", "version", "elapsed"), Arrays.asList(said,
        r.table(), r.version() != r.readVersion() ? r.readVersion() + " -> " + r.version()
            : String.valueOf(r.version()),
        String.format(Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0)));
    List<Tabular> shown = new ArrayList<>(List.of(summary));
    Tabular grid = Tabular.grid(CHANGE_COLUMNS, rows);
    if (!rows.isEmpty()) {
      shown.add(grid.titled(r.status() == PropertiesResult.Status.COMMITTED ? "changed" : "would change"));
    }
    return new Rendered(json, shown, grid);
  }
}
