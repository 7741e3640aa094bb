package dev.deltactl.cli.output;

import dev.deltactl.core.api.FileEntry;
import dev.deltactl.core.api.FileStats;
import dev.deltactl.core.api.FilesResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code files} prints: JSON and CSV are written file by file (one entry's statistics parsed at a time, the
 * output never held whole), the table format as a grid and a summary.
 */
public final class FilesView {
  private FilesView() {}

  public static void print(FilesResult r, OutputFormat format, PrintStream out) {
    switch (format) {
      case JSON -> json(r, out);
      case CSV -> csv(r, out);
      case TABLE -> new TablePrinter().print(table(r), out);
    }
    out.flush();
  }

  /** The summary: totals of every file that matched, and how many are listed. */
  static Map<String, Object> summary(FilesResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", r.totals().files());
    m.put("bytes", r.totals().bytes());
    m.put("numRecords", r.totals().numRecords());
    m.put("deletedRows", r.totals().deletedRows());
    m.put("liveRows", r.totals().liveRows());
    m.put("filesWithoutStats", r.totals().filesWithoutStats());
    m.put("listed", (long) r.files().size());
    return m;
  }

  /** One file as JSON: every field of its add action that {@code files} reads, statistics by logical column. */
  static Map<String, Object> file(FileEntry f, Map<String, String> names) {
    FileStats s = FileStats.parse(f.stats(), names);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", f.path());
    m.put("size", f.size());
    m.put("modificationTime", f.modificationTime());
    m.put("partitionValues", f.partitionValues());
    m.put("numRecords", f.numRecords());
    m.put("deletionVector", f.deletionVector());
    m.put("deletedRows", f.deletedRows());
    m.put("tightBounds", s.tightBounds());
    m.put("minValues", s.minValues());
    m.put("maxValues", s.maxValues());
    m.put("nullCount", s.nullCount());
    if (f.bloomFilterColumns() != null) {
      m.put("bloomFilterColumns", f.bloomFilterColumns());
    }
    return m;
  }

  private static void json(FilesResult r, PrintStream out) {
    out.print("{\"table\":" + JsonPrinter.toJson(r.table()) + ",\"version\":" + r.version() + ",\"partitionColumns\":"
        + JsonPrinter.toJson(r.partitionColumns()) + ",\"summary\":" + JsonPrinter.toJson(summary(r)) + ",\"files\":[");
    boolean first = true;
    for (FileEntry f : r.files()) {
      out.print((first ? "" : ",") + JsonPrinter.toJson(file(f, r.statsColumns())));
      first = false;
    }
    out.println("]}");
  }

  /**
   * The statistics columns of the listed files, in schema order: a column is there when at least one file has a
   * figure for it (the first 32 columns by default, or {@code delta.dataSkippingStatsColumns}).
   */
  static List<String> statsColumns(FilesResult r) {
    Set<String> present = new LinkedHashSet<>();
    for (FileEntry f : r.files()) {
      FileStats s = FileStats.parse(f.stats(), r.statsColumns());
      present.addAll(s.minValues().keySet());
      present.addAll(s.maxValues().keySet());
      present.addAll(s.nullCount().keySet());
    }
    List<String> out = new ArrayList<>();
    for (String c : r.statsColumns().values()) {
      if (present.remove(c)) {
        out.add(c);
      }
    }
    out.addAll(present); // statistics of columns the schema does not name (kept as written)
    return out;
  }

  private static void csv(FilesResult r, PrintStream out) {
    List<String> stats = statsColumns(r);
    List<Object> header = new ArrayList<>(List.of("path", "size", "modificationTime"));
    for (String p : r.partitionColumns()) {
      header.add("partition." + p);
    }
    header.addAll(List.of("numRecords", "deletionVector", "deletedRows", "tightBounds"));
    boolean bloom = bloomRead(r);
    if (bloom) {
      header.add("bloomFilterColumns");
    }
    for (String c : stats) {
      header.addAll(List.of("min." + c, "max." + c, "nullCount." + c));
    }
    StringBuilder b = new StringBuilder();
    CsvPrinter.line(b, header);
    out.print(b);
    for (FileEntry f : r.files()) {
      FileStats s = FileStats.parse(f.stats(), r.statsColumns());
      List<Object> row = new ArrayList<>(header.size());
      row.addAll(List.of(f.path(), f.size(), f.modificationTime()));
      for (String p : r.partitionColumns()) {
        row.add(f.partitionValues().get(p));
      }
      row.add(f.numRecords());
      row.add(f.deletionVector());
      row.add(f.deletedRows());
      row.add(s.tightBounds());
      if (bloom) {
        row.add(String.join(",", f.bloomFilterColumns()));
      }
      for (String c : stats) {
        row.add(s.minValues().get(c));
        row.add(s.maxValues().get(c));
        row.add(s.nullCount().get(c));
      }
      b.setLength(0);
      CsvPrinter.line(b, row);
      out.print(b);
    }
  }

  /** Whether the footers were read for bloom filters (files --bloom): then every file has the field. */
  private static boolean bloomRead(FilesResult r) {
    return !r.files().isEmpty() && r.files().get(0).bloomFilterColumns() != null;
  }

  static Rendered table(FilesResult r) {
    boolean partitioned = !r.partitionColumns().isEmpty();
    List<String> columns = new ArrayList<>(List.of("path", "size", "modificationTime"));
    if (partitioned) {
      columns.add("partitionValues");
    }
    columns.addAll(List.of("numRecords", "deletedRows"));
    boolean bloom = bloomRead(r);
    if (bloom) {
      columns.add("bloomFilterColumns");
    }
    List<List<Object>> rows = new ArrayList<>(r.files().size());
    for (FileEntry f : r.files()) {
      List<Object> row = new ArrayList<>(List.of(f.path(), f.size(), f.modificationTime()));
      if (partitioned) {
        row.add(f.partitionValues());
      }
      row.add(f.numRecords());
      row.add(f.deletedRows());
      if (bloom) {
        row.add(String.join(",", f.bloomFilterColumns()));
      }
      rows.add(row);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("table", r.table());
    summary.put("version", r.version());
    summary.putAll(summary(r));
    Tabular sum = Tabular.record(List.copyOf(summary.keySet()), new ArrayList<>(summary.values())).titled("summary");
    return new Rendered(null, List.of(Tabular.grid(columns, rows), sum), Tabular.grid(columns, rows));
  }
}
