package dev.deltactl.cli.output;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
final class CsvPrinter implements Printer {
  @Override
  public void print(Rendered result, PrintStream out) {
    Tabular t = result.flat();
    StringBuilder b = new StringBuilder();
    line(b, t.columns().stream().map(c -> (Object) c).toList());
    for (List<Object> row : t.rows()) {
      line(b, row);
    }
    out.print(b);
    out.flush();
  }

  static void line(StringBuilder b, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(field(values.get(i)));
    }
    b.append("\r\n");
  }

  static String field(Object v) {
    String s = v instanceof Map<?, ?> || v instanceof List<?> ? JsonPrinter.toJson(v) : Cells.scalar(v);
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
