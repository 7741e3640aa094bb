package dev.deltactl.cli.output;

import dev.deltactl.core.api.FsckResult;
import dev.deltactl.core.api.Sizes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** fsck: a summary, then the files found (table format: the first N; json and csv: all). */
public final class FsckView {
  private FsckView() {}

  public static Rendered of(FsckResult r, int limit) {
    FsckResult.Totals t = r.totals();
    String result = switch (r.status()) {
      case HEALTHY -> "healthy: every file is there" + (r.verified() ? " and reads" : "") + "; nothing committed";
      case PROBLEMS -> "dry run: nothing was changed; --repair removes these entries";
      case REPAIRED -> "repaired in version " + r.committedVersion();
    };
    List<String> names = new ArrayList<>(List.of("result", "table", "version", "checked", "entries", "rows",
        "bytes"));
    List<Object> values = new ArrayList<>(Arrays.asList(
        result,
        r.table(),
        r.version(),
        r.dataFiles() + " data files, " + r.deletionVectorFiles() + " deletion vector files"
            + (r.verified() ? " (data files' Parquet footers read)" : ""),
        t.entries(),
        rows(t),
        Sizes.human(t.bytes())));
    names.add("elapsed");
    values.add(String.format(Locale.ROOT, "%.1fs", r.elapsedMillis() / 1000.0));
    List<String> columns = List.of("path", "kind", "problem", "entry", "rows", "bytes", "detail");
    List<List<Object>> rows = r.problems().stream()
        .map(p -> Arrays.<Object>asList(p.path(), kind(p.kind()), p.issue().name().toLowerCase(Locale.ROOT),
            p.entry(), p.rows() == null ? "unknown" : p.rows(), p.bytes(), p.detail()))
        .toList();
    List<Tabular> shown = new ArrayList<>();
    shown.add(Tabular.record(names, values));
    if (limit > 0 && !rows.isEmpty()) {
      String title = (r.status() == FsckResult.Status.REPAIRED ? "removed" : "found")
          + (rows.size() > limit ? " (first " + limit + " of " + rows.size() + "; -o json lists all)" : "");
      shown.add(Tabular.grid(columns, rows.subList(0, Math.min(limit, rows.size()))).titled(title));
    }
    return new Rendered(r, shown, Tabular.grid(columns, rows));
  }

  /** The rows of the entries found: unknown for those without statistics. */
  static String rows(FsckResult.Totals t) {
    if (t.entriesWithUnknownRows() == 0) {
      return String.valueOf(t.rows());
    }
    String unknown = t.entriesWithUnknownRows() == 1 ? "1 entry" : t.entriesWithUnknownRows() + " entries";
    return t.entriesWithUnknownRows() == t.entries() ? "unknown (no statistics)"
        : t.rows() + ", and unknown for " + unknown + " without statistics";
  }

  static String kind(FsckResult.Kind k) {
    return k == FsckResult.Kind.DATA ? "data" : "deletion vector";
  }
}
