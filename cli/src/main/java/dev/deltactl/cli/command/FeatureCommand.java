package dev.deltactl.cli.command;

import dev.deltactl.cli.output.FeatureViews;
import dev.deltactl.core.api.FeatureRequest;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "feature", mixinStandardHelpOptions = true,
    description = {
      "A table's protocol features: list them, or drop one (ALTER TABLE ... DROP FEATURE).",
      "list reads the log with Delta Kernel, without Spark. Features Delta Lake 4.4 can drop: catalogManaged,"
          + " checkConstraints, checkpointProtection, columnMapping, coordinatedCommits-preview, deletionVectors,"
          + " domainMetadata, geospatial, inCommitTimestamp, materializePartitionColumns, rowTracking, typeWidening,"
          + " v2Checkpoint, vacuumProtocolCheck."
    },
    subcommands = {FeatureCommand.ListFeatures.class, FeatureCommand.DropFeature.class})
final class FeatureCommand implements Runnable {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private int run(FeatureRequest request) {
    root.print(FeatureViews.of(root.engine("feature").feature(request)));
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
      description = "The protocol's minimum reader and writer versions and each feature (for a protocol below"
          + " reader 3 / writer 7, the features its versions imply): reader-writer or writer, the property that"
          + " enables it, what uses it, and whether and how Delta can drop it.")
  static final class ListFeatures implements Callable<Integer> {
    @ParentCommand FeatureCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Override
    public Integer call() {
      return parent.run(FeatureRequest.list(TableRef.parse(table)));
    }
  }

  @Command(name = "drop", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Drop a feature from the protocol (ALTER TABLE ... DROP FEATURE), after checking that the"
          + " table has it and that Delta can drop it; the plan says what Delta does.",
        "Delta first removes what uses the feature (deletion vectors: the files carrying one are rewritten). A"
            + " reader-writer feature is then dropped at once, behind 3 barrier checkpoints and the"
            + " checkpointProtection feature. With --truncate-history the first run stops after that clean-up"
            + " (exit 5) and the feature can be dropped by running again once"
            + " delta.dropFeatureTruncateHistory.retentionDuration (24 hours by default) has passed; the log"
            + " older than that is then deleted."})
  static final class DropFeature implements Callable<Integer> {
    @ParentCommand FeatureCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Parameters(index = "1", paramLabel = "NAME", description = "The feature, as feature list names it")
    String name;

    @Option(names = "--truncate-history", order = 1, description = "Delta's TRUNCATE HISTORY way: wait out the"
        + " retention, then delete the log older than it (no checkpointProtection feature is added)")
    boolean truncateHistory;

    @Option(names = "--dry-run", order = 2, description = "Check and print the plan; commit nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      return parent.run(FeatureRequest.drop(TableRef.parse(table), name, truncateHistory, dryRun));
    }
  }
}
