package dev.deltactl.cli.command;

import dev.deltactl.cli.Shell;
import java.util.ArrayList;
import java.util.List;
import dev.deltactl.core.error.DeltactlException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "An interactive shell on the same commands, with one Spark session kept warm from one command to the next"
          + " (started on the first command that needs it).",
      "Global options given here apply to every command; inside, 'set output json', 'set conf KEY=VALUE',"
          + " 'set master URL', 'unset conf KEY', 'set timing on' (the wall time of each command) and 'set' change or show them. Tab completes commands, options,"
          + " values, paths and column names; Ctrl-R searches the history; a line ending with \\ or an open quote"
          + " continues on the next; Ctrl-C cancels the running command, Ctrl-D or exit leaves.",
      "Words are quoted as in a POSIX shell ('...' as typed, \"...\" with \\ escapes, # a comment), but after"
          + " 'sql' and its options the rest of the line is the statement as typed: sql SELECT 'x' FROM"
          + " delta.`/t`. A statement quoted as one word (sql \"SELECT ...\" -o csv) is unquoted, as in a"
          + " one-shot command.",
      "Without a terminal it reads commands line by line (a script) and stops at the first that fails, with"
          + " its exit code; a quote left open at the end of the script is an error (exit code 2) naming its line."
    })
final class ShellCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(names = "--continue-on-error", order = 1,
      description = "In a script: go on after a command fails (the exit code is then the last failure's)")
  boolean continueOnError;

  @Override
  public Integer call() throws Exception {
    List<String> flags = new ArrayList<>();
    if (root.quiet) {
      flags.add("-q");
    }
    for (int i = 0; i < root.verbosity; i++) {
      flags.add("-v");
    }
    if (root.debug) {
      flags.add("--debug");
    }
    if (root.noProgress) {
      flags.add("--no-progress");
    }
    if (root.profile != null) {
      flags.addAll(List.of("--profile", root.profile));
    }
    if (root.connectTimeout != null) {
      flags.addAll(List.of("--connect-timeout", root.connectTimeout));
    }
    if (root.shellSettings() != null) {
      throw DeltactlException.invalid("already in the shell");
    }
    String master = root.effectiveMaster();
    // each command of the shell names its engine with --master (an sc:// URL too): the shell's own --remote
    // would otherwise stay set and conflict with it
    root.remote = null;
    return new Shell(root, new ShellSettings(master, root.conf, root.output, flags)).run(continueOnError);
  }
}
