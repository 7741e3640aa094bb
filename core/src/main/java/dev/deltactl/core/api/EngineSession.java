package dev.deltactl.core.api;

/**
 * What a shell does with an engine it keeps open from one command to the next, apart from the table
 * operations of {@link Engine}: apply changed settings, offer table names to complete, cancel, warm up.
 * An engine without a session of its own does none of it ({@link #of}).
 */
public interface EngineSession {
  /** The session of an engine: its own when it has one, otherwise one that does nothing. */
  static EngineSession of(Engine engine) {
    return engine instanceof EngineSession s ? s : new EngineSession() {};
  }

  /**
   * Applies other settings to the open engine for the commands that follow (the shell's {@code set conf});
   * false when it cannot, and a new engine is needed. None can by default.
   */
  default boolean reconfigure(java.util.Map<String, String> previous, java.util.Map<String, String> next) {
    return false;
  }

  /**
   * The metastore's table names ({@code db.name}, and bare names in the current database), for completion: only when the engine has the metastore
   * open already (completion never starts it); empty otherwise.
   */
  default java.util.List<String> tableNames() {
    return java.util.List.of();
  }

  /**
   * Cancels what runs now (another thread asks: Ctrl-C in the shell). A commit is atomic, so a cancelled
   * command leaves its table as it was, or committed whole. Nothing to do by default.
   */
  default void cancel() {}

  /**
   * One round of work on a scratch table of its own (written, compacted, read, then deleted), so that the
   * JVM compiles the code the next commands run: a shell calls it while the user types. Only an engine
   * whose session is open already and runs in this process. To stop it, set what {@code stop} answers and
   * call {@link #cancel()}: it ends after the step it is in. Returns false when there is nothing to warm
   * (the default) or it was stopped.
   */
  default boolean warmUp(java.util.function.BooleanSupplier stop) {
    return false;
  }

  /**
   * Deletes what this process's warm-up rounds left (a stopped round's folder that a straggling write made
   * again after the round deleted it). Call it when no round runs: after the last one has ended.
   */
  default void endWarmUps() {}

}
