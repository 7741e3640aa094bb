package dev.deltactl.core.api;

/** One top-level column: its name, its type in SQL syntax ({@code BIGINT}, {@code STRUCT<a: INT>}), nullability and comment. */
public record ColumnInfo(String name, String type, boolean nullable, String comment) {}
