package dev.deltactl.cli.output;

import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.api.ChangesResult;
import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.ConvertPlan;
import dev.deltactl.core.api.ConvertResult;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.CreateTableResult;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.OptimizePlan;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.RestorePlan;
import dev.deltactl.core.api.RestoreResult;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.Sizes;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.api.VacuumPlan;
import dev.deltactl.core.api.VacuumResult;
import dev.deltactl.core.api.SqlResult;
import dev.deltactl.core.api.TableDetail;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How each result looks in each output format. */
public final class Views {
  private static final List<String> DETAIL_COLUMNS = List.of(
      "format", "id", "name", "description", "location", "createdAt", "lastModified", "partitionColumns",
      "clusteringColumns", "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion",
      "tableFeatures", "version", "schema");
  private static final List<String> HISTORY_COLUMNS = List.of(
      "version", "timestamp", "userId", "userName", "operation", "operationParameters", "readVersion",
      "isolationLevel", "isBlindAppend", "operationMetrics", "userMetadata", "engineInfo");
  private static final List<String> HISTORY_TABLE_COLUMNS = List.of(
      "version", "timestamp", "operation", "operationParameters", "operationMetrics", "userName",
      "readVersion", "isolationLevel", "isBlindAppend", "userMetadata", "engineInfo");

  private Views() {}

  public static Rendered describe(TableDetail d) {
    return detailTables(d, d, List.of(), List.of());
  }

  public static Rendered create(CreateTableResult r) {
    String action = switch (r.action()) {
      case CREATED -> "created";
      case REPLACED -> "replaced";
      case ALREADY_EXISTS -> "already exists (unchanged)";
    };
    return detailTables(r, r.table(), List.of("result"), List.of(action));
  }

  private static Rendered detailTables(Object json, TableDetail d, List<String> preColumns, List<Object> preValues) {
    List<Object> values = new ArrayList<>(preValues);
    values.addAll(Arrays.asList(
        d.format(), d.id(), d.name(), d.description(), d.location(), d.createdAt(), d.lastModified(),
        d.partitionColumns(), d.clusteringColumns(), d.numFiles(), d.sizeInBytes(), d.properties(),
        d.minReaderVersion(), d.minWriterVersion(), d.tableFeatures(), d.version(), ddl(d.schema())));
    List<String> columns = new ArrayList<>(preColumns);
    columns.addAll(DETAIL_COLUMNS);
    // the table format shows the schema as its own grid instead of a DDL line
    List<String> headColumns = columns.subList(0, columns.size() - 1);
    List<Object> headValues = values.subList(0, values.size() - 1);
    List<List<Object>> schemaRows = d.schema().stream()
        .map(c -> Arrays.<Object>asList(c.name(), c.type(), c.nullable(),
            d.partitionColumns().contains(c.name()), c.comment()))
        .toList();
    Tabular head = Tabular.record(headColumns, headValues);
    Tabular schema = Tabular.grid(List.of("column", "type", "nullable", "partition", "comment"), schemaRows)
        .titled("schema");
    return new Rendered(json, List.of(head, schema), Tabular.grid(columns, List.of(values)));
  }

  /** A schema in Spark DDL: {@code id BIGINT NOT NULL, name STRING COMMENT 'x'}. */
  static String ddl(List<ColumnInfo> schema) {
    return schema.stream().map(c -> {
      String s = quoteIfNeeded(c.name()) + " " + c.type();
      if (!c.nullable()) {
        s += " NOT NULL";
      }
      if (c.comment() != null) {
        s += " COMMENT '" + c.comment().replace("\\", "\\\\").replace("'", "\\'") + "'";
      }
      return s;
    }).collect(Collectors.joining(", "));
  }

  private static String quoteIfNeeded(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
  }

  public static Rendered history(HistoryResult h) {
    List<List<Object>> full = new ArrayList<>();
    List<List<Object>> shown = new ArrayList<>();
    for (HistoryResult.Entry e : h.entries()) {
      full.add(Arrays.asList(e.version(), e.timestamp(), e.userId(), e.userName(), e.operation(),
          e.operationParameters(), e.readVersion(), e.isolationLevel(), e.isBlindAppend(), e.operationMetrics(),
          e.userMetadata(), e.engineInfo()));
      shown.add(Arrays.asList(e.version(), e.timestamp(), e.operation(), e.operationParameters(),
          e.operationMetrics(), e.userName(), e.readVersion(), e.isolationLevel(), e.isBlindAppend(),
          e.userMetadata(), e.engineInfo()));
    }
    return new Rendered(h.entries(), List.of(Tabular.grid(HISTORY_TABLE_COLUMNS, shown)),
        Tabular.grid(HISTORY_COLUMNS, full));
  }

  private static final List<String> OPTIMIZE_COLUMNS = List.of(
      "status", "table", "readVersion", "version", "zOrderBy", "where", "partitions", "bins", "filesBefore",
      "candidateFiles", "candidateBytes", "expectedFilesAfter", "numFilesRemoved", "numFilesAdded", "bytesRemoved",
      "bytesAdded", "filesAfter", "attempts", "elapsedMillis", "clusteringColumns", "full", "fullRewriteFiles",
      "fullRewriteBytes");

  /**
   * optimize and zorder: a readable summary (files before -> after, bytes, version) in table format, the
   * plan and Delta's metrics whole in JSON, one flat row in CSV.
   */
  public static Rendered optimize(OptimizeResult r) {
    OptimizePlan p = r.plan();
    boolean done = r.status() == OptimizeResult.Status.OPTIMIZED;
    Long removed = done ? number(r.metrics().get("numFilesRemoved")) : null;
    Long added = done ? number(r.metrics().get("numFilesAdded")) : null;
    Long bytesRemoved = done ? number(nested(r.metrics(), "filesRemoved", "totalSize")) : null;
    Long bytesAdded = done ? number(nested(r.metrics(), "filesAdded", "totalSize")) : null;
    Long filesAfter = done && removed != null && added != null ? p.totalFiles() - removed + added : null;
    String status = switch (r.status()) {
      case OPTIMIZED -> "optimized";
      case DRY_RUN -> "dry run: nothing was changed";
      case NOTHING_TO_DO -> "nothing to do: no files to rewrite, no commit made";
    };
    List<Object> flat = Arrays.asList(r.status().name(), p.table(), p.version(), r.version(),
        p.zOrderBy(), p.where(), p.partitions(), p.bins(), p.totalFiles(), p.candidateFiles(), p.candidateBytes(),
        p.expectedFilesAfter(), removed, added, bytesRemoved, bytesAdded, filesAfter, r.attempts(), r.elapsedMillis(),
        p.clusteringColumns(), p.full(), p.fullRewriteFiles(), p.fullRewriteBytes());
    List<String> names = new ArrayList<>(List.of("result", "table", "version"));
    List<Object> values = new ArrayList<>(Arrays.asList(status, p.table(),
        done ? p.version() + " -> " + r.version() : String.valueOf(p.version())));
    if (p.clustered()) {
      names.add("clusteringColumns");
      values.add(String.join(", ", p.clusteringColumns()) + (p.full() ? " (full)" : " (incremental)"));
    }
    if (!p.zOrderBy().isEmpty()) {
      names.add("zOrderBy");
      values.add(String.join(", ", p.zOrderBy()));
    }
    if (p.where() != null) {
      names.add("where");
      values.add(p.where());
    }
    names.add(done ? "files" : "files (planned)");
    values.add(p.totalFiles() + " -> " + (done ? filesAfter : p.expectedFilesAfter()));
    names.add("rewritten");
    values.add(done
        ? removed + " files, " + Sizes.human(bytesRemoved) + " -> " + added + " files, " + Sizes.human(bytesAdded)
        : p.candidateFiles() + " files, " + Sizes.human(p.candidateBytes()) + " in " + p.bins() + " bin"
            + (p.bins() == 1 ? "" : "s") + " across " + p.partitions() + " partition" + (p.partitions() == 1 ? "" : "s"));
    if (p.clustered() && !done) {
      names.add("full run");
      values.add(p.fullRewriteFiles() + " files, " + Sizes.human(p.fullRewriteBytes())
          + (p.full() ? "" : " (optimize --full)"));
    }
    names.add("targetFileSize");
    values.add(Sizes.human(p.targetFileSize()));
    if (r.attempts() > 1) {
      names.add("attempts");
      values.add(r.attempts());
    }
    names.add("elapsed");
    values.add(String.format(java.util.Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0));
    return new Rendered(r, List.of(Tabular.record(names, values)), Tabular.grid(OPTIMIZE_COLUMNS, List.of(flat)));
  }

  private static final List<String> CLUSTER_BY_COLUMNS = List.of(
      "status", "table", "before", "after", "readVersion", "version", "elapsedMillis");

  /** cluster-by: the columns before and after, and the version. */
  public static Rendered clusterBy(dev.deltactl.core.api.ClusterByResult r) {
    String status = switch (r.status()) {
      case CHANGED -> "changed";
      case DRY_RUN -> "dry run: nothing was changed";
      case UNCHANGED -> "unchanged: the table is clustered so already, no commit made";
    };
    String before = r.before().isEmpty() ? "(not clustered)" : String.join(", ", r.before());
    String after = r.after().isEmpty() ? "(not clustered)" : String.join(", ", r.after());
    List<String> names = List.of("result", "table", "clustering", "version", "elapsed");
    List<Object> values = List.of(status, r.table(), before + " -> " + after,
        r.status() == dev.deltactl.core.api.ClusterByResult.Status.CHANGED
            ? r.readVersion() + " -> " + r.version() : String.valueOf(r.version()),
        String.format(java.util.Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0));
    List<Object> flat = Arrays.asList(r.status().name(), r.table(), r.before(), r.after(), r.readVersion(),
        r.version(), r.elapsedMillis());
    return new Rendered(r, List.of(Tabular.record(names, values)), Tabular.grid(CLUSTER_BY_COLUMNS, List.of(flat)));
  }

  private static Object nested(Map<String, Object> m, String a, String b) {
    return m.get(a) instanceof Map<?, ?> inner ? inner.get(b) : null;
  }

  private static Long number(Object v) {
    return v instanceof Number n ? n.longValue() : null;
  }

  /**
   * vacuum: the summary and the first {@code limit} files in table format; everything in JSON; the files to
   * delete in CSV (path, size, modificationTime).
   */
  public static Rendered vacuum(VacuumResult r, int limit) {
    VacuumPlan p = r.plan();
    boolean done = r.status() == VacuumResult.Status.VACUUMED;
    List<String> names = new ArrayList<>(List.of("result", "table", "version", "mode", "retention", "deleteBefore",
        done ? "planned" : "to delete", "oldestReadableVersion"));
    List<Object> values = new ArrayList<>(Arrays.asList(
        done ? "vacuumed" : "dry run: nothing was deleted",
        p.table(),
        done && r.version() != p.version() ? p.version() + " -> " + r.version() : String.valueOf(p.version()),
        p.mode().name().toLowerCase(java.util.Locale.ROOT),
        Durations.display(p.retention()) + " (table minimum " + Durations.display(p.tableMinimum()) + ")",
        p.deleteBefore(),
        p.numFiles() + " files, " + Sizes.human(p.totalBytes()),
        p.oldestReadableVersion()));
    if (done) {
      names.addAll(List.of("numDeletedFiles", "numVacuumedDirectories", "bytesReclaimed"));
      values.addAll(Arrays.asList(r.numDeletedFiles(), r.numVacuumedDirectories(), Sizes.human(r.bytesReclaimed())));
    }
    names.add("elapsed");
    values.add(String.format(java.util.Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0));
    List<List<Object>> fileRows = p.files().stream()
        .map(f -> Arrays.<Object>asList(f.path(), f.size(), f.modificationTime())).toList();
    List<String> fileColumns = List.of("path", "size", "modificationTime");
    List<Tabular> shown = new ArrayList<>();
    shown.add(Tabular.record(names, values));
    if (limit > 0 && !fileRows.isEmpty()) {
      String title = (done ? "deleted" : "would delete")
          + (fileRows.size() > limit ? " (first " + limit + " of " + fileRows.size() + "; -o json lists all)" : "");
      shown.add(Tabular.grid(fileColumns, fileRows.subList(0, Math.min(limit, fileRows.size()))).titled(title));
    }
    return new Rendered(r, shown, Tabular.grid(fileColumns, fileRows));
  }

  /** bloom-index: what was done, and per indexed column its settings and coverage. */
  public static Rendered bloomIndex(BloomIndexResult r) {
    List<String> names = new ArrayList<>(List.of("result", "table", "version"));
    List<Object> values = new ArrayList<>(Arrays.asList(switch (r.status()) {
      case CREATED -> "created";
      case DROPPED -> "dropped";
      case SHOWN -> "shown";
      case BUILT -> "built";
      case NOTHING_TO_BUILD -> "nothing to build: every file has its filters";
      case DRY_RUN -> "dry run: nothing was rewritten";
    }, r.table(), r.version()));
    BloomIndexResult.Rewrite w = r.rewrite();
    if (w != null) {
      names.add(r.status() == BloomIndexResult.Status.BUILT ? "rewritten" : "to rewrite");
      values.add(w.filesToRewrite() + " files, " + Sizes.human(w.bytesToRewrite()));
      if (w.filesAdded() != null) {
        names.add("written");
        values.add(w.filesAdded() + " files, " + Sizes.human(w.bytesAdded()));
      }
    }
    names.add("elapsed");
    values.add(String.format(java.util.Locale.ROOT, "%.1f s", r.elapsedMillis() / 1000.0));
    boolean counted = r.status() != BloomIndexResult.Status.CREATED && r.status() != BloomIndexResult.Status.DROPPED;
    List<String> columns = counted
        ? List.of("column", "fpp", "numItems", "files", "filesWithFilter", "rowGroups", "rowGroupsWithFilter",
            "coverage", "filterBytes")
        : List.of("column", "fpp", "numItems");
    List<List<Object>> rows = r.columns().stream().map(c -> counted
        ? Arrays.<Object>asList(c.column(), c.fpp(), c.numItems(), c.files(), c.filesWithFilter(), c.rowGroups(),
            c.rowGroupsWithFilter(), String.format(java.util.Locale.ROOT, "%.1f%%", c.coveragePercent()),
            Sizes.human(c.filterBytes()))
        : Arrays.<Object>asList(c.column(), c.fpp(), c.numItems())).toList();
    return new Rendered(r, List.of(Tabular.record(names, values),
        Tabular.grid(columns, rows).titled("indexed columns")), Tabular.grid(columns, rows));
  }

  /** time-travel versions: newest first, with readability. */
  public static Rendered versions(VersionsResult r) {
    List<List<Object>> rows = r.versions().stream()
        .map(e -> Arrays.<Object>asList(e.version(), e.timestamp(), e.operation(), e.readable(), e.reason()))
        .toList();
    return new Rendered(r, Tabular.grid(List.of("version", "timestamp", "operation", "readable", "reason"), rows));
  }

  /** time-travel show: the rows like sql, or the count. */
  public static Rendered show(ShowResult r) {
    if (r.count() != null) { // the same fields whichever engine counted (files: empty for a query)
      return new Rendered(r, Tabular.record(List.of("version", "timestamp", "count", "countedFrom", "files"),
          Arrays.asList(r.version(), r.timestamp(), r.count(), r.countedFrom(), r.files())));
    }
    return sql(r.rows());
  }

  /** changes: the change rows, or the range read and the count. */
  public static Rendered changes(ChangesResult r) {
    if (r.count() != null) {
      return new Rendered(r, Tabular.record(List.of("fromVersion", "toVersion", "count"),
          Arrays.asList(r.fromVersion(), r.toVersion(), r.count())));
    }
    return sql(r.rows());
  }

  /** convert: the plan (and the new table's version and rows once done) as a summary; everything in JSON. */
  public static Rendered convert(ConvertResult r) {
    ConvertPlan p = r.plan();
    boolean done = r.status() == ConvertResult.Status.CONVERTED;
    String schema = p.schema().stream().map(c -> c.name() + " " + c.type())
        .collect(java.util.stream.Collectors.joining(", "));
    List<String> names = List.of("result", "table", "files", "partitions", "schema", "version", "rows");
    List<Object> values = Arrays.asList(
        done ? "converted" : "dry run: nothing was changed",
        p.table(),
        p.files() + " files, " + Sizes.human(p.bytes()),
        p.partitionColumns().isEmpty() ? "none" : p.partitions() + " (" + String.join(", ", p.partitionColumns()) + ")",
        schema,
        r.version(),
        r.rows());
    List<String> flatNames = List.of("status", "table", "location", "files", "bytes", "partitionColumns",
        "partitions", "schema", "version", "rows", "millis");
    List<Object> flat = Arrays.asList(r.status().name(), p.table(), p.location(), p.files(), p.bytes(),
        String.join(",", p.partitionColumns()), p.partitions(), schema, r.version(), r.rows(), r.millis());
    return new Rendered(r, List.of(Tabular.record(names, values)), Tabular.grid(flatNames, List.of(flat)));
  }

  /** time-travel restore: the plan (and Delta's metrics once done) as a summary; everything in JSON. */
  public static Rendered restore(RestoreResult r) {
    RestorePlan p = r.plan();
    boolean done = r.status() == RestoreResult.Status.RESTORED;
    List<String> names = List.of("result", "table", "version", "restoreTo", "filesToRestore", "filesToRemove",
        "rows");
    List<Object> values = Arrays.asList(
        done ? "restored" : "dry run: nothing was changed",
        p.table(),
        done ? p.fromVersion() + " -> " + r.version() : String.valueOf(p.fromVersion()),
        p.toVersion(),
        p.filesToRestore() + " files, " + Sizes.human(p.bytesToRestore()),
        p.filesToRemove() + " files, " + Sizes.human(p.bytesToRemove()),
        p.rowsBefore() + " -> " + p.rowsAfter());
    List<String> flatNames = new ArrayList<>(List.of("status", "table", "fromVersion", "toVersion", "version",
        "filesToRestore", "bytesToRestore", "filesToRemove", "bytesToRemove", "rowsBefore", "rowsAfter"));
    List<Object> flat = new ArrayList<>(Arrays.asList(r.status().name(), p.table(), p.fromVersion(), p.toVersion(),
        r.version(), p.filesToRestore(), p.bytesToRestore(), p.filesToRemove(), p.bytesToRemove(), p.rowsBefore(),
        p.rowsAfter()));
    List<String> shownNames = new ArrayList<>(names);
    List<Object> shownValues = new ArrayList<>(values);
    r.metrics().forEach((k, v) -> {
      shownNames.add(k);
      shownValues.add(v);
      flatNames.add(k);
      flat.add(v);
    });
    return new Rendered(r, List.of(Tabular.record(shownNames, shownValues)), Tabular.grid(flatNames, List.of(flat)));
  }

  /** copy-into: a summary, the files loaded (all of them in JSON), the preview rows of a validation. */
  public static Rendered copyInto(CopyIntoResult r) {
    String result = switch (r.status()) {
      case LOADED -> "loaded";
      case NOTHING_TO_LOAD -> "nothing to load";
      case VALIDATED -> "validated: nothing was loaded";
    };
    List<String> names = List.of("result", "table", "version", "numFilesLoaded", "numFilesSkipped", "numRowsInserted",
        "numBadRecords", "bytesRead");
    List<Object> values = Arrays.asList(result, r.table(), r.version(), r.numFilesLoaded(), r.numFilesSkipped(),
        r.numRowsInserted(), r.numBadRecords(), r.bytesRead());
    List<Tabular> tables = new ArrayList<>();
    tables.add(Tabular.record(names, values));
    if (!r.filesLoaded().isEmpty()) {
      tables.add(Tabular.grid(List.of(r.status() == CopyIntoResult.Status.VALIDATED ? "file to load" : "file loaded"),
          r.filesLoaded().stream().map(f -> List.<Object>of(f)).toList()));
    }
    if (r.preview() != null && !r.preview().columns().isEmpty() && !r.preview().rows().isEmpty()) {
      tables.addAll(sql(r.preview()).tables());
    }
    List<String> flatNames = List.of("status", "table", "version", "numFilesLoaded", "numFilesSkipped",
        "numRowsInserted", "numBadRecords", "bytesRead");
    List<Object> flat = Arrays.asList(r.status().name(), r.table(), r.version(), r.numFilesLoaded(),
        r.numFilesSkipped(), r.numRowsInserted(), r.numBadRecords(), r.bytesRead());
    return new Rendered(r, tables, Tabular.grid(flatNames, List.of(flat)));
  }

  /** time-travel diff: a summary and the commits in between; everything in JSON; one flat row in CSV. */
  public static Rendered diff(DiffResult r) {
    List<String> names = List.of("table", "versions", "filesAdded", "filesRemoved", "rows", "rowsAdded",
        "rowsRemoved", "comparedBy");
    List<Object> values = Arrays.asList(r.table(), r.fromVersion() + " -> " + r.toVersion(),
        r.filesAdded() + " files, " + Sizes.human(r.bytesAdded()),
        r.filesRemoved() + " files, " + Sizes.human(r.bytesRemoved()),
        r.rowsFrom() + " -> " + r.rowsTo(), r.rowsAdded(), r.rowsRemoved(),
        r.key().isEmpty() ? "whole rows" : "key " + String.join(", ", r.key()));
    List<List<Object>> commits = r.commits().stream()
        .map(c -> Arrays.<Object>asList(c.version(), c.timestamp(), c.operation())).toList();
    List<String> flatNames = List.of("table", "fromVersion", "toVersion", "filesAdded", "bytesAdded", "filesRemoved",
        "bytesRemoved", "rowsFrom", "rowsTo", "rowsAdded", "rowsRemoved");
    List<Object> flat = Arrays.asList(r.table(), r.fromVersion(), r.toVersion(), r.filesAdded(), r.bytesAdded(),
        r.filesRemoved(), r.bytesRemoved(), r.rowsFrom(), r.rowsTo(), r.rowsAdded(), r.rowsRemoved());
    return new Rendered(r, List.of(Tabular.record(names, values),
        Tabular.grid(List.of("version", "timestamp", "operation"), commits).titled("commits")),
        Tabular.grid(flatNames, List.of(flat)));
  }

  /** time-travel clone: what was cloned, then the new table as describe shows it. */
  public static Rendered cloned(CloneResult r) {
    return detailTables(r, r.target(), List.of("source", "sourceVersion", "clone"),
        List.of(r.source(), r.sourceVersion(), r.shallow() ? "shallow" : "deep"));
  }

  public static Rendered sql(SqlResult r) {
    if (r.columns().isEmpty()) {
      // a statement that returns no result set (INSERT, SET ...): say it went through
      return new Rendered(List.of(), Tabular.record(List.of("status"), List.of("OK")));
    }
    List<String> names = r.columns().stream().map(ColumnInfo::name).toList();
    List<Map<String, Object>> json = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), row.get(i));
      }
      json.add(m);
    }
    return new Rendered(json, Tabular.grid(names, r.rows()));
  }
}
