package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a table's commits, newest first, with their parameters and metrics.")
final class HistoryCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N commits (default: all)")
  Integer limit;

  @Override
  public Integer call() {
    TableRef ref = TableRef.parse(table);
    HistoryRequest request = new HistoryRequest(ref, limit);
    root.print(Views.history(root.engine("history").history(request)));
    return 0;
  }
}
