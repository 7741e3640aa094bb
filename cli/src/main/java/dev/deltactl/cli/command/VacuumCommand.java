package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.api.VacuumResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "vacuum", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Delete files the table no longer references and that are older than the retention.",
      "Checks the retention against the table's minimum first; plans with Delta's own dry run; deletes nothing"
          + " with --dry-run."
    })
final class VacuumCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--retain", paramLabel = "DURATION", order = 1,
      description = "Keep removed files this long: 168h, 7d, 30m (default: the table's"
          + " delta.deletedFileRetentionDuration, else 7d). Delta counts in whole hours.")
  String retain;

  @Option(names = "--dry-run", order = 2, description = "Print the plan (files, bytes, oldest readable version)"
      + " and delete nothing")
  boolean dryRun;

  @Option(names = "--force", order = 3,
      description = "Allow a retention below the table's minimum; the check is lifted for this run only")
  boolean force;

  @Option(names = "--mode", paramLabel = "MODE", order = 4, defaultValue = "FULL",
      description = "full lists the table's folders (finds untracked files too); lite reads the log instead"
          + " (${COMPLETION-CANDIDATES}, default: full)")
  VacuumRequest.Mode mode;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", order = 5, defaultValue = "20",
      description = "File paths shown in table format (default: ${DEFAULT-VALUE}; json has all of them)")
  int limit;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw dev.deltactl.core.error.DeltactlException.invalid("--limit must not be negative, got " + limit);
    }
    VacuumRequest request = new VacuumRequest(TableRef.parse(table),
        retain == null ? null : Durations.parse(retain, "--retain"), dryRun, force, mode);
    VacuumResult result = root.engine("vacuum").vacuum(request);
    root.print(Views.vacuum(result, limit));
    return 0;
  }
}
