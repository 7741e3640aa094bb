package dev.deltactl.core.api;

import dev.deltactl.core.api.HealthCheck.Verdict;
import dev.deltactl.core.api.HealthPolicy.Key;
import java.util.List;
import java.util.Locale;

/** The verdicts of a table's figures under a policy: pure, no I/O. */
public final class HealthChecks {
  private HealthChecks() {}

  public static List<HealthCheck> evaluate(HealthFigures.Files files, HealthFigures.Rows rows, HealthFigures.Log log,
      HealthPolicy p) {
    return List.of(smallFiles(files, p), deletedRows(rows, p), checkpoint(log, p), logCleanup(log, p),
        statistics(rows, p));
  }

  /**
   * Every check: those of the files, rows and log (statistics also from the columns that the table's z-order and
   * bloom indexes name), then vacuum's from the tombstones.
   */
  public static List<HealthCheck> evaluate(HealthFigures.Files files, HealthFigures.Rows rows, HealthFigures.Log log,
      HealthFigures.Tombstones tombstones, HealthFigures.Columns columns, HealthPolicy p) {
    return List.of(smallFiles(files, p), deletedRows(rows, p), checkpoint(log, p), logCleanup(log, p),
        statistics(rows, columns, p), vacuum(tombstones, p));
  }

  /**
   * One step of a check's ladder: whether the figure reached it, the threshold as the check shows it, and what to
   * do, appended to the reason.
   */
  record Rung(boolean reached, String threshold, String fix) {}

  /**
   * The ladder every check climbs: {@code bad} when the bad rung is reached (a check without one passes null),
   * else {@code due} when the due rung is, else {@code ok} showing the due threshold and no fix.
   */
  static HealthCheck ladder(String name, Number value, String what, Rung bad, Rung due) {
    if (bad != null && bad.reached()) {
      return new HealthCheck(name, Verdict.BAD, value, bad.threshold(), what + bad.fix());
    }
    if (due.reached()) {
      return new HealthCheck(name, Verdict.DUE, value, due.threshold(), what + due.fix());
    }
    return new HealthCheck(name, Verdict.OK, value, due.threshold(), what);
  }

  static HealthCheck smallFiles(HealthFigures.Files f, HealthPolicy p) {
    long due = p.count(Key.SMALL_FILES_DUE);
    double share = p.share(Key.SMALL_FILE_SHARE_DUE);
    long bad = p.count(Key.SMALL_FILES_BAD);
    String what = f.numSmallFiles() + " of " + f.numFiles() + " files (" + percent(f.smallFileShare()) + ") are "
        + "under " + Sizes.human(f.smallFileThreshold());
    return ladder("smallFiles", f.numSmallFiles(), what,
        new Rung(f.numSmallFiles() >= bad, ">= " + bad + " files", ": run optimize"),
        new Rung(f.numSmallFiles() >= due && f.smallFileShare() >= share,
            ">= " + due + " files and >= " + percent(share), ": run optimize"));
  }

  static HealthCheck deletedRows(HealthFigures.Rows r, HealthPolicy p) {
    double due = p.share(Key.DELETED_ROW_SHARE_DUE);
    double bad = p.share(Key.DELETED_ROW_SHARE_BAD);
    String what = "deletion vectors hide " + r.numDeletedRows() + " of " + r.numRecords() + " rows ("
        + percent(r.deletedRowShare()) + ")";
    String fix = ": run optimize (it rewrites the " + r.filesOverDeletedThreshold() + " files over 5% deleted)";
    boolean any = r.numDeletedRows() > 0;
    return ladder("deletedRows", r.deletedRowShare(), what,
        new Rung(any && r.deletedRowShare() >= bad, ">= " + percent(bad), fix),
        new Rung(any && r.deletedRowShare() >= due, ">= " + percent(due), fix));
  }

  static HealthCheck checkpoint(HealthFigures.Log l, HealthPolicy p) {
    long due = p.count(Key.CHECKPOINT_COMMITS_DUE);
    long bad = p.count(Key.CHECKPOINT_COMMITS_BAD);
    String what = l.commitsSinceCheckpoint() + " commits since "
        + (l.lastCheckpointVersion() == null ? "the table was created, never a checkpoint"
            : "the last checkpoint (version " + l.lastCheckpointVersion() + ")");
    return ladder("checkpoint", l.commitsSinceCheckpoint(), what,
        new Rung(l.commitsSinceCheckpoint() >= bad, ">= " + bad + " commits",
            ": run checkpoint; every reader replays these commits"),
        new Rung(l.commitsSinceCheckpoint() >= due, ">= " + due + " commits", ": run checkpoint"));
  }

  static HealthCheck logCleanup(HealthFigures.Log l, HealthPolicy p) {
    long due = p.count(Key.LOG_FILES_PAST_RETENTION_DUE);
    long bad = p.count(Key.LOG_FILES_PAST_RETENTION_BAD);
    String what = l.logFilesPastRetention() + " _delta_log files (" + Sizes.human(l.logBytesPastRetention())
        + ") are older than the log retention " + Durations.display(l.logRetention())
        + " and before a checkpoint that is";
    return ladder("logCleanup", l.logFilesPastRetention(), what,
        new Rung(l.logFilesPastRetention() >= bad, ">= " + bad + " files", ": run log-cleanup"),
        new Rung(l.logFilesPastRetention() >= due, ">= " + due + " files", ": run log-cleanup"));
  }

  static HealthCheck statistics(HealthFigures.Rows r, HealthPolicy p) {
    return statistics(r, HealthFigures.Columns.NONE, p);
  }

  /**
   * Due from {@code filesWithoutStatsDue} files without statistics, or as soon as a column that a z-order or a
   * bloom index names gets none.
   */
  static HealthCheck statistics(HealthFigures.Rows r, HealthFigures.Columns c, HealthPolicy p) {
    long due = p.count(Key.FILES_WITHOUT_STATS_DUE);
    boolean files = due > 0 && r.filesWithoutStats() >= due;
    List<String> cols = c.columnsWithoutStats();
    String what = r.filesWithoutStats() + " data files have no statistics";
    String fix = files ? ": data skipping cannot prune them; optimize rewrites them with statistics" : "";
    if (!cols.isEmpty()) {
      what += "; " + (cols.size() == 1 ? "column " : "columns ") + String.join(", ", cols)
          + (cols.size() == 1 ? " is" : " are") + " named by deltactl.zorder.by or deltactl.bloomFilter.* but "
          + (cols.size() == 1 ? "gets" : "get") + " no statistics";
      fix += (files ? "; " : ": ") + c.statsAdvice() + ", then optimize rewrites the files with them";
    }
    return ladder("statistics", r.filesWithoutStats(), what, null,
        new Rung(files || !cols.isEmpty(), ">= " + due + " files", fix));
  }

  static HealthCheck vacuum(HealthFigures.Tombstones t, HealthPolicy p) {
    long due = p.count(Key.RECLAIMABLE_FILES_DUE);
    long bad = p.count(Key.RECLAIMABLE_BYTES_BAD);
    String what = t.reclaimableFiles() + " files (" + Sizes.human(t.reclaimableBytes()) + ") removed over "
        + Durations.display(t.deletedFileRetention()) + " ago may still be in storage";
    boolean on = due > 0 && t.reclaimableFiles() > 0;
    return ladder("vacuum", t.reclaimableFiles(), what,
        new Rung(on && t.reclaimableBytes() >= bad, ">= " + Sizes.human(bad), ": run vacuum"),
        new Rung(on && t.reclaimableFiles() >= due, ">= " + due + " files", ": run vacuum"));
  }

  /** A share as a percentage with up to one decimal: 25%, 4.5%, 0.1%. */
  static String percent(double share) {
    double pc = share * 100;
    return pc == Math.rint(pc) ? String.format(Locale.ROOT, "%.0f%%", pc) : String.format(Locale.ROOT, "%.1f%%", pc);
  }
}
