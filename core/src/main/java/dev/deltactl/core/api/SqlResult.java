package dev.deltactl.core.api;

import java.util.List;

/**
 * The rows a statement returned. Values are plain Java: {@code String}, {@code Long}, {@code Integer},
 * {@code Double}, {@code BigDecimal}, {@code Boolean}, {@code Instant}, {@code LocalDate}, {@code byte[]},
 * {@code List}, {@code Map} (structs as maps in field order), or null.
 *
 * @param truncated true when the statement returned more rows than were asked for
 */
public record SqlResult(List<ColumnInfo> columns, List<List<Object>> rows, boolean truncated) {}
