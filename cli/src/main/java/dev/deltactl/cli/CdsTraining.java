package dev.deltactl.cli;

import dev.deltactl.core.engine.Engines;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs the commands that must start fast (the metadata commands, help, errors) once on a table, in one
 * JVM, so that the build can record the classes they load in a class-data sharing archive
 * ({@code -XX:ArchiveClassesAtExit}) that the launcher then maps instead of loading them again.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) {
    String table = args[0];
    Main.configureLogging(new String[0]);
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    List<List<String>> runs = List.of(
        List.of("describe", table),
        List.of("history", table, "-o", "json"),
        List.of("history", table, "-n", "2", "-o", "csv"),
        List.of("time-travel", "versions", table),
        List.of("describe", table + "/no-such-table"),
        List.of("--help"),
        List.of("--version"));
    for (List<String> run : runs) {
      Cli.run(run.toArray(String[]::new), sink, sink, Engines::open, new Redactor());
    }
  }
}
