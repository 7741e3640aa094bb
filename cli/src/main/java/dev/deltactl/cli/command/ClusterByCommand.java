package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.ClusterByRequest;
import dev.deltactl.core.api.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cluster-by", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Change a table's liquid clustering columns (ALTER TABLE ... CLUSTER BY), or stop clustering it with --none.",
      "Files already written keep their layout: the next optimize clusters by the new columns (optimize --full"
          + " reclusters every file). A table without partitions that is not clustered becomes clustered.",
      "Columns must be numbers, strings, dates or timestamps that Delta collects statistics for; at most 4."
    })
final class ClusterByCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--by", paramLabel = "COL", split = ",", order = 1,
      description = "The new clustering columns, most filtered first")
  List<String> by = new ArrayList<>();

  @Option(names = "--none", order = 2, description = "Remove the clustering columns (CLUSTER BY NONE)")
  boolean none;

  @Option(names = "--dry-run", order = 3, description = "Check and print the columns before and after; commit nothing")
  boolean dryRun;

  @Override
  public Integer call() {
    ClusterByRequest request = new ClusterByRequest(TableRef.parse(table), by, none, dryRun);
    root.print(Views.clusterBy(root.engine("cluster-by").clusterBy(request)));
    return 0;
  }
}
