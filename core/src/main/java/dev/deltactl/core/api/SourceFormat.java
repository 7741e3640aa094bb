package dev.deltactl.core.api;

import java.util.Locale;

/** File formats deltactl reads from: the names of Spark's built-in data sources. */
public enum SourceFormat {
  CSV,
  JSON,
  PARQUET,
  ORC,
  AVRO,
  TEXT;

  /** The Spark data source name. */
  public String sourceName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Text formats, whose records can fail to parse one by one (Spark's PERMISSIVE mode reads past them). */
  public boolean textual() {
    return this == CSV || this == JSON;
  }

  @Override
  public String toString() {
    return sourceName();
  }
}
