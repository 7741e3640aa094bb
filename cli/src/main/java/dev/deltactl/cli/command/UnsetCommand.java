package dev.deltactl.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The shell's {@code unset}: drops a setting given with {@code set conf} or --conf. */
@Command(name = "unset", mixinStandardHelpOptions = true, description = "In the shell: drop a setting for the commands that follow.")
public final class UnsetCommand {
  @ParentCommand RootCommand root;

  @Command(name = "conf", description = "Drop a setting (a Spark SQL setting goes back to what it was)")
  void conf(@Parameters(paramLabel = "KEY") String key) {
    root.shellSettings().unset(key);
  }
}
