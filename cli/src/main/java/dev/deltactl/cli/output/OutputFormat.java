package dev.deltactl.cli.output;

import java.util.Locale;

/** How results are printed on stdout. */
public enum OutputFormat {
  /** Aligned columns with a header, like a SQL shell; wide values summarised. */
  TABLE,
  /** One JSON document per result, complete, camelCase keys, ISO-8601 UTC timestamps. */
  JSON,
  /** RFC 4180 with a header row. */
  CSV;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
