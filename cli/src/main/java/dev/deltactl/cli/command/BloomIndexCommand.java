package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexRequest.Action;
import dev.deltactl.core.api.BloomIndexRequest.BloomColumn;
import dev.deltactl.core.api.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bloom-index", mixinStandardHelpOptions = true,
    description = {
      "Bloom-filter indexes: point lookups (col = v, col IN (...)) skip the row groups whose filter rules the"
          + " value out.",
      "The definition is a table property (deltactl.bloomFilter.COL); every deltactl write into the table then"
          + " writes Parquet bloom filters for the indexed columns; build backfills the files written before."
    },
    subcommands = {BloomIndexCommand.Create.class, BloomIndexCommand.Build.class, BloomIndexCommand.Drop.class,
        BloomIndexCommand.Show.class})
final class BloomIndexCommand implements Runnable {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private int run(Action action, String table, List<BloomColumn> columns, String where, boolean dryRun) {
    BloomIndexRequest request = new BloomIndexRequest(action, TableRef.parse(table), columns, where, dryRun);
    root.print(Views.bloomIndex(root.engine("bloom-index").bloomIndex(request)));
    return 0;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Index columns: files written from now on carry bloom filters for them (build backfills the"
          + " others).",
        "Supported types: numeric, string, date, timestamp, binary."})
  static final class Create implements Callable<Integer> {
    @ParentCommand BloomIndexCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Option(names = "--column", paramLabel = "COL[:fpp=P][:num-items=N]", required = true, order = 1,
        description = "A column to index (repeatable), with its false-positive probability (default "
            + BloomIndexRequest.DEFAULT_FPP + ") and the most distinct values a file holds (default "
            + BloomIndexRequest.DEFAULT_NUM_ITEMS + "): each row group's filter is sized for that many at that"
            + " fpp (at most 1 MiB)")
    List<String> columns;

    @Override
    public Integer call() {
      List<BloomColumn> parsed = new ArrayList<>();
      columns.forEach(c -> parsed.add(BloomColumn.parse(c)));
      return parent.run(Action.CREATE, table, parsed, null, false);
    }
  }

  @Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Rewrite the files that lack a filter for an indexed column (no data change: readers and"
          + " streams see the same rows), so that the whole table is covered.",
        "Safe next to concurrent appends; a concurrent change to a file it rewrites fails it with exit 4."})
  static final class Build implements Callable<Integer> {
    @ParentCommand BloomIndexCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Option(names = "--where", paramLabel = "PREDICATE", order = 1,
        description = "Only the partitions matching this predicate on partition columns")
    String where;

    @Option(names = "--dry-run", order = 2, description = "Print the files to rewrite and their size; change nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      return parent.run(Action.BUILD, table, List.of(), where, dryRun);
    }
  }

  @Command(name = "drop", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Remove index definitions: files written from now on carry no filters for those columns (the"
          + " files that have them keep them, harmlessly).")
  static final class Drop implements Callable<Integer> {
    @ParentCommand BloomIndexCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Option(names = "--column", paramLabel = "COL", split = ",", order = 1,
        description = "The columns whose index goes (default: all)")
    List<String> columns = new ArrayList<>();

    @Override
    public Integer call() {
      return parent.run(Action.DROP, table, columns.stream().map(BloomColumn::parse).toList(), null, false);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Per indexed column: fpp, num-items, how many files and row groups carry a filter (coverage),"
          + " and the bytes the filters take.")
  static final class Show implements Callable<Integer> {
    @ParentCommand BloomIndexCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Override
    public Integer call() {
      return parent.run(Action.SHOW, table, List.of(), null, false);
    }
  }
}
