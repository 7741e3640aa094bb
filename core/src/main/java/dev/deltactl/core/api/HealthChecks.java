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

  static HealthCheck smallFiles(HealthFigures.Files f, HealthPolicy p) {
    long due = p.count(Key.SMALL_FILES_DUE);
    double share = p.share(Key.SMALL_FILE_SHARE_DUE);
    long bad = p.count(Key.SMALL_FILES_BAD);
    String under = "under " + Sizes.human(f.smallFileThreshold());
    String what = f.numSmallFiles() + " of " + f.numFiles() + " files (" + percent(f.smallFileShare()) + ") are "
        + under;
    if (f.numSmallFiles() >= bad) {
      return new HealthCheck("smallFiles", Verdict.BAD, f.numSmallFiles(), ">= " + bad + " files",
          what + ": run optimize");
    }
    String threshold = ">= " + due + " files and >= " + percent(share);
    if (f.numSmallFiles() >= due && f.smallFileShare() >= share) {
      return new HealthCheck("smallFiles", Verdict.DUE, f.numSmallFiles(), threshold, what + ": run optimize");
    }
    return new HealthCheck("smallFiles", Verdict.OK, f.numSmallFiles(), threshold, what);
  }

  static HealthCheck deletedRows(HealthFigures.Rows r, HealthPolicy p) {
    double due = p.share(Key.DELETED_ROW_SHARE_DUE);
    double bad = p.share(Key.DELETED_ROW_SHARE_BAD);
    String what = "deletion vectors hide " + r.numDeletedRows() + " of " + r.numRecords() + " rows ("
        + percent(r.deletedRowShare()) + ")";
    String fix = ": run optimize (it rewrites the " + r.filesOverDeletedThreshold() + " files over 5% deleted)";
    if (r.numDeletedRows() > 0 && r.deletedRowShare() >= bad) {
      return new HealthCheck("deletedRows", Verdict.BAD, r.deletedRowShare(), ">= " + percent(bad), what + fix);
    }
    if (r.numDeletedRows() > 0 && r.deletedRowShare() >= due) {
      return new HealthCheck("deletedRows", Verdict.DUE, r.deletedRowShare(), ">= " + percent(due), what + fix);
    }
    return new HealthCheck("deletedRows", Verdict.OK, r.deletedRowShare(), ">= " + percent(due), what);
  }

  static HealthCheck checkpoint(HealthFigures.Log l, HealthPolicy p) {
    long due = p.count(Key.CHECKPOINT_COMMITS_DUE);
    long bad = p.count(Key.CHECKPOINT_COMMITS_BAD);
    String what = l.commitsSinceCheckpoint() + " commits since "
        + (l.lastCheckpointVersion() == null ? "the table was created, never a checkpoint"
            : "the last checkpoint (version " + l.lastCheckpointVersion() + ")");
    if (l.commitsSinceCheckpoint() >= bad) {
      return new HealthCheck("checkpoint", Verdict.BAD, l.commitsSinceCheckpoint(), ">= " + bad + " commits",
          what + ": run checkpoint; every reader replays these commits");
    }
    if (l.commitsSinceCheckpoint() >= due) {
      return new HealthCheck("checkpoint", Verdict.DUE, l.commitsSinceCheckpoint(), ">= " + due + " commits",
          what + ": run checkpoint");
    }
    return new HealthCheck("checkpoint", Verdict.OK, l.commitsSinceCheckpoint(), ">= " + due + " commits", what);
  }

  static HealthCheck logCleanup(HealthFigures.Log l, HealthPolicy p) {
    long due = p.count(Key.LOG_FILES_PAST_RETENTION_DUE);
    long bad = p.count(Key.LOG_FILES_PAST_RETENTION_BAD);
    String what = l.logFilesPastRetention() + " _delta_log files (" + Sizes.human(l.logBytesPastRetention())
        + ") are older than the log retention " + Durations.display(l.logRetention())
        + " and before a checkpoint that is";
    if (l.logFilesPastRetention() >= bad) {
      return new HealthCheck("logCleanup", Verdict.BAD, l.logFilesPastRetention(), ">= " + bad + " files",
          what + ": run log-cleanup");
    }
    if (l.logFilesPastRetention() >= due) {
      return new HealthCheck("logCleanup", Verdict.DUE, l.logFilesPastRetention(), ">= " + due + " files",
          what + ": run log-cleanup");
    }
    return new HealthCheck("logCleanup", Verdict.OK, l.logFilesPastRetention(), ">= " + due + " files", what);
  }

  static HealthCheck statistics(HealthFigures.Rows r, HealthPolicy p) {
    long due = p.count(Key.FILES_WITHOUT_STATS_DUE);
    String what = r.filesWithoutStats() + " data files have no statistics";
    if (due > 0 && r.filesWithoutStats() >= due) {
      return new HealthCheck("statistics", Verdict.DUE, r.filesWithoutStats(), ">= " + due + " files",
          what + ": data skipping cannot prune them; optimize rewrites them with statistics");
    }
    return new HealthCheck("statistics", Verdict.OK, r.filesWithoutStats(), ">= " + due + " files", what);
  }

  /** A share as a percentage with up to one decimal: 25%, 4.5%, 0.1%. */
  static String percent(double share) {
    double pc = share * 100;
    return pc == Math.rint(pc) ? String.format(Locale.ROOT, "%.0f%%", pc) : String.format(Locale.ROOT, "%.1f%%", pc);
  }
}
