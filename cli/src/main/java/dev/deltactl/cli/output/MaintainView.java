package dev.deltactl.cli.output;

import dev.deltactl.core.api.MaintainResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * maintain: in table format, one row per table (status, what was done, the figures before and after, the time,
 * the error) then one per operation (its summary); the whole result in JSON; one row per operation in CSV, with
 * its table's figures before and after.
 */
public final class MaintainView {
  static final List<String> TABLES = List.of("table", "status", "operations", "before", "after", "seconds",
      "error");
  static final List<String> STEPS = List.of("table", "operation", "status", "summary", "attempts", "seconds");
  static final List<String> FLAT = List.of("table", "tableStatus", "operation", "status", "summary", "attempts",
      "elapsedMillis", "error", "versionBefore", "versionAfter", "numFilesBefore", "numFilesAfter",
      "numSmallFilesBefore", "numSmallFilesAfter", "commitsSinceCheckpointBefore", "commitsSinceCheckpointAfter",
      "logFilesPastRetentionBefore", "logFilesPastRetentionAfter", "verdictBefore", "verdictAfter");

  private MaintainView() {}

  /** @param redact applied to every error (a store's message may echo a secret) */
  public static Rendered of(MaintainResult result, UnaryOperator<String> redact) {
    MaintainResult r = redacted(result, redact);
    List<List<Object>> tables = new ArrayList<>();
    List<List<Object>> steps = new ArrayList<>();
    List<List<Object>> flat = new ArrayList<>();
    for (MaintainResult.Table t : r.tables()) {
      tables.add(Arrays.asList(t.table(), t.status().label(), operations(t), figures(t.before()),
          r.dryRun() ? "(dry run)" : figures(t.after()), seconds(t.elapsedMillis()), t.error()));
      for (MaintainResult.Step s : t.steps()) {
        steps.add(Arrays.asList(t.table(), s.form(), s.status().label(), s.error() != null ? s.error() : s.summary(),
            s.attempts(), seconds(s.elapsedMillis())));
        flat.add(flat(t, s));
      }
      if (t.steps().isEmpty()) {
        flat.add(flat(t, null));
      }
    }
    List<Tabular> shown = new ArrayList<>();
    shown.add(Tabular.grid(TABLES, tables).titled(r.dryRun() ? "maintain --dry-run: nothing was changed"
        : "maintain: " + r.tables().size() + (r.tables().size() == 1 ? " table, " : " tables, ") + r.numFailed()
            + " failed, in "
            + seconds(r.elapsedMillis()) + " s"));
    if (!steps.isEmpty()) {
      shown.add(Tabular.grid(STEPS, steps).titled("operations"));
    }
    return new Rendered(r, shown, Tabular.grid(FLAT, flat));
  }

  private static MaintainResult redacted(MaintainResult r, UnaryOperator<String> redact) {
    List<MaintainResult.Table> tables = new ArrayList<>();
    for (MaintainResult.Table t : r.tables()) {
      List<MaintainResult.Step> steps = new ArrayList<>();
      for (MaintainResult.Step s : t.steps()) {
        steps.add(new MaintainResult.Step(s.operation(), s.form(), s.reasons(), s.status(), s.summary(), s.metrics(),
            s.attempts(), s.elapsedMillis(), s.error() == null ? null : redact.apply(s.error()), s.errorCode()));
      }
      tables.add(new MaintainResult.Table(t.table(), t.status(), steps, t.before(), t.after(), t.elapsedMillis(),
          t.error() == null ? null : redact.apply(t.error()), t.errorCode()));
    }
    return new MaintainResult(r.dryRun(), tables, r.elapsedMillis());
  }

  private static String operations(MaintainResult.Table t) {
    if (t.before() == null) {
      return "";
    }
    List<String> done = t.steps().stream().map(s -> s.form() + (s.status() == MaintainResult.Status.DONE ? ""
        : " (" + s.status().label() + ")")).toList();
    return done.isEmpty() ? "nothing due" : String.join(", ", done);
  }

  private static String figures(MaintainResult.Figures f) {
    if (f == null) {
      return "";
    }
    return f.verdict().label() + (f.due().isEmpty() ? "" : " (" + String.join(", ", f.due()) + ")") + "; v"
        + f.version() + ", " + f.numFiles() + " files (" + f.numSmallFiles() + " small), "
        + f.commitsSinceCheckpoint() + " commits since checkpoint, " + f.logFilesPastRetention()
        + " log files past retention";
  }

  private static List<Object> flat(MaintainResult.Table t, MaintainResult.Step s) {
    MaintainResult.Figures b = t.before();
    MaintainResult.Figures a = t.after();
    return Arrays.asList(t.table(), t.status().label(), s == null ? null : s.operation().label(),
        s == null ? null : s.status().label(), s == null ? null : s.summary(), s == null ? null : s.attempts(),
        s == null ? t.elapsedMillis() : s.elapsedMillis(), s == null ? t.error() : s.error(),
        b == null ? null : b.version(), a == null ? null : a.version(), b == null ? null : b.numFiles(),
        a == null ? null : a.numFiles(), b == null ? null : b.numSmallFiles(), a == null ? null : a.numSmallFiles(),
        b == null ? null : b.commitsSinceCheckpoint(), a == null ? null : a.commitsSinceCheckpoint(),
        b == null ? null : b.logFilesPastRetention(), a == null ? null : a.logFilesPastRetention(),
        b == null ? null : b.verdict().label(), a == null ? null : a.verdict().label());
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
