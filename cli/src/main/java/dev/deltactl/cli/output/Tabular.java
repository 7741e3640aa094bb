package dev.deltactl.cli.output;

import java.util.List;

/**
 * Rows to print as a table or CSV. Cells are plain values (strings, numbers, booleans, instants, lists,
 * maps); each printer formats them its own way.
 *
 * @param title shown above the table when a result has several; may be null
 * @param vertical print as "column value" lines (one record) instead of a grid
 */
public record Tabular(String title, List<String> columns, List<List<Object>> rows, boolean vertical) {
  public static Tabular grid(List<String> columns, List<List<Object>> rows) {
    return new Tabular(null, columns, rows, false);
  }

  /** One record shown as aligned "name value" lines. */
  public static Tabular record(List<String> columns, List<Object> values) {
    return new Tabular(null, columns, List.of(values), true);
  }

  public Tabular titled(String t) {
    return new Tabular(t, columns, rows, vertical);
  }
}
