package dev.deltactl.cli.command;

import dev.deltactl.core.api.VersionsRequest;
import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.CloneRequest;
import dev.deltactl.core.api.CloneResult;
import dev.deltactl.core.api.DiffRequest;
import dev.deltactl.core.api.DiffResult;
import dev.deltactl.core.api.RestoreRequest;
import dev.deltactl.core.api.RestoreResult;
import dev.deltactl.core.api.ShowRequest;
import dev.deltactl.core.api.ShowResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "time-travel", mixinStandardHelpOptions = true,
    description = "Read a table as of a version or a timestamp.",
    subcommands = {TimeTravelCommand.Versions.class, TimeTravelCommand.Show.class, TimeTravelCommand.Restore.class,
        TimeTravelCommand.Diff.class, TimeTravelCommand.Clone.class})
final class TimeTravelCommand implements Runnable {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** --version N or --timestamp TS, at most one (or the table's @ suffix). */
  static final class At {
    @Option(names = "--version", paramLabel = "N", description = "The table as of version N")
    Long version;

    @Option(names = "--timestamp", paramLabel = "TS",
        description = "The table as of the commit in effect at TS: 2026-11-20, 2026-11-20T16:30:00,"
            + " '2026-11-20 16:30:00' (UTC unless an offset or Z is given)")
    String timestamp;
  }

  @Command(name = "versions", mixinStandardHelpOptions = true,
      description = "The versions that can be travelled to: version, timestamp, operation, and whether its data"
          + " files are still there.")
  static final class Versions implements Callable<Integer> {
    @ParentCommand TimeTravelCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Option(names = {"-n", "--limit"}, paramLabel = "N",
        description = "Only the newest N versions (read from the snapshot of the first of them: the cost does not"
            + " grow with the log)")
    Integer limit;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      root.print(Views.versions(root.engine("time-travel versions")
          .versions(new VersionsRequest(TableRef.parse(table), limit))));
      return 0;
    }
  }

  @Command(name = "show", sortOptions = false,
      description = "The rows of a table as of a version or timestamp (or TABLE@v12, TABLE@20261120163000000).")
  static final class Show implements Callable<Integer> {
    // not mixinStandardHelpOptions: its -V/--version would clash with --version N, and picocli then drops -h too
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @ParentCommand TimeTravelCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table, optionally @vN")
    String table;

    @ArgGroup(exclusive = true)
    At at;

    @Mixin RowOptions rows;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      TableRef ref = TableRef.parse(table);
      VersionSpec spec = VersionSpec.of(ref, at == null ? null : at.version, at == null ? null : at.timestamp);
      ShowResult result = root.engine("time-travel show")
          .show(new ShowRequest(ref, spec, rows.where, rows.columns, rows.limit, rows.count));
      root.print(Views.show(result));
      rows.noteTruncated(root, result.rows());
      return 0;
    }
  }

  @Command(name = "restore", sortOptions = false,
      description = "Restore the table to an earlier version with Delta's RESTORE (a new commit; history is kept).")
  static final class Restore implements Callable<Integer> {
    // not mixinStandardHelpOptions: its -V/--version would clash with --version N, and picocli then drops -h too
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @ParentCommand TimeTravelCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table, optionally @vN")
    String table;

    @ArgGroup(exclusive = true)
    At at;

    @Option(names = "--dry-run", description = "Print the plan (files to restore and remove, bytes, rows before and"
        + " after) and change nothing")
    boolean dryRun;

    @Option(names = "--message", paramLabel = "TEXT", description = "Why: stored as the commit's userMetadata")
    String message;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      TableRef ref = TableRef.parse(table);
      VersionSpec spec = VersionSpec.of(ref, at == null ? null : at.version, at == null ? null : at.timestamp);
      RestoreResult result = root.engine("time-travel restore")
          .restore(new RestoreRequest(ref.current(), spec, dryRun, message));
      root.print(Views.restore(result));
      return 0;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
      description = "What changed between two versions: files added and removed with bytes, rows at both ends,"
          + " rows added and removed, and the commits in between.")
  static final class Diff implements Callable<Integer> {
    @ParentCommand TimeTravelCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
    String table;

    @Option(names = "--from", paramLabel = "V1", required = true, description = "The earlier version")
    long from;

    @Option(names = "--to", paramLabel = "V2", description = "The later version (default: the latest)")
    Long to;

    @Option(names = "--key", paramLabel = "COL", split = ",",
        description = "Columns that identify a row; without it whole rows are compared")
    List<String> key = new ArrayList<>();

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      TableRef ref = TableRef.parse(table);
      if (ref.hasTimeTravel()) {
        throw dev.deltactl.core.error.DeltactlException.invalid(
            "diff takes --from and --to; drop the suffix of '" + ref.display() + "'");
      }
      DiffResult result = root.engine("time-travel diff").diff(new DiffRequest(ref, new VersionSpec(from, null),
          to == null ? VersionSpec.latest() : new VersionSpec(to, null), key));
      root.print(Views.diff(result));
      return 0;
    }
  }

  @Command(name = "clone", sortOptions = false,
      description = "Write a version of a table as a new table: a deep copy of its files by default, or a shallow"
          + " clone that references them.")
  static final class Clone implements Callable<Integer> {
    // not mixinStandardHelpOptions: its -V/--version would clash with --version N, and picocli then drops -h too
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @ParentCommand TimeTravelCommand parent;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the source, optionally @vN")
    String table;

    @ArgGroup(exclusive = true)
    At at;

    @Option(names = "--to", paramLabel = "TARGET", required = true, description = "Path or name of the new table")
    String to;

    @Option(names = "--shallow", description = "Reference the source's files instead of copying them")
    boolean shallow;

    @Option(names = "--replace", description = "Replace an existing target instead of refusing it")
    boolean replace;

    @Override
    public Integer call() {
      RootCommand root = parent.root;
      TableRef ref = TableRef.parse(table);
      VersionSpec spec = VersionSpec.of(ref, at == null ? null : at.version, at == null ? null : at.timestamp);
      CloneResult result = root.engine("time-travel clone")
          .cloneTable(new CloneRequest(ref.current(), spec, TableRef.parse(to), shallow, replace));
      root.print(Views.cloned(result));
      return 0;
    }
  }
}
