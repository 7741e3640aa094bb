package dev.deltactl.cli.output;

import dev.deltactl.core.api.HealthCheck;
import dev.deltactl.core.api.HealthFigures;
import dev.deltactl.core.api.HealthResult;
import dev.deltactl.core.api.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * health: per table, the figures, a histogram of file sizes and the checks in table format; every figure in
 * JSON (one object, or an array for several tables); one flat row per table in CSV.
 */
public final class HealthView {
  /** The CSV columns: the flat figures, then each check's verdict. */
  static final List<String> FLAT = List.of("table", "version", "numFiles", "sizeInBytes", "minFileSize",
      "p10FileSize", "medianFileSize", "meanFileSize", "p95FileSize", "maxFileSize", "smallFileThreshold",
      "numSmallFiles", "smallFileShare", "smallFilesBytes", "numRecords", "numDeletedRows", "deletedRowShare",
      "filesWithDeletionVectors", "filesOverDeletedThreshold", "filesWithoutStats", "lastCheckpointVersion",
      "lastCheckpointKind", "lastCheckpointTime", "lastCheckpointAgeSeconds", "commitsSinceCheckpoint",
      "checkpointInterval", "numCommitFiles", "commitFilesBytes", "logFiles", "logBytes", "logRetention",
      "logFilesPastRetention", "logBytesPastRetention", "lastOptimizeVersion", "commitsSinceOptimize", "bytesWrittenSinceOptimize", "deletedFileRetention", "removedFiles", "removedBytes",
      "reclaimableFiles", "reclaimableBytes", "columnsWithoutStats", "bloomIndexedColumns", "minReaderVersion", "minWriterVersion",
      "verdict", "smallFiles", "deletedRows", "checkpoint", "logCleanup", "statistics", "vacuum");
  private static final int BAR = 40;

  private HealthView() {}

  /**
   * @param several whether several tables were asked for: then JSON is an array (of those that did not fail),
   *     else the one object
   */
  public static Rendered of(List<HealthResult> results, boolean several) {
    List<Tabular> tables = new ArrayList<>();
    List<List<Object>> flat = new ArrayList<>();
    for (HealthResult r : results) {
      tables.addAll(tables(r, several));
      flat.add(flat(r));
    }
    if (tables.isEmpty()) {
      tables.add(Tabular.grid(FLAT.subList(0, 1), List.of()));
    }
    Object json = several ? results : results.get(0);
    return new Rendered(json, tables, Tabular.grid(FLAT, flat));
  }

  private static List<Tabular> tables(HealthResult r, boolean titled) {
    HealthFigures.Files f = r.files();
    HealthFigures.Rows w = r.rows();
    HealthFigures.Log l = r.log();
    List<String> names = new ArrayList<>(List.of("table", "verdict", "version", "files", "fileSizes", "smallFiles",
        "rows", "deletedRows", "filesWithoutStats", "columnsWithoutStats", "bloomIndexedColumns", "lastCheckpoint", "commitsSinceCheckpoint", "log",
        "logFilesPastRetention", "lastOptimize", "tombstones", "protocol", "features", "maintenance"));
    List<Object> values = Arrays.asList(
        r.table(),
        r.verdict().label(),
        l.version(),
        f.numFiles() + " files, " + Sizes.human(f.sizeInBytes()),
        "min " + Sizes.human(f.minFileSize()) + ", p10 " + Sizes.human(f.p10FileSize()) + ", median "
            + Sizes.human(f.medianFileSize()) + ", mean " + Sizes.human(f.meanFileSize()) + ", p95 "
            + Sizes.human(f.p95FileSize()) + ", max " + Sizes.human(f.maxFileSize()),
        f.numSmallFiles() + " (" + percent(f.smallFileShare()) + ", " + Sizes.human(f.smallFilesBytes()) + ") under "
            + Sizes.human(f.smallFileThreshold()),
        w.numRecords(),
        w.numDeletedRows() + " (" + percent(w.deletedRowShare()) + ") in " + w.filesWithDeletionVectors()
            + " files with deletion vectors, " + w.filesOverDeletedThreshold() + " over 5% deleted",
        w.filesWithoutStats(),
        r.columns().columnsWithoutStats().isEmpty() ? "none" : String.join(", ", r.columns().columnsWithoutStats()),
        r.columns().bloomIndexedColumns().isEmpty() ? "none" : String.join(", ", r.columns().bloomIndexedColumns()),
        l.lastCheckpointVersion() == null ? "none"
            : "version " + l.lastCheckpointVersion() + " (" + l.lastCheckpointKind() + ", " + age(l.lastCheckpointAgeSeconds())
                + " ago)",
        l.commitsSinceCheckpoint() + " (delta.checkpointInterval " + l.checkpointInterval() + ")",
        l.numCommitFiles() + " commits, " + Sizes.human(l.commitFilesBytes()) + "; " + l.logFiles() + " files, "
            + Sizes.human(l.logBytes()) + " in _delta_log",
        l.logFilesPastRetention() + " (" + Sizes.human(l.logBytesPastRetention()) + ") that log-cleanup deletes"
            + " (delta.logRetentionDuration " + age(l.logRetention().toSeconds()) + ")",
        (l.lastOptimizeVersion() == null ? "none in the log (" + l.commitsSinceOptimize() + " commits"
            : "version " + l.lastOptimizeVersion() + " (" + l.commitsSinceOptimize() + " commits since") + ", "
            + Sizes.human(l.bytesWrittenSinceOptimize()) + " written)",
        r.tombstones().removedFiles() + " removed files (" + Sizes.human(r.tombstones().removedBytes()) + "), "
            + r.tombstones().reclaimableFiles() + " (" + Sizes.human(r.tombstones().reclaimableBytes())
            + ") removed over " + age(r.tombstones().deletedFileRetention().toSeconds())
            + " ago (delta.deletedFileRetentionDuration)",
        r.protocol().minReaderVersion() + "/" + r.protocol().minWriterVersion() + " (reader/writer)",
        r.protocol().tableFeatures(),
        r.protocol().maintenanceProperties());
    List<Tabular> out = new ArrayList<>();
    Tabular head = Tabular.record(names, values);
    out.add(titled ? head.titled(r.table()) : head);
    out.add(Tabular.grid(List.of("size", "files", "bytes", ""), histogram(r.sizeHistogram())).titled("file sizes"));
    if (!r.partitions().isEmpty()) {
      out.add(Tabular.grid(List.of("partition", "files", "bytes", "medianFileSize", "smallFiles", "smallFileShare",
          "deletedRows"), r.partitions().stream().map(p -> Arrays.<Object>asList(p.partition(), p.numFiles(),
              p.sizeInBytes(), p.medianFileSize(), p.numSmallFiles(), percent(p.smallFileShare()),
              p.numDeletedRows())).toList()).titled("partitions"));
    }
    List<String> checkNames = new ArrayList<>();
    List<Object> checkValues = new ArrayList<>();
    for (HealthCheck c : r.checks()) {
      checkNames.add(c.name());
      checkValues.add(String.format(Locale.ROOT, "%-4s", c.verdict().label()) + " " + c.reason() + " [due at " + c.threshold() + "]");
    }
    out.add(Tabular.record(checkNames, checkValues).titled("checks"));
    return out;
  }

  private static List<List<Object>> histogram(List<HealthFigures.Bucket> buckets) {
    long most = buckets.stream().mapToLong(HealthFigures.Bucket::files).max().orElse(0);
    List<List<Object>> rows = new ArrayList<>();
    for (HealthFigures.Bucket b : buckets) {
      String range = b.from() == 0 ? "< " + Sizes.human(b.to()) : Sizes.human(b.from()) + " - " + Sizes.human(b.to());
      int bar = most == 0 ? 0 : (int) Math.ceil((double) b.files() * BAR / most);
      rows.add(Arrays.asList(range, b.files(), Sizes.human(b.bytes()), "#".repeat(bar)));
    }
    return rows;
  }

  private static List<Object> flat(HealthResult r) {
    HealthFigures.Files f = r.files();
    HealthFigures.Rows w = r.rows();
    HealthFigures.Log l = r.log();
    List<Object> row = new ArrayList<>(Arrays.asList(r.table(), l.version(), f.numFiles(), f.sizeInBytes(),
        f.minFileSize(), f.p10FileSize(), f.medianFileSize(), f.meanFileSize(), f.p95FileSize(), f.maxFileSize(),
        f.smallFileThreshold(), f.numSmallFiles(), f.smallFileShare(), f.smallFilesBytes(), w.numRecords(),
        w.numDeletedRows(), w.deletedRowShare(), w.filesWithDeletionVectors(), w.filesOverDeletedThreshold(),
        w.filesWithoutStats(), l.lastCheckpointVersion(), l.lastCheckpointKind(), l.lastCheckpointTime(),
        l.lastCheckpointAgeSeconds(), l.commitsSinceCheckpoint(), l.checkpointInterval(), l.numCommitFiles(),
        l.commitFilesBytes(), l.logFiles(), l.logBytes(), l.logRetention().toString(), l.logFilesPastRetention(), l.logBytesPastRetention(),
        l.lastOptimizeVersion(), l.commitsSinceOptimize(), l.bytesWrittenSinceOptimize(),
        r.tombstones().deletedFileRetention().toString(), r.tombstones().removedFiles(),
        r.tombstones().removedBytes(), r.tombstones().reclaimableFiles(), r.tombstones().reclaimableBytes(),
        String.join(";", r.columns().columnsWithoutStats()), String.join(";", r.columns().bloomIndexedColumns()),
        r.protocol().minReaderVersion(),
        r.protocol().minWriterVersion(), r.verdict().label()));
    for (HealthCheck c : r.checks()) {
      row.add(c.verdict().label());
    }
    return row;
  }

  private static String percent(double share) {
    double pc = share * 100;
    return pc == Math.rint(pc) ? String.format(Locale.ROOT, "%.0f%%", pc) : String.format(Locale.ROOT, "%.1f%%", pc);
  }

  /** 45s, 12m, 5h, 30d: the largest whole unit. */
  private static String age(Long seconds) {
    if (seconds == null) {
      return "";
    }
    Duration d = Duration.ofSeconds(seconds);
    if (d.toDays() >= 2) {
      return d.toDays() + "d";
    }
    if (d.toHours() >= 2) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() >= 2) {
      return d.toMinutes() + "m";
    }
    return seconds + "s";
  }
}
