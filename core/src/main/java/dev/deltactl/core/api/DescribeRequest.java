package dev.deltactl.core.api;

import java.util.Objects;

/** Describe a table: Delta's detail plus its schema. */
public record DescribeRequest(TableRef table) {
  public DescribeRequest {
    Objects.requireNonNull(table, "table").requireCurrent("describe");
  }
}
