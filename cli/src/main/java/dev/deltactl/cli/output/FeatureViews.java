package dev.deltactl.cli.output;

import dev.deltactl.core.api.FeatureResult;
import dev.deltactl.core.api.PurgeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How feature list, feature drop and purge look in each output format. */
public final class FeatureViews {
  private static final List<String> FEATURE_COLUMNS = List.of("feature", "type", "legacy", "enabledBy", "inUse",
      "droppable", "dropMode");
  private static final List<String> FILE_COLUMNS = List.of("path", "sizeBytes", "numRecords", "deletedRows");

  private FeatureViews() {}

  public static Rendered of(FeatureResult r) {
    return r.drop() == null ? list(r) : drop(r);
  }

  private static List<Object> row(FeatureResult.Feature f) {
    return Arrays.asList(f.name(), f.type(), f.legacy(), f.enabledBy(), f.inUse(), f.droppable(), f.dropMode());
  }

  private static List<Map<String, Object>> json(List<FeatureResult.Feature> features) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (FeatureResult.Feature f : features) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("type", f.type());
      m.put("legacy", f.legacy());
      m.put("enabledBy", f.enabledBy());
      m.put("inUse", f.inUse());
      m.put("droppable", f.droppable());
      m.put("dropMode", f.dropMode());
      out.add(m);
    }
    return out;
  }

  /**
   * json: {@code {"table", "version", "minReaderVersion", "minWriterVersion", "features": [{"name", "type",
   * "legacy", "enabledBy", "inUse", "droppable", "dropMode"}]}}; csv: one row per feature, with the table, version
   * and protocol versions on each.
   */
  private static Rendered list(FeatureResult r) {
    List<List<Object>> rows = new ArrayList<>();
    List<List<Object>> flat = new ArrayList<>();
    for (FeatureResult.Feature f : r.features()) {
      rows.add(row(f));
      List<Object> c = new ArrayList<>(Arrays.asList(r.table(), r.version(), r.minReaderVersion(),
          r.minWriterVersion()));
      c.addAll(row(f));
      flat.add(c);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", r.table());
    json.put("version", r.version());
    json.put("minReaderVersion", r.minReaderVersion());
    json.put("minWriterVersion", r.minWriterVersion());
    json.put("features", json(r.features()));
    Tabular summary = Tabular.record(List.of("table", "version", "minReaderVersion", "minWriterVersion"),
        Arrays.asList(r.table(), r.version(), r.minReaderVersion(), r.minWriterVersion()));
    List<String> flatColumns = new ArrayList<>(List.of("table", "version", "minReaderVersion", "minWriterVersion"));
    flatColumns.addAll(FEATURE_COLUMNS);
    return new Rendered(json, List.of(summary, Tabular.grid(FEATURE_COLUMNS, rows).titled("features")),
        Tabular.grid(flatColumns, flat));
  }

  /**
   * json: {@code {"result", "table", "feature", "truncateHistory", "readVersion", "version", "versionsCommitted",
   * "retention", "steps": [...], "minReaderVersion", "minWriterVersion", "features": [...], "elapsedMillis"}};
   * csv: one record, the steps joined by {@code "; "} and the features by {@code " "}.
   */
  private static Rendered drop(FeatureResult r) {
    FeatureResult.Drop d = r.drop();
    String result = r.status() == FeatureResult.Status.DROPPED ? "dropped" : "dry-run";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("result", result);
    json.put("table", r.table());
    json.put("feature", d.feature());
    json.put("truncateHistory", d.truncateHistory());
    json.put("readVersion", r.readVersion());
    json.put("version", r.version());
    json.put("versionsCommitted", d.versionsCommitted());
    json.put("retention", d.retention());
    json.put("steps", d.steps());
    json.put("minReaderVersion", r.minReaderVersion());
    json.put("minWriterVersion", r.minWriterVersion());
    json.put("features", json(r.features()));
    json.put("elapsedMillis", r.elapsedMillis());
    String said = r.status() == FeatureResult.Status.DROPPED ? "dropped " + d.feature()
        : "dry run: nothing was committed";
    String protocol = r.minReaderVersion() + "/" + r.minWriterVersion();
    String names = String.join(" ", r.features().stream().map(FeatureResult.Feature::name).toList());
    Tabular summary = Tabular.record(List.of("result", "table", "version", "protocol", "features", "elapsed"),
        Arrays.asList(said, r.table(), r.version() != r.readVersion() ? r.readVersion() + " -> " + r.version()
            : String.valueOf(r.version()), protocol, names,
            String.format(Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0)));
    List<List<Object>> steps = new ArrayList<>();
    for (int i = 0; i < d.steps().size(); i++) {
      steps.add(Arrays.asList(i + 1, d.steps().get(i)));
    }
    Tabular plan = Tabular.grid(List.of("step", "what Delta does"), steps)
        .titled(r.status() == FeatureResult.Status.DROPPED ? "done" : "plan");
    Tabular flat = Tabular.record(List.of("result", "table", "feature", "truncateHistory", "readVersion", "version",
        "versionsCommitted", "retention", "steps", "minReaderVersion", "minWriterVersion", "features",
        "elapsedMillis"), Arrays.asList(result, r.table(), d.feature(), d.truncateHistory(), r.readVersion(),
        r.version(), d.versionsCommitted(), d.retention(), String.join("; ", d.steps()), r.minReaderVersion(),
        r.minWriterVersion(), names, r.elapsedMillis()));
    return new Rendered(json, List.of(summary, plan), flat);
  }

  /**
   * json: {@code {"result", "table", "readVersion", "version", "numFiles", "deletedRows", "bytes", "files": [{"path",
   * "sizeBytes", "numRecords", "deletedRows"}], "numFilesRemoved", "numFilesAdded", "numDeletionVectorsRemoved",
   * "elapsedMillis"}}; csv: one row per file with the result's fields on each (one row without a file when none).
   */
  public static Rendered purge(PurgeResult r) {
    String result = switch (r.status()) {
      case PURGED -> "purged";
      case NOTHING_TO_PURGE -> "nothing-to-purge";
      case DRY_RUN -> "dry-run";
    };
    List<Map<String, Object>> files = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (PurgeResult.DvFile f : r.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("sizeBytes", f.sizeBytes());
      m.put("numRecords", f.numRecords());
      m.put("deletedRows", f.deletedRows());
      files.add(m);
      rows.add(Arrays.asList(f.path(), f.sizeBytes(), f.numRecords(), f.deletedRows()));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("result", result);
    json.put("table", r.table());
    json.put("readVersion", r.readVersion());
    json.put("version", r.version());
    json.put("numFiles", r.files().size());
    json.put("deletedRows", r.deletedRows());
    json.put("bytes", r.bytes());
    json.put("files", files);
    json.put("numFilesRemoved", r.numFilesRemoved());
    json.put("numFilesAdded", r.numFilesAdded());
    json.put("numDeletionVectorsRemoved", r.numDeletionVectorsRemoved());
    json.put("elapsedMillis", r.elapsedMillis());
    String said = switch (r.status()) {
      case PURGED -> "purged: " + r.deletedRows() + " deleted rows physically removed";
      case NOTHING_TO_PURGE -> "nothing to purge: no file carries a deletion vector";
      case DRY_RUN -> "dry run: nothing was rewritten";
    };
    Tabular summary = Tabular.record(List.of("result", "table", "version", "files", "deletedRows", "bytes",
        "filesRemoved", "filesAdded", "elapsed"), Arrays.asList(said, r.table(),
        r.version() != r.readVersion() ? r.readVersion() + " -> " + r.version() : String.valueOf(r.version()),
        r.files().size(), r.deletedRows(), r.bytes(), r.numFilesRemoved(), r.numFilesAdded(),
        String.format(Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0)));
    List<Tabular> shown = new ArrayList<>(List.of(summary));
    if (!rows.isEmpty()) {
      shown.add(Tabular.grid(FILE_COLUMNS, rows).titled(r.status() == PurgeResult.Status.PURGED ? "rewritten"
          : "would rewrite"));
    }
    List<String> flatColumns = new ArrayList<>(List.of("result", "table", "readVersion", "version"));
    flatColumns.addAll(FILE_COLUMNS);
    flatColumns.addAll(List.of("numFilesRemoved", "numFilesAdded", "numDeletionVectorsRemoved", "elapsedMillis"));
    List<List<Object>> flat = new ArrayList<>();
    List<List<Object>> perFile = rows.isEmpty() ? List.of(Arrays.asList(null, null, null, null)) : rows;
    for (List<Object> f : perFile) {
      List<Object> c = new ArrayList<>(Arrays.asList(result, r.table(), r.readVersion(), r.version()));
      c.addAll(f);
      c.addAll(Arrays.asList(r.numFilesRemoved(), r.numFilesAdded(), r.numDeletionVectorsRemoved(),
          r.elapsedMillis()));
      flat.add(c);
    }
    return new Rendered(json, shown, Tabular.grid(flatColumns, flat));
  }
}
