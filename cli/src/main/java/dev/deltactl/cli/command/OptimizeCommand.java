package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Compact small files into larger ones (bin-packing), or Z-order with --zorder-by.",
      "Plans first from the current snapshot; a table that is already compact is left without a commit.",
      "On a clustered table (create --cluster-by, cluster-by) it clusters incrementally by the clustering columns;"
          + " --full reclusters everything."
    })
final class OptimizeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin OptimizeOptions options;

  @Option(names = "--min-file-size", paramLabel = "SIZE", order = 12,
      description = "Files at or above this size are left alone (default: Delta's optimize.minFileSize, 1g)")
  String minFileSize;

  @Option(names = "--zorder-by", paramLabel = "COL", split = ",", order = 13,
      description = "Z-order by these columns (as the zorder command)")
  List<String> zOrderBy = new ArrayList<>();

  @Option(names = "--full", order = 14,
      description = "On a clustered table, recluster every file (OPTIMIZE ... FULL), not only what an incremental run"
          + " picks; the plan (--dry-run) says how many files and bytes it rewrites")
  boolean full;

  @Override
  public Integer call() {
    return root.optimize(options.request(zOrderBy, minFileSize, full));
  }
}
