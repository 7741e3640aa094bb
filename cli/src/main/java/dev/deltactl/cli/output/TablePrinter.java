package dev.deltactl.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns with a header, in the style of a SQL shell. Numbers are right-aligned; values wider than
 * {@link #MAX_WIDTH} are cut with an ellipsis (use {@code -o json} for the whole value).
 */
final class TablePrinter implements Printer {
  static final int MAX_WIDTH = 60;

  @Override
  public void print(Rendered result, PrintStream out) {
    boolean first = true;
    for (Tabular t : result.tables()) {
      if (!first) {
        out.println();
      }
      first = false;
      if (t.title() != null) {
        out.println(t.title());
      }
      if (t.vertical()) {
        printVertical(t, out);
      } else {
        printGrid(t, out);
      }
    }
    out.flush();
  }

  private static void printVertical(Tabular t, PrintStream out) {
    int width = t.columns().stream().mapToInt(String::length).max().orElse(0);
    for (List<Object> row : t.rows()) {
      for (int i = 0; i < t.columns().size(); i++) {
        String value = Cells.human(row.get(i));
        out.println((pad(t.columns().get(i), width) + "  " + value).stripTrailing());
      }
    }
  }

  private static void printGrid(Tabular t, PrintStream out) {
    int n = t.columns().size();
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = t.columns().get(i).length();
      numeric[i] = !t.rows().isEmpty();
    }
    for (List<Object> row : t.rows()) {
      String[] line = new String[n];
      for (int i = 0; i < n; i++) {
        Object v = row.get(i);
        line[i] = cut(Cells.human(v));
        width[i] = Math.max(width[i], line[i].length());
        if (v != null && !(v instanceof Number)) {
          numeric[i] = false;
        }
      }
      cells.add(line);
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        header.append(" | ");
        rule.append("-+-");
      }
      header.append(pad(t.columns().get(i), width[i]));
      rule.append("-".repeat(width[i]));
    }
    out.println(header.toString().stripTrailing());
    out.println(rule);
    for (String[] line : cells) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(" | ");
        }
        b.append(numeric[i] ? padLeft(line[i], width[i]) : pad(line[i], width[i]));
      }
      out.println(b.toString().stripTrailing());
    }
    out.println("(" + t.rows().size() + (t.rows().size() == 1 ? " row)" : " rows)"));
  }

  private static String cut(String s) {
    String oneLine = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    return oneLine.length() <= MAX_WIDTH ? oneLine : oneLine.substring(0, MAX_WIDTH - 1) + "…";
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
  }
}
