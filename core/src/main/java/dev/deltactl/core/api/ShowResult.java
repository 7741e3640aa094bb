package dev.deltactl.core.api;

import java.time.Instant;

/**
 * Rows of a table as of a version.
 *
 * @param version the version read
 * @param timestamp its commit timestamp
 * @param count the number of rows, when only the count was asked for; else null
 * @param rows the rows, unless only the count was asked for
 */
public record ShowResult(String table, long version, Instant timestamp, Long count, SqlResult rows) {}
