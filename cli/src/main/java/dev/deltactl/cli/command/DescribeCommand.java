package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a table's detail (location, files, size, properties, protocol and features) and schema.")
final class DescribeCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Override
  public Integer call() {
    TableRef ref = TableRef.parse(table);
    root.print(Views.describe(root.engine("describe").describe(new DescribeRequest(ref))));
    return 0;
  }
}
