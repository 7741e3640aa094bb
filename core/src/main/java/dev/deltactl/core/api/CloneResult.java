package dev.deltactl.core.api;

/** The clone: which version of which source, how, and the new table as describe shows it. */
public record CloneResult(String source, long sourceVersion, boolean shallow, TableDetail target) {}
