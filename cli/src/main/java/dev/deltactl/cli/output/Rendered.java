package dev.deltactl.cli.output;

import java.util.List;

/**
 * A result ready to print in every format.
 *
 * @param json the whole result, serialised as one JSON document
 * @param tables what the table format shows, in order
 * @param flat what CSV prints: one header and rows, every value complete
 */
public record Rendered(Object json, List<Tabular> tables, Tabular flat) {
  public Rendered {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a result needs at least one table");
    }
  }

  /** A result shown the same way in table and CSV formats. */
  public Rendered(Object json, Tabular table) {
    this(json, List.of(table), table);
  }
}
