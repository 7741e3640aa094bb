package dev.deltactl.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "zorder", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Cluster a table's files by several columns (Z-order) so that filters on any of them skip files.",
      "Columns must be data columns with statistics; more than 4 weakens locality."
    })
final class ZorderCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin OptimizeOptions options;

  @Option(names = "--by", paramLabel = "COL", split = ",", required = true, order = 1,
      description = "The columns to Z-order by, most filtered first")
  List<String> by;

  @Override
  public Integer call() {
    return root.optimize(options.request(by, null));
  }
}
