package dev.deltactl.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (prepare-package): writes, from the command tree the CLI runs, the AsciiDoc sources of a man
 * page for every command and subcommand (turned into roff by Asciidoctor next) and the bash completion
 * script, which the distribution ships.
 */
public final class GenerateDocs {
  private GenerateDocs() {}

  public static void main(String[] args) throws IOException {
    Path adoc = Path.of(args[0]);
    Path completion = Path.of(args[1]);
    PrintStream sink = new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Cli.EngineFactory none = (config, notices) -> {
      throw new IllegalStateException("generating documentation must not open an engine");
    };
    CommandLine tree = Cli.commandLine(sink, sink, none, new Redactor());
    Files.createDirectories(adoc);
    int code = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], false, tree.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("man page generation failed with " + code);
    }
    Files.createDirectories(completion.getParent());
    Files.writeString(completion, AutoComplete.bash("deltactl", tree), StandardCharsets.UTF_8);
    File[] written = adoc.toFile().listFiles();
    System.out.println("wrote " + (written == null ? 0 : written.length) + " man page sources and " + completion);
  }
}
