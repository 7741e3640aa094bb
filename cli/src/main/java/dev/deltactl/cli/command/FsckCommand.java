package dev.deltactl.cli.command;

import dev.deltactl.cli.ExitCodes;
import dev.deltactl.cli.output.FsckView;
import dev.deltactl.core.api.FsckRequest;
import dev.deltactl.core.api.FsckResult;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "fsck", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Find the data files and deletion vector files the current version of a table references that storage no"
          + " longer has (deleted by hand, lost in a copy); with --verify also the data files that do not read as"
          + " Parquet.",
      "Reads the log with Delta Kernel (no Spark) and lists each folder of the table's files once. Changes nothing"
          + " unless --repair: then one commit removes exactly those entries (the rows of those files are gone"
          + " from the table; the other files read again). A table with nothing found gets no commit.",
      "Exit code: 0 when nothing is found or the repair is committed, 6 when a check without --repair finds"
          + " something."
    })
final class FsckCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path of the table")
  String table;

  @Option(names = "--verify", order = 1, description = "Also read the Parquet footer of every data file that is"
      + " there (one read per file: costs a request per file on an object store)")
  boolean verify;

  @Option(names = "--repair", order = 2, description = "Commit the removal of the entries of the files found, in"
      + " one commit (operation MANUAL UPDATE, named in its engineInfo); without it nothing is changed")
  boolean repair;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", order = 3, defaultValue = "20",
      description = "Files shown in table format (default: ${DEFAULT-VALUE}; json and csv have all of them)")
  int limit;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw dev.deltactl.core.error.DeltactlException.invalid("--limit must not be negative, got " + limit);
    }
    FsckResult result = root.engine("fsck").fsck(new FsckRequest(TableRef.parse(table), verify, repair));
    root.print(FsckView.of(result, limit));
    return result.status() == FsckResult.Status.PROBLEMS ? ExitCodes.POLICY : ExitCodes.OK;
  }
}
