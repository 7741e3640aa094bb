package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.SqlRequest;
import dev.deltactl.core.api.SqlResult;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run one Spark SQL statement (Delta SQL included) and print its rows.")
final class SqlCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(arity = "1..*", paramLabel = "STATEMENT",
      description = "The statement; several words are joined with spaces. Quote it for the shell; in deltactl shell,"
          + " the rest of the line after sql and its options is the statement as typed.")
  List<String> statement;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
      description = "Show at most N rows, 0 for all (default: ${DEFAULT-VALUE}); a note says when more exist")
  int limit;

  @Override
  public Integer call() {
    SqlRequest request = new SqlRequest(String.join(" ", statement), limit);
    SqlResult result = root.engine("sql").sql(request);
    root.print(Views.sql(result));
    if (result.truncated()) {
      root.note("showing the first " + limit + " rows; more exist (use --limit N, or --limit 0 for all)");
    }
    return 0;
  }
}
