package dev.deltactl.cli.command;

import dev.deltactl.core.api.SqlResult;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the commands that print a table's rows: which rows, which columns, how many, or the count. */
final class RowOptions {
  @Option(names = "--where", paramLabel = "PREDICATE", description = "Only the rows matching this predicate")
  String where;

  @Option(names = "--columns", paramLabel = "COL", split = ",", description = "Only these columns")
  List<String> columns = new ArrayList<>();

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
      description = "Show at most N rows, 0 for all (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--count", description = "Print only the number of rows")
  boolean count;

  /** Says on stderr that more rows exist than were printed. */
  void noteTruncated(RootCommand root, SqlResult rows) {
    if (rows != null && rows.truncated()) {
      root.note("showing the first " + limit + " rows; more exist (use --limit N, or --limit 0 for all)");
    }
  }
}
