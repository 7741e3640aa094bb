package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.ConvertRequest;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.TableRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Turn a folder of Parquet files (or a Parquet table of the metastore) into a Delta table in place"
        + " with Delta's CONVERT TO DELTA: the files stay where they are and a log is written beside them. The plan"
        + " (files, bytes, partitions, schema) is checked and printed first.")
final class ConvertCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "PATH", description = "The folder of Parquet files, or a metastore name")
  String table;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
      description = "The format of the files: parquet (default: ${DEFAULT-VALUE})")
  SourceFormat format;

  @Option(names = "--partitioned-by", paramLabel = "\"COL TYPE, ...\"",
      description = "The columns of the partition folders (col=value) and their types, outermost first:"
          + " \"date DATE, region STRING\"")
  String partitionedBy;

  @Option(names = "--dry-run", description = "Print the plan and change nothing")
  boolean dryRun;

  @Option(names = "--no-statistics", description = "Do not read the files for statistics (faster; the table then"
      + " has none, and the number of rows is not known)")
  boolean noStatistics;

  @Override
  public Integer call() {
    root.print(Views.convert(root.engine("convert").convert(
        new ConvertRequest(TableRef.parse(table), format, partitionedBy, dryRun, noStatistics))));
    return 0;
  }
}
