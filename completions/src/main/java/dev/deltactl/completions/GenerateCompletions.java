package dev.deltactl.completions;

import dev.deltactl.cli.Cli;
import dev.deltactl.cli.Redactor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes {@code deltactl_completion.bash} (also usable from zsh with {@code bashcompinit}) from the same
 * command tree the CLI runs.
 */
public final class GenerateCompletions {
  private GenerateCompletions() {}

  /** The command tree as the CLI builds it; generating completion never opens an engine. */
  static CommandLine commandTree() {
    PrintStream sink = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Cli.EngineFactory none = (config, notices) -> {
      throw new IllegalStateException("completion generation must not open an engine");
    };
    return Cli.commandLine(sink, sink, none, new Redactor());
  }

  static String bash() {
    return AutoComplete.bash("deltactl", commandTree());
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/completions");
    Files.createDirectories(dir);
    Path bash = dir.resolve("deltactl_completion.bash");
    Files.writeString(bash, bash(), StandardCharsets.UTF_8);
    System.out.println("wrote " + bash);
  }

}
