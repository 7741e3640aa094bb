package dev.deltactl.cli.command;

import dev.deltactl.cli.output.FilesView;
import dev.deltactl.core.api.FileSort;
import dev.deltactl.core.api.FilesRequest;
import dev.deltactl.core.api.FilesResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "files", sortOptions = false,
    description = "List the data files of a version of a table, read from its log without Spark: path, size,"
        + " modification time, partition values, records, deleted rows and per-column min/max/null counts"
        + " (-o json or -o csv), with totals.")
final class FilesCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  // not mixinStandardHelpOptions: its -V/--version would clash with --version N, and picocli then drops -h too
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE",
      description = "Path of the table, optionally @vN or @yyyyMMddHHmmssSSS")
  String table;

  @ArgGroup(exclusive = true)
  TimeTravelCommand.At at;

  @Option(names = "--where", paramLabel = "PREDICATE",
      description = "Only the files whose partition values match: col = 'v', col IN ('a', 'b'), <, <=, >, >=, !=,"
          + " IS [NOT] NULL, joined by AND, OR, NOT")
  String where;

  @Option(names = "--sort", paramLabel = "KEY", defaultValue = "path",
      description = "Order: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  FileSort sort;

  @Option(names = "--desc", description = "Largest (or newest, or last path) first")
  boolean desc;

  @Option(names = {"-n", "--limit"}, paramLabel = "N",
      description = "At most N files, the first in that order (default: all); the totals count every file")
  Integer limit;

  @Option(names = "--bloom",
      description = "Also read each listed file's Parquet footer (one read per file) and show the columns whose"
          + " every row group carries a bloom filter (bloomFilterColumns)")
  boolean bloom;

  @Override
  public Integer call() {
    TableRef ref = TableRef.parse(table);
    VersionSpec spec = VersionSpec.of(ref, at == null ? null : at.version, at == null ? null : at.timestamp);
    FilesResult result = root.engine("files").files(new FilesRequest(ref, spec, where, sort, desc, limit, bloom));
    FilesView.print(result, root.output, root.out());
    if (result.files().size() < result.totals().files()) {
      root.note("listed " + result.files().size() + " of " + result.totals().files() + " files (--limit)");
    }
    return 0;
  }
}
