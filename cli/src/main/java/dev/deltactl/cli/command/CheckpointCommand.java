package dev.deltactl.cli.command;

import dev.deltactl.cli.output.LogViews;
import dev.deltactl.core.api.CheckpointRequest;
import dev.deltactl.core.api.CheckpointResult;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "checkpoint", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Write a checkpoint of the table's latest version now, and point _delta_log/_last_checkpoint at it.",
      "Delta Kernel writes it in this process (classic checkpoint) when it reads the table here; Delta on Spark"
          + " writes it otherwise, and for tables with the v2Checkpoint feature. A version that has a checkpoint"
          + " already is left alone."
    })
final class CheckpointCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--dry-run", order = 1, description = "Print the plan (the version, the last checkpoint, its age,"
      + " commits since) and write nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    CheckpointRequest request = new CheckpointRequest(TableRef.parse(table), dryRun);
    CheckpointResult result = root.engine("checkpoint").checkpoint(request);
    root.print(LogViews.checkpoint(result, java.time.Instant.now()));
    return 0;
  }
}
