package dev.deltactl.cli.command;

import dev.deltactl.cli.output.FeatureViews;
import dev.deltactl.core.api.PurgeRequest;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Rewrite the data files that carry deletion vectors, so that the rows they mark deleted are physically"
          + " gone from the table's current files (REORG TABLE ... APPLY (PURGE)), for example for a data-erasure"
          + " request.",
      "The plan (the files, their deleted rows and bytes) is read from the log with Delta Kernel; a table where no"
          + " file carries a deletion vector gets no commit. The old files stay on storage until vacuum deletes them."
    })
final class PurgeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path of the table")
  String table;

  @Option(names = "--dry-run", order = 1, description = "Print the plan; rewrite nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    root.print(FeatureViews.purge(root.engine("purge").purge(new PurgeRequest(TableRef.parse(table), dryRun))));
    return 0;
  }
}
