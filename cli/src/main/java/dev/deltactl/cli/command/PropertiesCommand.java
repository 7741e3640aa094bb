package dev.deltactl.cli.command;

import dev.deltactl.cli.output.PropertiesViews;
import dev.deltactl.core.api.PropertiesRequest;
import dev.deltactl.core.api.TableRef;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "properties", mixinStandardHelpOptions = true,
    description = {
      "A table's properties: list them, set or unset some.",
      "Delta's keys (delta.*) and values are checked before anything is committed, as Delta Lake 4.4 checks them;"
          + " an unknown delta.* key is refused naming the nearest known one. deltactl's keys: deltactl.zorder.by"
          + " (Z-order columns for maintenance), deltactl.policy.<key> (health policy overrides). Keys of other"
          + " namespaces are yours and pass as they are."
    },
    subcommands = {PropertiesCommand.ListProperties.class, PropertiesCommand.SetProperties.class,
        PropertiesCommand.UnsetProperties.class})
final class PropertiesCommand implements Runnable {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private int run(PropertiesRequest request) {
    root.print(PropertiesViews.of(root.engine("properties").properties(request)));
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
      description = "The table's properties (its log's metadata configuration), each with its namespace: delta,"
          + " deltactl or other.")
  static final class ListProperties implements Callable<Integer> {
    @ParentCommand PropertiesCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Option(names = "--all", order = 1, description = "Also Delta's defaults of the known keys the table does not"
        + " set (source: default)")
    boolean all;

    @Override
    public Integer call() {
      return parent.run(PropertiesRequest.list(TableRef.parse(table), all));
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Set properties in one commit (ALTER TABLE ... SET TBLPROPERTIES), after checking every key"
          + " and value; only the keys whose value changes are committed.",
        "A property that needs a newer protocol (deletion vectors, change data feed, column mapping, row"
            + " tracking, ...) upgrades it in the same commit, as Delta does; the plan names the upgrade."})
  static final class SetProperties implements Callable<Integer> {
    @ParentCommand PropertiesCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE", description = "The properties to set")
    List<String> assignments;

    @Option(names = "--dry-run", order = 1, description = "Check and print the change; commit nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      return parent.run(PropertiesRequest.set(TableRef.parse(table), PropertiesRequest.parseAssignments(assignments),
          dryRun));
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Remove properties in one commit (ALTER TABLE ... UNSET TBLPROPERTIES); keys the table does not"
          + " set are skipped.")
  static final class UnsetProperties implements Callable<Integer> {
    @ParentCommand PropertiesCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "The properties to remove")
    List<String> keys;

    @Option(names = "--dry-run", order = 1, description = "Check and print the change; commit nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      return parent.run(PropertiesRequest.unset(TableRef.parse(table), keys, dryRun));
    }
  }
}
