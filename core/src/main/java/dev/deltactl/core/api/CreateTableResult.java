package dev.deltactl.core.api;

/** What {@code create} did, and the table as it is now. */
public record CreateTableResult(Action action, TableDetail table) {

  /** What happened to the target. */
  public enum Action {
    CREATED,
    REPLACED,
    /** It existed and {@code IF_NOT_EXISTS} left it unchanged. */
    ALREADY_EXISTS
  }
}
