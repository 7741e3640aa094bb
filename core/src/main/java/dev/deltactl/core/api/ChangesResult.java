package dev.deltactl.core.api;

/**
 * The change rows of a range of versions: the table's columns and {@code _change_type} (insert, delete,
 * update_preimage, update_postimage), {@code _commit_version} and {@code _commit_timestamp}.
 *
 * @param fromVersion the first version read
 * @param toVersion the last version read
 * @param count the number of change rows, when only the count was asked for; else null
 * @param rows the change rows in commit order, unless only the count was asked for
 */
public record ChangesResult(String table, long fromVersion, long toVersion, Long count, SqlResult rows) {}
