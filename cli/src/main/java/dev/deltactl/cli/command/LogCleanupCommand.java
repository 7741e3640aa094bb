package dev.deltactl.cli.command;

import dev.deltactl.cli.output.LogViews;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.LogCleanupRequest;
import dev.deltactl.core.api.LogCleanupResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "log-cleanup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Delete the _delta_log commit, checkpoint and checksum files older than the log retention that no kept"
          + " version needs.",
      "Decides as Delta's expired-log cleanup does: only files of versions before the newest checkpoint older"
          + " than the cutoff (now - retention, at midnight UTC); never the latest checkpoint. The plan names the"
          + " versions that stop being reachable by time travel; --dry-run deletes nothing."
    })
final class LogCleanupCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--retain", paramLabel = "DURATION", order = 1,
      description = "Keep log files this long: 720h, 30d (default: the table's delta.logRetentionDuration, else"
          + " 30d); may only lengthen the table's unless --force")
  String retain;

  @Option(names = "--dry-run", order = 2, description = "Print the plan (files, bytes, versions no longer"
      + " reachable) and delete nothing")
  boolean dryRun;

  @Option(names = "--force", order = 3, description = "Allow a retention below the table's, or a table with"
      + " delta.enableExpiredLogCleanup=false, for this run only")
  boolean force;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", order = 4, defaultValue = "20",
      description = "File names shown in table format (default: ${DEFAULT-VALUE}; json has all of them)")
  int limit;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw DeltactlException.invalid("--limit must not be negative, got " + limit);
    }
    LogCleanupRequest request = new LogCleanupRequest(TableRef.parse(table),
        retain == null ? null : Durations.parse(retain, "--retain"), dryRun, force);
    LogCleanupResult result = root.engine("log-cleanup").logCleanup(request);
    root.print(LogViews.logCleanup(result, limit));
    return 0;
  }
}
