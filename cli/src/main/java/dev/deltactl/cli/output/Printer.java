package dev.deltactl.cli.output;

import java.io.PrintStream;

/** Prints results in one output format. */
public interface Printer {
  void print(Rendered result, PrintStream out);

  static Printer of(OutputFormat format) {
    return switch (format) {
      case TABLE -> new TablePrinter();
      case JSON -> new JsonPrinter();
      case CSV -> new CsvPrinter();
    };
  }
}
