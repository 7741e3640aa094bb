package dev.deltactl.cli.output;

import dev.deltactl.core.api.CheckpointPlan;
import dev.deltactl.core.api.CheckpointResult;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.LogCleanupPlan;
import dev.deltactl.core.api.LogCleanupResult;
import dev.deltactl.core.api.Sizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How checkpoint and log-cleanup results look in each output format. */
public final class LogViews {
  private LogViews() {}

  /** checkpoint: the plan and what was written; JSON has the result whole; CSV one flat row. */
  public static Rendered checkpoint(CheckpointResult r, Instant now) {
    CheckpointPlan p = r.plan();
    String result = switch (r.status()) {
      case CHECKPOINTED -> "checkpointed";
      case UP_TO_DATE -> "up to date: version " + p.version() + " has a checkpoint already; nothing was written";
      case DRY_RUN -> "dry run: nothing was written";
    };
    String last = p.lastCheckpointVersion() == null ? "none"
        : p.lastCheckpointVersion() + " (" + p.lastCheckpointKind() + ", " + age(p.lastCheckpointTime(), now)
            + " old)";
    List<String> names = new ArrayList<>(List.of("result", "table", "version", "lastCheckpoint",
        "commitsSinceLastCheckpoint"));
    List<Object> values = new ArrayList<>(Arrays.asList(result, p.table(), p.version(), last,
        p.commitsSinceLastCheckpoint()));
    if (r.status() == CheckpointResult.Status.CHECKPOINTED) {
      names.addAll(List.of("writer", "files", "bytes"));
      values.addAll(Arrays.asList(r.writer(), String.join(", ", r.files()), Sizes.human(r.bytes())));
    } else if (r.status() == CheckpointResult.Status.DRY_RUN) {
      names.add("would write");
      values.add(p.kind() + " checkpoint of version " + p.version());
    }
    names.add("elapsed");
    values.add(seconds(r.elapsedMillis()));
    List<String> flatColumns = List.of("status", "table", "version", "lastCheckpointVersion", "lastCheckpointKind",
        "lastCheckpointTime", "commitsSinceLastCheckpoint", "kind", "writer", "files", "bytes", "elapsedMillis");
    List<Object> flat = Arrays.asList(r.status(), p.table(), p.version(), p.lastCheckpointVersion(),
        p.lastCheckpointKind(), p.lastCheckpointTime(), p.commitsSinceLastCheckpoint(), p.kind(), r.writer(),
        String.join(";", r.files()), r.bytes(), r.elapsedMillis());
    return new Rendered(r, List.of(Tabular.record(names, values)), Tabular.grid(flatColumns, List.of(flat)));
  }

  /**
   * log-cleanup: the summary and the first {@code limit} files in table format; everything in JSON; the files to
   * delete in CSV (name, version, kind, size, modificationTime).
   */
  public static Rendered logCleanup(LogCleanupResult r, int limit) {
    LogCleanupPlan p = r.plan();
    boolean done = r.status() == LogCleanupResult.Status.CLEANED;
    String result = switch (r.status()) {
      case CLEANED -> "cleaned";
      case NOTHING_TO_DELETE -> "nothing to delete";
      case DRY_RUN -> "dry run: nothing was deleted";
    };
    List<String> names = new ArrayList<>(List.of("result", "table", "version", "retention", "cutoff",
        "checkpointKept", done ? "planned" : "to delete", "oldestReachableVersion", "noLongerReachable"));
    List<Object> values = new ArrayList<>(Arrays.asList(
        result,
        p.table(),
        p.version(),
        Durations.display(p.retention()) + " (table " + Durations.display(p.tableRetention()) + ")",
        p.cutoff(),
        p.checkpointVersion() == null ? "none older than the cutoff" : p.checkpointVersion(),
        p.numFiles() + " files, " + Sizes.human(p.totalBytes()),
        p.oldestReachableVersionAfter() != null && !p.oldestReachableVersionAfter().equals(p.oldestReachableVersion())
            ? p.oldestReachableVersion() + " -> " + p.oldestReachableVersionAfter()
            : String.valueOf(p.oldestReachableVersion()),
        p.firstUnreachableVersion() == null ? "none"
            : p.firstUnreachableVersion().equals(p.lastUnreachableVersion()) ? "version " + p.firstUnreachableVersion()
            : "versions " + p.firstUnreachableVersion() + " to " + p.lastUnreachableVersion()));
    if (done) {
      names.addAll(List.of("numDeletedFiles", "bytesDeleted"));
      values.addAll(Arrays.asList(r.numDeletedFiles(), Sizes.human(r.bytesDeleted())));
    }
    names.add("elapsed");
    values.add(seconds(r.elapsedMillis()));
    List<List<Object>> rows = p.files().stream()
        .map(f -> Arrays.<Object>asList(f.name(), f.version(), f.kind().name().toLowerCase(Locale.ROOT), f.size(),
            f.modificationTime()))
        .toList();
    List<String> fileColumns = List.of("name", "version", "kind", "size", "modificationTime");
    List<Tabular> shown = new ArrayList<>();
    shown.add(Tabular.record(names, values));
    if (limit > 0 && !rows.isEmpty()) {
      String title = (done ? "deleted" : "would delete")
          + (rows.size() > limit ? " (first " + limit + " of " + rows.size() + "; -o json lists all)" : "");
      shown.add(Tabular.grid(fileColumns, rows.subList(0, Math.min(limit, rows.size()))).titled(title));
    }
    return new Rendered(r, shown, Tabular.grid(fileColumns, rows));
  }

  /** An age in the largest whole unit: {@code 3d}, {@code 5h}, {@code 12m}, {@code 40s}. */
  static String age(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      return "0s";
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
