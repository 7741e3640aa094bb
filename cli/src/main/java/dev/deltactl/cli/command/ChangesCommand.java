package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.ChangesRequest;
import dev.deltactl.core.api.ChangesResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "changes", mixinStandardHelpOptions = true, sortOptions = false,
    description = "The rows Delta's change data feed recorded between two versions (table_changes): the table's"
        + " columns with _change_type (insert, delete, update_preimage, update_postimage), _commit_version and"
        + " _commit_timestamp. The table needs delta.enableChangeDataFeed over the whole range.")
final class ChangesCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--from", paramLabel = "V|TS", required = true,
      description = "The first version, or the first commit at or after a timestamp: 2026-11-20,"
          + " 2026-11-20T16:30:00, '2026-11-20 16:30:00' (UTC unless an offset or Z is given)")
  String from;

  @Option(names = "--to", paramLabel = "V|TS",
      description = "The last version, or the last commit at or before a timestamp (default: the latest)")
  String to;

  @Mixin RowOptions rows;

  @Override
  public Integer call() {
    TableRef ref = TableRef.parse(table);
    if (ref.hasTimeTravel()) {
      throw dev.deltactl.core.error.DeltactlException.invalid(
          "changes take --from and --to; drop the suffix of '" + ref.display() + "'");
    }
    ChangesResult result = root.engine("changes").changes(new ChangesRequest(ref, VersionSpec.parse("--from", from),
        to == null ? VersionSpec.latest() : VersionSpec.parse("--to", to), rows.where, rows.columns, rows.limit,
        rows.count));
    root.print(Views.changes(result));
    rows.noteTruncated(root, result.rows());
    return 0;
  }
}
