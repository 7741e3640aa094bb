package dev.deltactl.core.api;

/**
 * What a restore would change: the data files to add back and to remove, with their bytes, and the rows before
 * and after.
 */
public record RestorePlan(
    String table,
    long fromVersion,
    long toVersion,
    long filesToRestore,
    long bytesToRestore,
    long filesToRemove,
    long bytesToRemove,
    long rowsBefore,
    long rowsAfter) {}
